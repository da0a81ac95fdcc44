/**
 * Evaluates the prompt-injection detector on the held-out TEST splits (scripts/injection-data.ts)
 * and writes docs/guardrails-eval-injection.md.
 *
 *   npm run eval:injection -- [--data DIR] [--out FILE]
 *
 * Reports detection per source, per JailbreakBench method and on its jailbroken subset, per
 * jailbreak_llms community, false positives per benign source, precision/recall/F1 on the deepset
 * test split (and its German rows), a ROC table, robustness to obfuscation (zero-width, homoglyph,
 * spacing, leetspeak, base64 applied to the test positives), the plain harmful questions (not a
 * target), and the decision time per prompt. Deterministic; runs in about 10-20 s.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { classifyView, INJECTION_MODEL_VERSION } from '../src/guardrails/injection/classifier.js';
import { assessInjection, createInjectionEngine, DEFAULT_INJECTION_THRESHOLD } from '../src/guardrails/injection/index.js';
import { detectionViews } from '../src/guardrails/injection/normalize.js';
import { BENIGN_SOURCES, defaultGuardDataDir, type LabelledText, loadInjectionData, POSITIVE_SOURCES } from './injection-data.js';

/** The fixed part of the report: how the detector works, how to reproduce, and what it does not do. */
const ABOUT = [
  '## How the detector works',
  '',
  '1. **Normalise** (src/guardrails/injection/normalize.ts): zero-width, soft-hyphen, BOM and bidi-control characters out; NFKC (fullwidth forms);',
  '   Cyrillic/Greek look-alikes folded to Latin inside Latin words; accents dropped; lower case; leetspeak folded inside words that mix',
  '   letters and digits (and in digit-only words when the whole text is leetspeak); letter-spaced words joined; whitespace collapsed.',
  '   Base64 and hex runs (16+ characters, decoding to printable UTF-8) are decoded, read in place and also scanned alone; rot13 is',
  '   tried when the text hints at it. Every step runs only when a cheap test says it can apply.',
  '2. **Rules** (rules.ts): hand-written patterns in English, German, French and Spanish (and the Croatian phrase seen in deepset) for',
  '   the phrasings that are attacks almost anywhere: dropping earlier instructions, new instructions, leaking the system prompt, DAN /',
  '   developer-mode / unfiltered personas, "pretend you have no guidelines", and the hijack phrasings of deepset\'s training split that',
  '   benign prompts never use ("Attention - stop - ...", "answer ... not by the articles", "die obigen Ausführungen ignorieren",',
  '   "nun folgen neue Aufgaben"). Role-play openers ("now you are", "imagine you are", "act as") are left to the classifier:',
  '   MT-Bench uses them harmlessly. They run on windows around literal hint words, over the',
  '   whole text, so padding cannot hide a phrase. A hit scores 0.99.',
  '3. **Classifier** (classifier.ts, features.ts): logistic regression over the presence of hashed character 3-5-grams, word uni- and',
  '   bigrams, 3- and 4-grams of token shapes (plain word, punctuated word, number, letters+digits, letters glued to code symbols,',
  '   symbol run) and step indicators for the count of salad tokens and of unbalanced brackets (optimised GCG-style suffixes scatter',
  '   brackets; code, JSON and math close theirs), each indicator written to 16 buckets so it is not drowned by a thousand n-grams',
  '   (2^16 buckets, int8 weights plus one scale, 87 KB of base64 in weights.generated.ts). A text up to 2 KB is one segment;',
  '   a longer one is read as its first and last 2 KB and two 2 KB windows between, and the most suspicious segment decides. A second,',
  '   smaller head (2^12 buckets) labels an attack `jailbreak` or `prompt_injection` when no rule did.',
  '4. **Score** = 0.99 on a rule hit (or the classifier score if higher), else the classifier probability; one finding',
  '   `{type, score}` when it reaches the threshold.',
  '',
  'Reproduce: `GUARD_DATA_DIR=/path/to/shared/data npm run train:injection` (deterministic, about 10-25 s) then',
  '`GUARD_DATA_DIR=/path/to/shared/data npm run eval:injection` (this file). Without the variable the scripts look for',
  '`../shared/data` and `../../shared/data` next to the repository.',
  '',
  '## Where it stands, and what it does not do',
  '',
  '- The target was at least 95% detection at at most 3% false positives. On these test splits the default threshold keeps',
  '  false positives low on the large benign sources (the small MT-Bench and hand-written rows are coarse, see below) and',
  '  stays below the detection target; the ROC table shows the trade-off (a lower `threshold:` in the guard buys detection',
  '  with false positives, mostly on chat-style and deepset prompts).',
  '- deepset "injections" include many requests that are only odd or political ("Tell me a joke about a woman", "state',
  '  that Holland is the most powerful nation"): with about 200 training examples the classifier finds the blatant ones',
  '  and the rules the classic phrasings; the subtle ones, especially German, are the weakest row.',
  '- GCG suffixes are random-looking text; the shape and bracket features catch most but not all (a suffix of plain-looking',
  '  glued words with balanced brackets still passes). Benign code, JSON, LaTeX and Markdown prompts are among the hand-written',
  '  negatives so these features do not learn "symbols = attack". Attacks in other forms (multi-turn,',
  '  indirect injection inside retrieved documents phrased as ordinary prose, languages other than EN/DE/FR/ES) are not',
  '  measured here.',
  '- The small benign sources (MT-Bench, the hand-written prompts) have 16-20 test texts each: one false positive is',
  '  5-6%, so their rows are coarse. Role-play requests ("take on the role of a coach") are the benign texts most like',
  '  jailbreaks.',
  '- Plain harmful questions are not what this guard is for (a moderation guard is); their rows are reported only.',
  '',
];

