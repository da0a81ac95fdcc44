/**
 * Microsoft Presidio's analyzer as a guard: `POST {url}/analyze` with `{text, language, entities?,
 * score_threshold}` answers `[{entity_type, start, end, score}]` (one call per text, in parallel,
 * since the analyzer takes one text). Its offsets are Python string indices (code points) and are
 * converted to UTF-16. API: https://microsoft.github.io/presidio/analyzer/ (the REST example) and
 * https://microsoft.github.io/presidio/api/analyzer_python/ (RecognizerResult fields).
 *
 * Entity names map to the built-in PII guard's where they mean the same thing, so a policy or a
 * dashboard reads one vocabulary; the rest keep Presidio's names. LOCATION is kept as it is: it is
 * any place name (a city, a country), not a street address, and DATE_TIME is any date, not a date
 * of birth.
 */
import type { GuardrailConfigOf, PiiEntity } from '../config-schema.js';
import type { Finding, GuardText, RemoteCheckOptions, RemoteEngine } from '../engine.js';
import { codePointConverter } from './code-points.js';
import { type GuardHttpClient, isObject, malformed, postToGuardService } from './guard-http.js';

/** Presidio's entity names that mean one of the built-in PII guard's types. */
export const PRESIDIO_ENTITY_MAP: Readonly<Record<string, PiiEntity>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  PERSON: 'PERSON',
  US_PASSPORT: 'PASSPORT',
};

/** The body sent to the analyzer for one text. */
export interface PresidioRequest {
  text: string;
  language: string;
  entities?: string[];
  score_threshold: number;
}

/** Builds the Presidio analyzer engine. */
export function createPresidioEngine(config: GuardrailConfigOf<'presidio'>, client: GuardHttpClient): RemoteEngine {
  const url = `${config.url.replace(/\/+$/, '')}/analyze`;
  return {
    kind: 'remote',
    spans: true,
    async check(texts: readonly GuardText[], options: RemoteCheckOptions): Promise<Finding[][]> {
      // The first failure fails the check: the calls still running are cancelled, not left to finish.
      const siblings = new AbortController();
      const follow = () => siblings.abort(options.signal.reason);
      if (options.signal.aborted) follow();
      else options.signal.addEventListener('abort', follow, { once: true });
      try {
        return await Promise.all(
          texts.map(async (t, index) => {
            // Nothing to find in an empty text: no call.
            if (t.text.length === 0) return [];
            const body: PresidioRequest = {
              text: t.text,
              language: config.language,
              ...(config.entities !== undefined ? { entities: config.entities } : {}),
              score_threshold: config.score_threshold,
            };
            try {
              const answer = await postToGuardService(client, 'presidio', config, body, siblings.signal, url);
              return presidioFindings(answer, t.text, index);
            } catch (err) {
              siblings.abort();
              throw err;
            }
          }),
        );
      } finally {
        options.signal.removeEventListener('abort', follow);
      }
    },
  };
}

/** Maps the analyzer's answer for one text to findings with UTF-16 spans. */
export function presidioFindings(answer: unknown, text: string, textIndex = 0): Finding[] {
  if (!Array.isArray(answer)) throw malformed('presidio', `the answer for text ${textIndex} is not a list`);
  const convert = codePointConverter(text);
  return answer.map((result, i) => {
    const at = `text ${textIndex}, result ${i}`;
    if (!isObject(result)) throw malformed('presidio', `${at} is not an object`);
    const { entity_type: type, start, end, score } = result;
    if (typeof type !== 'string' || type.length === 0) throw malformed('presidio', `${at}: entity_type is not a name`);
    const span = convert(start as number, end as number);
    if (!span || span.end === span.start) throw malformed('presidio', `${at}: start/end lie outside the text`);
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) throw malformed('presidio', `${at}: score is not a number 0..1`);
    return { type: PRESIDIO_ENTITY_MAP[type] ?? type, start: span.start, end: span.end, score };
  });
}
