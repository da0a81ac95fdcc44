/**
 * Issue 12's side: a stored prompt that renders to exactly the bench's own messages, called by
 * reference, against the same messages sent inline. The upstream gets the same bytes either way,
 * so the pair measures what resolving and rendering the prompt in `prepare` costs.
 */
import { BENCH_MODEL } from './processes.js';
import type { Target } from './workload.js';

/** The stored prompt's id. */
export const BENCH_PROMPT = 'bench-hello';

/** Pushes the bench prompt (global, open mode on loopback) and labels it production; checks one call resolves it. */
export async function pushBenchPrompt(gateway: Target): Promise<void> {
  const pushed = await fetch(`${gateway.origin}/admin/v1/prompts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: BENCH_PROMPT,
      label: 'production',
      message: 'bench',
      template: {
        model: BENCH_MODEL,
        messages: [
          { role: 'system', content: 'You are a terse assistant.' },
          { role: 'user', content: 'Say hello to {{who}} in a few words.' },
        ],
        variables: { who: { type: 'string' } },
      },
    }),
  });
  if (!pushed.ok) throw new Error(`pushing the bench prompt failed: ${pushed.status} ${await pushed.text()}`);
  const probe = promptTarget(gateway);
  const answer = await fetch(probe.url, { method: 'POST', headers: probe.headers, body: probe.body });
  await answer.arrayBuffer();
  if (answer.status !== 200 || answer.headers.get('x-switchboard-prompt-version') === null)
    throw new Error(`the bench prompt did not resolve: status ${answer.status}, version header ${answer.headers.get('x-switchboard-prompt-version')}`);
}

/** The gateway's call with the messages and model replaced by a reference to the stored prompt. */
export function promptTarget(gateway: Target): Target {
  const { model: _model, messages: _messages, ...rest } = JSON.parse(gateway.body) as Record<string, unknown>;
  return { ...gateway, body: JSON.stringify({ ...rest, prompt: { id: BENCH_PROMPT, variables: { who: 'the benchmark' } } }) };
}