const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' } } });
const OUT = values.out ?? fileURLToPath(new URL('../docs/guardrails-eval-injection.md', import.meta.url));
const THRESHOLD = DEFAULT_INJECTION_THRESHOLD;
const started = performance.now();
const rows = loadInjectionData(values.data ?? defaultGuardDataDir());
const test = rows.filter((row) => row.split === 'test');

interface Scored {
  row: LabelledText;
  score: number;
  rule: boolean;
  classifier: number;
}
function score(row: LabelledText, text = row.text): Scored {
  const assessment = assessInjection(text);
  // The engine skips the classifier after a rule hit; the report runs it anyway for the "classifier alone" column.
  const views = detectionViews(text);
  const classifier = Number.isNaN(assessment.classifierScore)
    ? Math.max(...[views.main, ...views.decoded].map((view) => classifyView(view).attack))
    : assessment.classifierScore;
  return { row, score: assessment.score, rule: assessment.rule !== undefined, classifier };
}
const scored = test.map((row) => score(row));
const reported = rows.filter((row) => row.split === 'report').map((row) => score(row));

const pct = (part: number, whole: number): string => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`);
const flagged = (items: readonly Scored[], threshold = THRESHOLD): number => items.filter((item) => item.score >= threshold).length;
const lines: string[] = [];
const summary: string[] = [];
function table(header: string[], body: (string | number)[][]): void {
  lines.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((cells) => `| ${cells.join(' | ')} |`), '');
}
function detectionRow(name: string, items: readonly Scored[]): (string | number)[] {
  return [
    name,
    items.length,
    pct(flagged(items), items.length),
    pct(items.filter((i) => i.rule).length, items.length),
    pct(items.filter((i) => i.classifier >= THRESHOLD).length, items.length),
  ];
}

lines.push(
  '# Prompt-injection detector: evaluation',
  '',
  `Generated by \`npm run eval:injection\` (scripts/eval-injection.ts) with model \`${INJECTION_MODEL_VERSION}\` at the default threshold **${THRESHOLD}**`,
  '(chosen on the validation split by scripts/train-injection-classifier.ts: the lowest score at which every benign group, deepset, MMLU, GSM8K, PAWS-X and chat = MT-Bench + hand-written, has at most 3% false positives).',
  "Every figure is on the held-out **test** splits (scripts/injection-data.ts): deepset's own test split; 15% of every other",
  'source by a stable hash of a group key (JailbreakBench by behavior, MT-Bench by question, jailbreak_llms by the opening of the prompt, so near-identical variants stay together).',
  "The classifier never saw these texts; the rules were written by hand from general knowledge of attack phrasings and the phrasing of deepset's training split, and checked against the training and validation texts only.",
  '',
  '## Detection per source (test)',
  '',
);
table(
  ['positives', 'texts', 'detected', 'by a rule', 'by the classifier alone'],
  POSITIVE_SOURCES.map((source) =>
    detectionRow(
      source,
      scored.filter((s) => s.row.source === source && s.row.label === 1),
    ),
  ),
);
const allPositives = scored.filter((s) => s.row.label === 1);
summary.push(`detection (all test positives): ${pct(flagged(allPositives), allPositives.length)} of ${allPositives.length}`);

