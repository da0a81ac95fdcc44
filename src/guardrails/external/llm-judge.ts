/**
 * The LLM judge: a chat alias asked, through the gateway and as the caller, whether the texts are
 * safe. One judge call per check, whatever the number of texts: a judge reads a conversation in
 * context (an attack split across turns is still seen) and a call per text would multiply the
 * cost and the wait.
 *
 * - format `json`: the texts as a numbered list, one verdict; its `texts` numbers say which are
 *   unsafe (absent: the last text, the newest turn).
 * - format `llama_guard`: the Llama Guard 3 conversation; it judges the last turn of the role
 *   checked (the User's for the request, the Agent's for the answer), earlier turns are context.
 *
 * `categories` restricts which categories block; with it set, an "unsafe" that names none of them
 * passes. A verdict that cannot be read throws: the guard's `fail` decides.
 */
import type { Message } from '../../core/types.js';
import type { RequestContext } from '../../pipeline/context.js';
import type { GuardrailConfigOf } from '../config-schema.js';
import type { Finding, GuardText, RemoteCheckOptions, RemoteEngine } from '../engine.js';
import { noFindings, RemoteGuardError } from './guard-http.js';
import { DEFAULT_JUDGE_CATEGORIES, defaultJudgePrompt, numberedTexts, parseJsonVerdict } from './json-verdict.js';
import {
  categoryLines,
  categoryNames,
  categoryType,
  conversationTurns,
  type LlamaGuardRole,
  llamaGuardPrompt,
  llamaGuardRole,
  parseLlamaGuardAnswer,
} from './llama-guard.js';

/**
 * Calls a chat alias as the caller of `parent` (a child request, billed to it, exempt from guards)
 * and returns the answer's text; app/internal-chat.ts builds it.
 */
export type JudgeThroughGateway = (parent: RequestContext, alias: string, messages: Message[], signal: AbortSignal) => Promise<string>;

/** The finding's type when the judge says unsafe without naming a category. */
export const JUDGE_UNSAFE = 'unsafe';

/** Builds the LLM judge engine. */
export function createLlmJudgeEngine(config: GuardrailConfigOf<'llm_judge'>, judge: JudgeThroughGateway): RemoteEngine {
  const blocks = blockingFilter(config.categories);
  const llamaCategories = categoryLines(config.prompt);
  const llamaNames = categoryNames(llamaCategories);
  return {
    kind: 'remote',
    spans: false,
    async check(texts: readonly GuardText[], options: RemoteCheckOptions): Promise<Finding[][]> {
      if (texts.length === 0) return [];
      if (config.format === 'llama_guard') {
        const role: LlamaGuardRole = options.stage === 'output' ? 'Agent' : 'User';
        // The text judged is the last of the role checked; none of it: nothing to judge.
        const judged = lastIndexWhere(texts, (t) => llamaGuardRole(t.source) === role);
        if (judged === -1) return noFindings(texts.length);
        const turns = conversationTurns(texts, role === 'Agent' ? lastUserText(options.ctx) : undefined);
        const prompt = llamaGuardPrompt(role, turns, llamaCategories);
        const answer = await ask(config, judge, options, [{ role: 'user', content: [{ type: 'text', text: prompt }] }]);
        const verdict = parseLlamaGuardAnswer(answer);
        if (!verdict) throw new RemoteGuardError('llm_judge', 'malformed', "the judge's answer is neither 'safe' nor 'unsafe' with categories");
        const findings = noFindings<Finding>(texts.length);
        if (verdict.safe) return findings;
        const types = verdict.codes.map((code) => ({ code, type: categoryType(code, llamaNames) }));
        const blocking = types.filter(({ code, type }) => blocks(code) || blocks(type)).map(({ type }) => type);
        for (const type of unsafeTypes(blocking, types.length, config.categories)) findings[judged]!.push({ type });
        return findings;
      }
      const instructions = config.prompt ?? defaultJudgePrompt(config.categories ?? DEFAULT_JUDGE_CATEGORIES);
      const answer = await ask(config, judge, options, [
        { role: 'system', content: [{ type: 'text', text: instructions }] },
        { role: 'user', content: [{ type: 'text', text: numberedTexts(texts) }] },
      ]);
      const verdict = parseJsonVerdict(answer, texts.length);
      if (!verdict) throw new RemoteGuardError('llm_judge', 'malformed', 'the judge gave no JSON verdict {"safe": true|false, ...}');
      const findings = noFindings<Finding>(texts.length);
      if (verdict.safe) return findings;
      const blocking = verdict.categories.filter(blocks);
      const targets = verdict.texts.length > 0 ? verdict.texts : [texts.length - 1];
      for (const type of unsafeTypes(blocking, verdict.categories.length, config.categories)) {
        for (const index of targets) findings[index]!.push({ type });
      }
      return findings;
    },
  };
}

/**
 * The finding types of an unsafe verdict: the blocking categories; with no category restriction
 * and none named, "unsafe" itself (an unsafe verdict always blocks unless restricted).
 */
function unsafeTypes(blocking: readonly string[], named: number, restricted: readonly string[] | undefined): string[] {
  if (blocking.length > 0) return [...new Set(blocking)];
  return restricted === undefined && named === 0 ? [JUDGE_UNSAFE] : [];
}

/** Whether a category blocks: any, or one of the configured (case-insensitive). */
function blockingFilter(categories: readonly string[] | undefined): (category: string) => boolean {
  if (categories === undefined) return () => true;
  const allowed = new Set(categories.map((c) => c.toLowerCase()));
  return (category) => allowed.has(category.toLowerCase());
}

/** One judge call, within the guard's timeout and the check's signal; its failures become RemoteGuardErrors. */
async function ask(config: GuardrailConfigOf<'llm_judge'>, judge: JudgeThroughGateway, options: RemoteCheckOptions, messages: Message[]): Promise<string> {
  if (options.signal.aborted) throw new RemoteGuardError('llm_judge', 'aborted', 'cancelled before the call', { cause: options.signal.reason });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, config.timeout_ms);
  const follow = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', follow, { once: true });
  try {
    return await judge(options.ctx, config.alias, messages, controller.signal);
  } catch (err) {
    if (timedOut) throw new RemoteGuardError('llm_judge', 'timeout', `no verdict within ${config.timeout_ms} ms (timeout_ms)`, { cause: err });
    if (options.signal.aborted) throw new RemoteGuardError('llm_judge', 'aborted', 'the check was cancelled', { cause: err });
    // The judge's own error code (budget_exceeded, upstream_timeout, ...), not its message: it may quote the alias's provider.
    const code = (err as { code?: unknown } | undefined)?.code;
    const detail = typeof code === 'string' ? code : 'error';
    throw new RemoteGuardError('llm_judge', 'judge_failed', `the judge call to alias '${config.alias}' failed (${detail})`, { cause: err });
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', follow);
  }
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

/** The text of the last user message of a chat request, to judge an answer in context; undefined for other requests. */
function lastUserText(ctx: RequestContext): string | undefined {
  const messages = (ctx.request as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown };
    if (message?.role !== 'user' || !Array.isArray(message.content)) continue;
    const text = message.content
      .filter((part): part is { type: 'text'; text: string } => part?.type === 'text' && typeof part.text === 'string')
      .map((part) => part.text)
      .join('\n');
    return text.length > 0 ? text : undefined;
  }
  return undefined;
}
