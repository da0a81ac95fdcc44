/** OpenAI's ChatCompletionTokenLogprob lists → canonical TokenLogprob lists. */
import type { TokenAlternative, TokenLogprob } from '../../../core/types.js';
import { asArray, asNumber, asObject, asString } from '../json.js';

function alternative(raw: unknown): TokenAlternative | undefined {
  const item = asObject(raw);
  const token = asString(item?.token);
  const logprob = asNumber(item?.logprob);
  if (token === undefined || logprob === undefined) return undefined;
  const out: TokenAlternative = { token, logprob };
  const bytes = item?.bytes;
  if (Array.isArray(bytes) && bytes.every((b) => Number.isInteger(b))) out.bytes = bytes as number[];
  return out;
}

/** A token list (`logprobs.content` or `logprobs.refusal`); undefined when absent or null. */
export function decodeTokenLogprobs(raw: unknown): TokenLogprob[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: TokenLogprob[] = [];
  for (const item of raw) {
    const token: TokenLogprob | undefined = alternative(item);
    if (!token) continue;
    const top = asArray(asObject(item)?.top_logprobs)
      .map(alternative)
      .filter((t): t is TokenAlternative => t !== undefined);
    if (top.length > 0) token.top = top;
    out.push(token);
  }
  return out;
}

/** The content and refusal token lists of a choice's `logprobs` object (OpenAI's shape only). */
export function decodeChoiceLogprobs(raw: unknown): { content?: TokenLogprob[]; refusal?: TokenLogprob[] } {
  const logprobs = asObject(raw);
  if (!logprobs) return {};
  return { content: decodeTokenLogprobs(logprobs.content), refusal: decodeTokenLogprobs(logprobs.refusal) };
}