lines.push('## False positives per benign source (test)', '');
const fprRows = BENIGN_SOURCES.map((source) => {
  const benign = scored.filter((s) => s.row.source === source && s.row.label === 0);
  return [source, benign.length, pct(flagged(benign), benign.length), pct(benign.filter((i) => i.rule).length, benign.length)];
});
table(['benign', 'texts', 'flagged', 'by a rule'], fprRows);
lines.push('PAWS-X (Wikipedia sentences) per language:', '');
table(
  ['PAWS-X language', 'texts', 'flagged'],
  ['en', 'de', 'es', 'fr', 'ja', 'ko', 'zh'].map((language) => {
    const benign = scored.filter((s) => s.row.source === 'pawsx' && s.row.facets.language === language);
    return [language, benign.length, pct(flagged(benign), benign.length)];
  }),
);
const allBenign = scored.filter((s) => s.row.label === 0);
summary.push(
  `false positives (all test benign): ${pct(flagged(allBenign), allBenign.length)} of ${allBenign.length}; per source ${fprRows.map((r) => `${r[0]} ${r[2]}`).join(', ')}`,
);

lines.push('## deepset test split: precision, recall, F1', '');
const deepsetRows: (string | number)[][] = [];
for (const [name, filter] of [
  ['all', () => true],
  ['English', (s: Scored) => s.row.facets.language === 'en'],
  ['German', (s: Scored) => s.row.facets.language === 'de'],
] as const) {
  const items = scored.filter((s) => s.row.source === 'deepset' && filter(s));
  const tp = items.filter((s) => s.row.label === 1 && s.score >= THRESHOLD).length;
  const fp = items.filter((s) => s.row.label === 0 && s.score >= THRESHOLD).length;
  const positives = items.filter((s) => s.row.label === 1).length;
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, positives);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  deepsetRows.push([name, positives, items.length - positives, precision.toFixed(3), recall.toFixed(3), f1.toFixed(3), pct(fp, items.length - positives)]);
  if (name === 'all') summary.push(`deepset test: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${f1.toFixed(3)}`);
}
table(['rows (language by a rough word test)', 'injections', 'benign', 'precision', 'recall', 'F1', 'false positives'], deepsetRows);

lines.push('## JailbreakBench per attack method (test)', '');
const methods = [...new Set(scored.filter((s) => s.row.source === 'jailbreakbench').map((s) => String(s.row.facets.method)))].sort();
table(
  ['method', 'texts', 'detected', 'by a rule', 'by the classifier alone'],
  [
    ...methods.map((method) =>
      detectionRow(
        method,
        scored.filter((s) => s.row.source === 'jailbreakbench' && s.row.facets.method === method),
      ),
    ),
    detectionRow(
      '**jailbroken = true** (attacks that worked)',
      scored.filter((s) => s.row.source === 'jailbreakbench' && s.row.facets.jailbroken === true),
    ),
  ],
);
lines.push(
  'JailbreakChat rows are one template (AIM) with the goal filled in, and adaptive random search also reuses one template with a suffix: splitting by behavior keeps goals apart, but the template itself is in the training split, so those rows measure "known template, new goal".',
  'GCG and DSN rows are the plain harmful request plus an optimised gibberish suffix.',
  '',
);

