/**
 * Measures the built-in PII detector (src/guardrails/pii) and writes docs/guardrails-eval-pii.md
 * (also prints a summary).
 *
 *   npm run eval:pii -- [--data DIR] [--out FILE] [--seed N] [--generated N]
 *
 * Two sources: the presidio synthetic set ($PRESIDIO_DIR or ../shared/data/presidio_synth; made
 * with Faker, split by template into a dev half and a test half, see scripts/lib/presidio-data.ts)
 * and our own seeded generator (scripts/lib/pii-generator.ts), which covers every type we detect
 * and hard negatives. Scoring rules: scripts/lib/pii-metrics.ts. Runs in a few seconds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PII_ENTITIES } from '../src/guardrails/config-schema.js';
import { isGivenName } from '../src/guardrails/pii/given-names.js';
import { createPiiEngine } from '../src/guardrails/pii/index.js';
import { generatePiiTexts, givenNamesIn } from './lib/pii-generator.js';
import { type LabelledSpan, type LabelledText, percent, type Scores, score, scoreTable, type TypeCounts } from './lib/pii-metrics.js';
import { defaultPresidioDir, isDevTemplate, loadPresidio, PRESIDIO_TO_OURS } from './lib/presidio-data.js';

const DEFAULT_OUT = fileURLToPath(new URL('../docs/guardrails-eval-pii.md', import.meta.url));
const STRUCTURED = ['CREDIT_CARD', 'PHONE', 'EMAIL', 'IBAN', 'US_SSN', 'IP_ADDRESS'];
const _PRESIDIO_TYPES = Object.values(PRESIDIO_TO_OURS);
const SPEED_ROUNDS = 4;
const SPEED_BATCHES = 5;

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string', default: '20261206' },
    generated: { type: 'string', default: '4000' },
  },
});

const engine = createPiiEngine({ entities: 'all' });

function detect(texts: readonly LabelledText[]): LabelledSpan[][] {
  return texts.map((t) => engine.scan(t.text, 'user').map((f) => ({ type: f.type, start: f.start!, end: f.end! })));
}

function recallOf(scores: Scores, types: readonly string[], overlap: boolean): [number, number] {
  return summed(scores, types, (c) => [overlap ? c.overlapRecalled : c.exactRecalled, c.gold]);
}

function precisionOf(scores: Scores, types: readonly string[], overlap: boolean): [number, number] {
  return summed(scores, types, (c) => [overlap ? c.overlapTruePositive : c.exactTruePositive, c.predicted]);
}

/** A ratio's [numerator, denominator] summed over `types`, each type's pair read by `pair`; types never seen add nothing. */
function summed(scores: Scores, types: readonly string[], pair: (counts: TypeCounts) => [number, number]): [number, number] {
  let numerator = 0;
  let denominator = 0;
  for (const type of types) {
    const counts = scores.byType.get(type);
    if (!counts) continue;
    const [n, d] = pair(counts);
    numerator += n;
    denominator += d;
  }
  return [numerator, denominator];
}

// About 200 characters of ordinary English, like a chat request: what every request pays.
const ORDINARY_BODY =
  'Hi team, quick update on the launch: we moved the review to Thursday afternoon so that everyone can attend. Please bring your notes and the latest draft of the plan, and flag any blockers early.';

/** Microseconds per scan of a text: the best of SPEED_BATCHES batches of SPEED_ROUNDS runs (the machine may be shared). */
function scanMicros(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < SPEED_BATCHES; batch++) {
    const started = process.hrtime.bigint();
    for (let r = 0; r < SPEED_ROUNDS; r++) engine.scan(text, 'user');
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / SPEED_ROUNDS);
  }
  return best;
}

