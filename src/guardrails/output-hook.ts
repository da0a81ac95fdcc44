/**
 * The `check output` hook, for answers that are not streamed: each text of the answer (its text,
 * reasoning, refusal, every tool call's arguments) goes through the in-process output guards, then
 * the whole-answer guards, then the tokenize vault restores the caller's values.
 */
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { Hook } from '../pipeline/contract.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import { HeldText } from './held-text.js';
import { checkWholeAnswer } from './output-whole.js';
import { GUARD_STATE, type GuardState, outputActive } from './request-state.js';
import { jsonStringContent } from './token-vault.js';

/** One text of an answer and how to put it back. */
interface AnswerText {
  channel: HeldText;
  text: string;
  put(response: ChatResponse, text: string): ChatResponse;
}

/** Builds the check-output hook. */
export function outputHook(logger: Logger): Hook<ChatRequest, ChatResponse> {
  return {
    name: 'guardrails-output',
    run(ctx) {
      const state = ctx.get(GUARD_STATE);
      if (!outputActive(state) || !ctx.response) return undefined;
      const texts = answerTexts(ctx.response, state);
      const released = texts.map((t) => t.channel.end(false));
      if (state.guards.filter.whole.length === 0) return put(ctx, texts, released);
      return checkWholeAnswer(ctx as RequestContext, state, released, logger).then((checked) => put(ctx, texts, checked));
    },
  };
}

function answerTexts(response: ChatResponse, state: GuardState): AnswerText[] {
  const filter = state.guards.filter;
  const channel = (encodeValue?: (value: string) => string) => new HeldText(filter, state, encodeValue, true);
  const texts: AnswerText[] = [{ channel: channel(), text: response.text, put: (r, text) => ({ ...r, text }) }];
  if (response.reasoning) texts.push({ channel: channel(), text: response.reasoning, put: (r, reasoning) => ({ ...r, reasoning }) });
  if (response.refusal) texts.push({ channel: channel(), text: response.refusal, put: (r, refusal) => ({ ...r, refusal }) });
  response.toolCalls.forEach((call, i) => {
    texts.push({
      channel: channel(jsonStringContent),
      text: call.arguments,
      put: (r, args) => ({ ...r, toolCalls: r.toolCalls.map((c, j) => (j === i ? { ...c, arguments: args } : c)) }),
    });
  });
  for (const t of texts) t.channel.push(t.text);
  return texts;
}

function put(ctx: RequestContext<ChatRequest, ChatResponse>, texts: AnswerText[], released: string[]): undefined {
  let response = ctx.response!;
  let changed = false;
  texts.forEach((t, i) => {
    const final = t.channel.restoreEnd(released[i]!);
    if (final === t.text) return;
    response = t.put(response, final);
    changed = true;
  });
  if (changed) ctx.response = response;
  return undefined;
}