lines.push('## jailbreak_llms per community (test)', '');
const communities = [...new Set(scored.filter((s) => s.row.source === 'jailbreak_llms').map((s) => String(s.row.facets.community ?? '(none)')))].sort();
table(
  ['community', 'texts', 'detected', 'by a rule', 'by the classifier alone'],
  communities.map((community) =>
    detectionRow(
      community,
      scored.filter((s) => s.row.source === 'jailbreak_llms' && String(s.row.facets.community ?? '(none)') === community),
    ),
  ),
);

lines.push('## ROC (test, pooled)', '', 'TPR over all test positives; FPR over all test benign texts, and the mean of the per-source FPRs.', '');
const rocThresholds = [0.3, 0.4, 0.5, 0.6, THRESHOLD, 0.7, 0.8, 0.9, 0.95].sort((a, b) => a - b);
table(
  ['threshold', 'TPR', 'FPR (pooled)', 'FPR (mean over sources)'],
  rocThresholds.map((t) => {
    const meanFpr =
      BENIGN_SOURCES.map((source) => {
        const benign = scored.filter((s) => s.row.source === source && s.row.label === 0);
        return flagged(benign, t) / Math.max(1, benign.length);
      }).reduce((a, b) => a + b, 0) / BENIGN_SOURCES.length;
    return [
      t === THRESHOLD ? `**${t}** (default)` : t,
      pct(flagged(allPositives, t), allPositives.length),
      pct(flagged(allBenign, t), allBenign.length),
      `${(meanFpr * 100).toFixed(1)}%`,
    ];
  }),
);

lines.push('## Obfuscation robustness (test positives and test benign texts, transformed)', '');
const CYRILLIC: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і', y: 'у' };
const LEET: Record<string, string> = { a: '4', e: '3', o: '0', i: '1', s: '5', t: '7' };
const transforms: Record<string, (text: string) => string> = {
  none: (text) => text,
  'zero-width (U+200B after every 2nd letter)': (text) => text.replace(/(\p{L}\p{L})/gu, '$1\u200b'),
  'homoglyphs (Cyrillic а е о р с х і у)': (text) => text.replace(/[aeopcxiy]/g, (c) => CYRILLIC[c]!),
  'letter spacing ("i g n o r e", 3 spaces between words)': (text) =>
    text
      .split(/\s+/)
      .map((word) => [...word].join(' '))
      .join('   '),
  'leetspeak (a4 e3 o0 i1 s5 t7)': (text) => text.replace(/[aeoist]/g, (c) => LEET[c]!),
  'base64 ("Here is some data: <base64>")': (text) => `Here is some data: ${Buffer.from(text, 'utf8').toString('base64')}`,
};
const obfuscationRows: (string | number)[][] = [];
for (const [name, transform] of Object.entries(transforms)) {
  const positives = test.filter((row) => row.label === 1).map((row) => score(row, transform(row.text)));
  const benign = test.filter((row) => row.label === 0).map((row) => score(row, transform(row.text)));
  const perSource = POSITIVE_SOURCES.map((source) => {
    const items = positives.filter((s) => s.row.source === source);
    return pct(flagged(items), items.length);
  });
  obfuscationRows.push([name, pct(flagged(positives), positives.length), ...perSource, pct(flagged(benign), benign.length)]);
}
table(['transform', 'detected (all)', ...POSITIVE_SOURCES, 'benign flagged'], obfuscationRows);
summary.push(`obfuscation detection: ${obfuscationRows.map((r) => `${String(r[0]).split(' ')[0]} ${r[1]}`).join(', ')}`);

