/**
 * Lakera Guard (v2): the texts go as one conversation to `POST /v2/guard` with `breakdown: true`;
 * the answer's `flagged` is the decision under the project's policy, and the breakdown names the
 * detectors that fired (prompt_attack, pii/..., moderated_content/...).
 * API: https://docs.lakera.ai/docs/api/guard and
 * https://docs.lakera.ai/api-reference/api/endpoints/guard/screen-content
 *
 * One call per check, not per text: Lakera screens an interaction in context (an attack split
 * across turns is still seen), and its verdict is for the conversation. The finding goes on the
 * last text, the newest turn, which is the one a conversation check is about.
 */
import type { GuardrailConfigOf } from '../config-schema.js';
import type { Finding, GuardText, RemoteCheckOptions, RemoteEngine, TextSource } from '../engine.js';
import { type GuardHttpClient, isObject, malformed, noFindings, postToGuardService } from './guard-http.js';

/** The finding's type when Lakera flags without naming a detector. */
export const LAKERA_FLAGGED = 'lakera_flagged';

/** Lakera takes the roles of OpenAI chat messages. */
type LakeraRole = 'system' | 'user' | 'assistant';

/**
 * A tool's output is untrusted input (indirect prompt injection arrives that way), so it is
 * screened as the user's; the answer is the assistant's.
 */
const ROLE_OF: Record<TextSource, LakeraRole> = { system: 'system', user: 'user', tool: 'user', assistant: 'assistant', output: 'assistant' };

/** The body sent to Lakera Guard. */
export interface LakeraRequest {
  messages: Array<{ role: LakeraRole; content: string }>;
  project_id?: string;
  breakdown: true;
}

/** Builds the Lakera Guard engine. */
export function createLakeraEngine(config: GuardrailConfigOf<'lakera'>, client: GuardHttpClient): RemoteEngine {
  return {
    kind: 'remote',
    spans: false,
    async check(texts: readonly GuardText[], options: RemoteCheckOptions): Promise<Finding[][]> {
      if (texts.length === 0) return [];
      const body: LakeraRequest = {
        messages: texts.map((t) => ({ role: ROLE_OF[t.source], content: t.text })),
        ...(config.project_id !== undefined ? { project_id: config.project_id } : {}),
        breakdown: true,
      };
      const answer = await postToGuardService(client, 'lakera', config, body, options.signal);
      return lakeraFindings(answer, texts.length);
    },
  };
}

/** Maps Lakera's answer to findings: none unless flagged, then one per detector type that fired, on the last text. */
export function lakeraFindings(answer: unknown, count: number): Finding[][] {
  if (!isObject(answer)) throw malformed('lakera', 'not an object');
  if (typeof answer.flagged !== 'boolean') throw malformed('lakera', 'flagged is not a boolean');
  const breakdown = answer.breakdown ?? [];
  if (!Array.isArray(breakdown)) throw malformed('lakera', 'breakdown is not a list');
  const findings = noFindings<Finding>(count);
  if (!answer.flagged) return findings;
  const detected = new Set<string>();
  breakdown.forEach((entry, i) => {
    if (!isObject(entry)) throw malformed('lakera', `breakdown[${i}] is not an object`);
    if (entry.detected !== true) return;
    if (typeof entry.detector_type !== 'string' || entry.detector_type.length === 0) throw malformed('lakera', `breakdown[${i}].detector_type is not a name`);
    detected.add(entry.detector_type);
  });
  if (detected.size === 0) detected.add(LAKERA_FLAGGED);
  for (const type of detected) findings[count - 1]!.push({ type });
  return findings;
}