/** Per-text scan times over a set, sorted. */
function scanTimes(texts: readonly LabelledText[]): number[] {
  for (const t of texts) engine.scan(t.text, 'user');
  return texts.map((t) => scanMicros(t.text)).sort((a, b) => a - b);
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function summaryRow(name: string, scores: Scores): string {
  const structured = recallOf(scores, STRUCTURED, true);
  const person = recallOf(scores, ['PERSON'], true);
  const personP = precisionOf(scores, ['PERSON'], true);
  const address = recallOf(scores, ['STREET_ADDRESS'], true);
  const addressP = precisionOf(scores, ['STREET_ADDRESS'], true);
  return `| ${name} | ${percent(...structured)} | ${percent(...person)} / ${percent(...personP)} | ${percent(...address)} / ${percent(...addressP)} | ${percent(scores.emptyTextsFlagged, scores.emptyTexts)} |`;
}

function main(): void {
  const started = performance.now();
  const presidio = loadPresidio(values.data ?? defaultPresidioDir());
  const dev = presidio.filter((t) => isDevTemplate(t.templateId!));
  const test = presidio.filter((t) => !isDevTemplate(t.templateId!));
  const generated = generatePiiTexts(Number(values.seed), Number(values.generated));

  const all = score(presidio, detect(presidio));
  const devScores = score(dev, detect(dev));
  const testScores = score(test, detect(test));
  const genScores = score(generated, detect(generated));
  const times = scanTimes(presidio);
  const bodyMicros = scanMicros(ORDINARY_BODY);
  const shared = givenNamesIn(isGivenName);
  const averageChars = Math.round(presidio.reduce((n, t) => n + t.text.length, 0) / presidio.length);

  const summary = [
    '| data | structured recall (overlap) | PERSON recall / precision (overlap) | STREET_ADDRESS recall / precision (overlap) | texts without PII flagged |',
    '| --- | ---: | ---: | ---: | ---: |',
    summaryRow(`presidio, all (${presidio.length} texts)`, all),
    summaryRow(`presidio, test half (${test.length} texts)`, testScores),
    summaryRow(`presidio, dev half (${dev.length} texts)`, devScores),
    summaryRow(`own generator (${generated.length} texts, seed ${values.seed})`, genScores),
  ];
  const speed = `Scan time, all entity types on, best of ${SPEED_BATCHES} batches of ${SPEED_ROUNDS} runs per text: over the ${presidio.length} presidio texts (mean ${averageChars} characters) p50 ${quantile(times, 0.5).toFixed(1)} µs, p99 ${quantile(times, 0.99).toFixed(1)} µs, max ${times[times.length - 1]!.toFixed(1)} µs; a ${ORDINARY_BODY.length}-character paragraph of ordinary English ${bodyMicros.toFixed(1)} µs (Node ${process.version}, one core of the machine that ran the script; only this line varies from run to run).`;

  const lines = [
    '# Built-in PII detector: evaluation',
    '',
    'Generated by `npm run eval:pii` (scripts/eval-pii.ts); set `PRESIDIO_DIR` or pass `--data DIR` when the presidio folder is not at `../shared/data/presidio_synth`. Everything but the speed line is deterministic.',
    '',
    '## Summary',
    '',
    ...summary,
    '',
    'Targets (issue 11): at least 99% recall on structured types; at least 90% recall on names and addresses at 95% precision or more.',
    '',
    speed,
    '',
    '## Method',
    '',
    '- **Detector**: `createPiiEngine({ entities: "all" })` from `src/guardrails/pii/index.ts`: patterns with validators (Luhn, IBAN length and mod-97, SSN ranges, `node:net` isIP), context words for DATE_OF_BIRTH, PASSPORT, bare SSNs and generic API keys; PERSON by titles, name phrases, two given-name gazetteers (hand-written `first-names.ts`, and `given-names.generated.ts` built by `npm run build:names` from the stdlib first-name datasets, whose source is not Faker) with a hand stop list of names that are also words (`word-names.ts`: those count only with a surname, a title, a name phrase or when spoken to), surname endings and prefixes (Mc, Mac, O\'), family particles (van, von), name lists and email addresses that spell a name; STREET_ADDRESS by street patterns (USPS suffixes, continental prefixes and endings, double numbers, PO boxes, military mail, intersections) plus address phrases. No model.',
    '- **presidio** (`microsoft/presidio-research` synth_dataset_v2, MIT): texts from templates filled by Faker. Types mapped: PERSON, STREET_ADDRESS, CREDIT_CARD, PHONE_NUMBER→PHONE, EMAIL_ADDRESS→EMAIL, IBAN_CODE→IBAN, US_SSN, IP_ADDRESS. Others (GPE, ORGANIZATION, DATE_TIME, TITLE, AGE, NRP, ZIP_CODE, DOMAIN_NAME, US_DRIVER_LICENSE) are not targeted.',
    '- **Split**: FNV-1a hash of `template_id`, even → dev, odd → test, so one template never lands in both. Rules were tuned by reading misses on the whole set during development, so the test half is not a clean hold-out for every rule; the dev/test gap shows how far template-specific tuning went.',
    '- **Exact** match: same type, start and end. **Overlap** match: same type and at least one shared character. Recall counts gold spans matched by a detection; precision counts detections matching a gold span.',
    '- **Untargeted overlap rule**: a detection that matches no gold span of its type but overlaps a gold span of an untargeted type (a ZIP_CODE or GPE inside our STREET_ADDRESS, a DATE_TIME we call DATE_OF_BIRTH) is ignored: neither a true nor a false positive (column "ignored"). A detection overlapping a gold span of another targeted type is a false positive.',
    '- Presidio splits one postal address into several STREET_ADDRESS spans (building number, street, unit, ZIP) with GPE spans between; our detector returns one span for the whole address, so exact scores for STREET_ADDRESS are low by construction and overlap scores are the meaningful ones.',
    `- **Own generator** (scripts/lib/pii-generator.ts, seeded): every type in several formats inside varied sentences; names and streets from lists written for the generator (${shared.shared} of its ${shared.total} given names also appear in the detector's gazetteer); about a quarter hard negatives with no PII (Luhn failures, bad IBAN checksums, SSNs in unissued ranges, version numbers, order and invoice ids, an ISBN, timestamps, prices, UUIDs, git SHAs, capitalised non-names).`,
    '- **Text without PII flagged**: share of texts with no gold span at all that got any detection.',
    '- Version strings: a dotted quad is an IP_ADDRESS unless `v`, `version`, `release`, `build`, `firmware`, `update` or `upgrade` comes right before it.',
    '',
    ...scoreSection('presidio, all texts', all, 'Texts without PII'),
    ...scoreSection('presidio, test half', testScores, 'Texts without PII'),
    ...scoreSection('presidio, dev half', devScores),
    ...scoreSection('Own generator', genScores, 'Texts without PII (hard negatives)'),
    '## Where it stands',
    '',
    ...standing(all, testScores, genScores),
    '',
  ];
  const out = values.out ?? DEFAULT_OUT;
  writeFileSync(out, lines.join('\n'));
  console.log([...summary, '', speed].join('\n'));
  console.log(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * One score section of the report: its heading and table, then how many texts without PII got a
 * detection, under `flaggedLabel` (no such line without one: the dev half's section has none).
 */
function scoreSection(title: string, scores: Scores, flaggedLabel?: string): string[] {
  const lines = [`## ${title}`, '', ...scoreTable(scores, PII_ENTITIES), ''];
  if (flaggedLabel !== undefined) lines.push(`${flaggedLabel} flagged: ${scores.emptyTextsFlagged} of ${scores.emptyTexts}.`, '');
  return lines;
}

function standing(all: Scores, test: Scores, generated: Scores): string[] {
  const verdict = (ok: boolean): string => (ok ? 'meets' : 'misses');
  const structured = recallOf(test, STRUCTURED, true);
  const structuredGen = recallOf(generated, STRUCTURED, true);
  const lines = [
    `- Structured types, presidio test half: ${percent(...structured)} recall (${verdict(structured[0] / structured[1] >= 0.99)} the 99% target); own generator: ${percent(...structuredGen)}.`,
  ];
  for (const type of ['PERSON', 'STREET_ADDRESS']) {
    const r = recallOf(test, [type], true);
    const p = precisionOf(test, [type], true);
    const rAll = recallOf(all, [type], true);
    const rGen = recallOf(generated, [type], true);
    const pGen = precisionOf(generated, [type], true);
    const ok = r[0] / r[1] >= 0.9 && p[0] / p[1] >= 0.95;
    lines.push(
      `- ${type}, presidio test half: ${percent(...r)} recall at ${percent(...p)} precision (overlap; ${verdict(ok)} the 90%/95% target); all presidio ${percent(...rAll)}; own generator ${percent(...rGen)} at ${percent(...pGen)}.`,
    );
  }
  lines.push(
    '- The generator was written alongside the detector, so its sentences match the cues the rules look for: read its figures as a check that each format and hard negative behaves as designed, not as field accuracy. Presidio is the less flattering measure.',
    '- PERSON misses are now mostly names in neither gazetteer with no cue (non-English given names, a surname alone, two unknown capitalised words such as a contact-block line). Closing that gap needs a trained tagger; the remote `presidio` guard type is the option for it today. Rules were tuned on the dev half only since the stdlib gazetteer was added; the dev/test gap shows how much of that tuning is template-specific.',
  );
  return lines;
}

main();