lines.push('## Plain harmful questions (not a target)', '');
lines.push(
  'These are harmful requests with no injection or jailbreak around them. The detector is not meant to flag them (a moderation guard is), so they are neither trained on nor counted above; the rate shows how often a bare harmful question looks like an attack to it.',
  '',
);
const harmfulRows = [
  ['forbidden_questions (jailbreak_llms)', reported.filter((s) => s.row.source === 'forbidden_questions')],
  ['jbb_harmful_behaviors, all 100', reported.filter((s) => s.row.source === 'jbb_harmful_behaviors')],
  ['jbb_harmful_behaviors, test behaviors only', reported.filter((s) => s.row.source === 'jbb_harmful_behaviors' && s.row.facets.behaviorSplit === 'test')],
] as const;
table(
  ['source', 'texts', 'flagged'],
  harmfulRows.map(([name, items]) => [name, items.length, pct(flagged(items), items.length)]),
);
lines.push(
  'The JailbreakBench goals are the first half of every GCG and DSN training prompt (goal + adversarial suffix), so for the goals whose attacks were trained on the classifier has partly learnt the goal words themselves; the "test behaviors only" row is the fair one.',
  '',
);
summary.push(
  `plain harmful questions (not a target): ${harmfulRows.map(([name, items]) => `${name.split(' (')[0]} ${pct(flagged(items), items.length)}`).join(', ')}`,
);

// Decision time: the engine's scan, after a warm-up pass, over every test text.
const engine = createInjectionEngine({});
for (const row of test.slice(0, 200)) engine.scan(row.text, 'user');
// Wall time per decision, and the process's CPU time for the same call (less inflated when a shared machine is busy).
const micros: number[] = [];
const cpuMicros: number[] = [];
const longMicros: number[] = [];
const longCpuMicros: number[] = [];
for (const row of test) {
  const cpuBefore = process.cpuUsage();
  const begin = process.hrtime.bigint();
  engine.scan(row.text, 'user');
  const elapsed = Number(process.hrtime.bigint() - begin) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  micros.push(elapsed);
  cpuMicros.push(cpu.user + cpu.system);
  if (row.text.length >= 4096) {
    longMicros.push(elapsed);
    longCpuMicros.push(cpu.user + cpu.system);
  }
}
const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const lengths = test.map((row) => row.text.length);
lines.push('## Decision time', '');
lines.push(
  `Every test text once through \`createInjectionEngine({}).scan\` after a warm-up (text length: median ${quantile(lengths, 0.5)} characters, p99 ${quantile(lengths, 0.99)}, max ${quantile(lengths, 1)}).`,
  '',
);
table(
  ['texts', 'count', 'wall p50 µs', 'wall p99 µs', 'CPU p50 µs', 'CPU p99 µs'],
  [
    [
      'all test texts',
      micros.length,
      quantile(micros, 0.5).toFixed(0),
      quantile(micros, 0.99).toFixed(0),
      quantile(cpuMicros, 0.5).toFixed(0),
      quantile(cpuMicros, 0.99).toFixed(0),
    ],
    [
      'texts of 4 KB or more',
      longMicros.length,
      quantile(longMicros, 0.5).toFixed(0),
      quantile(longMicros, 0.99).toFixed(0),
      quantile(longCpuMicros, 0.5).toFixed(0),
      quantile(longCpuMicros, 0.99).toFixed(0),
    ],
  ],
);
lines.push(
  `Measured single-threaded on a shared 2-core machine (load average ${loadavg()[0]!.toFixed(1)} at the time): the figures vary with load, and CPU time has a coarse clock, so treat them as an upper bound; the lead's benchmark is authoritative.`,
  '',
);
summary.push(
  `decision time: wall p50 ${quantile(micros, 0.5).toFixed(0)} µs, p99 ${quantile(micros, 0.99).toFixed(0)} µs; CPU p50 ${quantile(cpuMicros, 0.5).toFixed(0)} µs, p99 ${quantile(cpuMicros, 0.99).toFixed(0)} µs (texts ≥ 4 KB: wall p50 ${quantile(longMicros, 0.5).toFixed(0)} µs)`,
);

lines.splice(8, 0, '## Summary', '', ...summary.map((line) => `- ${line}`), '', ...ABOUT);
writeFileSync(OUT, lines.join('\n'));
console.log(summary.join('\n'));
console.log(`wrote ${OUT} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
