/** Guardrail config mistakes stop the start with the file, the path and the fix. */
import { describe, expect, it } from 'vitest';
import { startStack } from '../../src/testing/stack.js';

const providers = [{ id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' }];
const models = [{ name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }];

async function startError(guardrails: unknown[]): Promise<string> {
  try {
    const stack = await startStack({ providers, models, extra: { guardrails } });
    await stack.close();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the gateway started');
}

describe('guardrails config', () => {
  it.each([
    [[{ name: 'inj', type: 'prompt_injection', on: ['output'] }], "at 'guardrails[0].on'", 'use on: [input]'],
    [[{ name: 'inj', type: 'prompt_injection', action: 'redact' }], "at 'guardrails[0].action'", 'use block or flag'],
    [[{ name: 'pii', type: 'pii', on: ['output'], action: 'tokenize' }], "at 'guardrails[0].action'", 'add input to on'],
    [[{ name: 'j', type: 'json_schema', on: ['input'] }], "at 'guardrails[0].on'", 'use on: [output]'],
    [
      [
        { name: 'same', type: 'pii' },
        { name: 'same', type: 'prompt_injection' },
      ],
      "at 'guardrails[1].name'",
      'duplicate guard name',
    ],
    [[{ name: 'judge', type: 'llm_judge', alias: 'nope' }], "at 'guardrails[0].alias'", "no model alias 'nope'"],
    [[{ name: 'deny', type: 'denied_terms', patterns: ['(unclosed'] }], "at 'guardrails[0]'", 'patterns[0] is not a valid regular expression'],
    [[{ name: 'deny', type: 'denied_terms' }], "at 'guardrails[0].terms'", 'needs terms or patterns'],
  ])('refuses %j', async (guardrails, path, fix) => {
    const message = await startError(guardrails);
    expect(message).toContain('config.yaml');
    expect(message).toContain(path);
    expect(message).toContain(fix);
  });

  it('refuses an unknown type and a bad action with the schema path', async () => {
    expect(await startError([{ name: 'x', type: 'regex' }])).toContain('guardrails');
    expect(await startError([{ name: 'x', type: 'pii', action: 'delete' }])).toContain('action');
  });
});
