/**
 * Loads the presidio synthetic PII set (microsoft/presidio-research, MIT) for scripts/eval-pii.ts,
 * maps its entity names to ours and splits it by template: a stable hash of template_id sends
 * each template wholly to the dev half or the test half, so rules tuned on dev texts are scored
 * on test texts built from templates they never saw.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabelledText, UNTARGETED } from './pii-metrics.js';

/** Presidio entity names we target, and ours for them. */
export const PRESIDIO_TO_OURS: Readonly<Record<string, string>> = {
  PERSON: 'PERSON',
  STREET_ADDRESS: 'STREET_ADDRESS',
  CREDIT_CARD: 'CREDIT_CARD',
  PHONE_NUMBER: 'PHONE',
  EMAIL_ADDRESS: 'EMAIL',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
};

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The presidio folder: $PRESIDIO_DIR, else ../shared/data/presidio_synth next to the repository. */
export function defaultPresidioDir(): string {
  const dir = process.env.PRESIDIO_DIR ?? resolve(REPO_ROOT, '../shared/data/presidio_synth');
  if (!existsSync(dir)) throw new Error(`presidio data not found at ${dir}: pass --data DIR or set PRESIDIO_DIR to the folder of presidio_synth*.jsonl files`);
  return dir;
}

/** FNV-1a of the template id: stable across runs and machines. */
function templateHash(templateId: number): number {
  let hash = 0x811c9dc5;
  for (const ch of String(templateId)) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** True for texts of the dev half; the rest is the test half. */
export function isDevTemplate(templateId: number): boolean {
  return templateHash(templateId) % 2 === 0;
}

/** Every *.jsonl file in the folder, gold spans mapped to our types (others kept as UNTARGETED:<type>). */
export function loadPresidio(dir: string): LabelledText[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  if (files.length === 0) throw new Error(`no *.jsonl files in ${dir}: set PRESIDIO_DIR to the presidio_synth folder`);
  return files.flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const row = JSON.parse(line) as { text: string; template_id: number; spans: { start: number; end: number; type: string }[] };
        return {
          text: row.text,
          templateId: row.template_id,
          gold: row.spans.map((s) => ({ type: PRESIDIO_TO_OURS[s.type] ?? UNTARGETED + s.type, start: s.start, end: s.end })),
        };
      }),
  );
}
