/**
 * The generic HTTP guard: any service that speaks a small JSON contract (docs/guardrails-external.md).
 *
 * Request, POST to the configured url:
 *   {"version":1, "stage":"input"|"output", "texts":[{"text","source"}], "request_id", "model", "team", "project"}
 * Answer, one of:
 *   {"action":"allow"}
 *   {"action":"block", "categories":["..."], "text_index"?: n}
 *   {"action":"redact", "spans":[{"text_index", "start", "end", "type", "score"?}], "offsets"?: "utf16"|"code_points"}
 * A block gives one finding without a span per category (on the text it names, else text 0); a
 * redact gives span findings. Offsets are UTF-16 code units (JavaScript string indices) unless the
 * answer says "code_points" (Python string indices), which the guard converts.
 */
import type { GuardrailConfigOf } from '../config-schema.js';
import type { Finding, GuardText, RemoteCheckOptions, RemoteEngine } from '../engine.js';
import { type CodePointConverter, codePointConverter } from './code-points.js';
import { type GuardHttpClient, isObject, malformed, noFindings, postToGuardService } from './guard-http.js';

/** The version of the request body; a service can refuse a version it does not know. */
export const HTTP_GUARD_CONTRACT_VERSION = 1;

/** The body the generic HTTP guard sends. */
export interface HttpGuardRequest {
  version: number;
  stage: 'input' | 'output';
  texts: GuardText[];
  request_id: string;
  model: string;
  team: string | null;
  project: string | null;
}

/** A category a block names when it names none. */
const BLOCKED = 'blocked';

/** Builds the generic HTTP guard's engine. */
export function createHttpGuardEngine(config: GuardrailConfigOf<'http'>, client: GuardHttpClient): RemoteEngine {
  return {
    kind: 'remote',
    spans: true,
    async check(texts: readonly GuardText[], options: RemoteCheckOptions): Promise<Finding[][]> {
      if (texts.length === 0) return [];
      const body: HttpGuardRequest = {
        version: HTTP_GUARD_CONTRACT_VERSION,
        stage: options.stage,
        texts: texts.map((t) => ({ text: t.text, source: t.source })),
        request_id: options.ctx.id,
        model: options.ctx.modelRequested,
        team: options.ctx.identity?.team ?? null,
        project: options.ctx.identity?.project ?? null,
      };
      const answer = await postToGuardService(client, 'http', config, body, options.signal);
      return httpGuardFindings(answer, texts);
    },
  };
}

/** Maps an answer of the contract to findings per text; throws on any answer outside it. */
export function httpGuardFindings(answer: unknown, texts: readonly GuardText[]): Finding[][] {
  if (!isObject(answer)) throw malformed('http', 'not an object');
  const findings = noFindings<Finding>(texts.length);
  switch (answer.action) {
    case 'allow':
      return findings;
    case 'block': {
      const index = answer.text_index === undefined ? 0 : textIndex(answer.text_index, texts.length, 'text_index');
      const categories = answer.categories ?? [];
      if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string' && c.length > 0)) {
        throw malformed('http', 'categories is not a list of names');
      }
      const names = categories.length === 0 ? [BLOCKED] : [...new Set(categories as string[])];
      for (const type of names) findings[index]!.push({ type });
      return findings;
    }
    case 'redact': {
      if (!Array.isArray(answer.spans)) throw malformed('http', 'spans is not a list');
      const offsets = answer.offsets ?? 'utf16';
      if (offsets !== 'utf16' && offsets !== 'code_points') throw malformed('http', 'offsets is neither utf16 nor code_points');
      // Built once per text a span lies in, only when the answer counts in code points.
      const converters = new Map<number, CodePointConverter>();
      const convert = (index: number): CodePointConverter | undefined => {
        if (offsets === 'utf16') return undefined;
        let converter = converters.get(index);
        if (!converter) converters.set(index, (converter = codePointConverter(texts[index]!.text)));
        return converter;
      };
      answer.spans.forEach((span, i) => {
        const finding = spanFinding(span, i, texts, convert);
        findings[finding.index]!.push(finding.finding);
      });
      return findings;
    }
    default:
      throw malformed('http', 'action is not allow, block or redact');
  }
}

function spanFinding(
  span: unknown,
  i: number,
  texts: readonly GuardText[],
  convert: (index: number) => CodePointConverter | undefined,
): { index: number; finding: Finding } {
  const at = `spans[${i}]`;
  if (!isObject(span)) throw malformed('http', `${at} is not an object`);
  const index = textIndex(span.text_index, texts.length, `${at}.text_index`);
  if (typeof span.type !== 'string' || span.type.length === 0) throw malformed('http', `${at}.type is not a name`);
  if (!Number.isSafeInteger(span.start) || !Number.isSafeInteger(span.end)) throw malformed('http', `${at}.start or end is not an integer`);
  const text = texts[index]!.text;
  const converter = convert(index);
  const bounds = converter ? converter(span.start as number, span.end as number) : { start: span.start as number, end: span.end as number };
  if (!bounds || bounds.start < 0 || bounds.end <= bounds.start || bounds.end > text.length) throw malformed('http', `${at} lies outside its text`);
  const finding: Finding = { type: span.type, start: bounds.start, end: bounds.end };
  if (span.score !== undefined) {
    if (typeof span.score !== 'number' || !(span.score >= 0 && span.score <= 1)) throw malformed('http', `${at}.score is not a number 0..1`);
    finding.score = span.score;
  }
  return { index, finding };
}

function textIndex(value: unknown, count: number, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) >= count) throw malformed('http', `${what} names no text`);
  return value as number;
}
