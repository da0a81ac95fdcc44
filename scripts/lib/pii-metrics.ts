/**
 * Span scoring of the PII evaluation (scripts/eval-pii.ts). Per type, precision and recall twice:
 * exact (same start, end and type) and overlap (any shared character, same type). A detection
 * that shares no character with a gold span of its type but overlaps a gold span of a type we do
 * not target (GPE, ZIP_CODE, DATE_TIME, ...) is ignored, neither right nor wrong: the data labels
 * that text, just under a name we do not use (a ZIP inside our STREET_ADDRESS, a city after it).
 */

/** A labelled or detected span; `type` is ours (EMAIL, PHONE, ...) or, for gold, UNTARGETED:<presidio type>. */
export interface LabelledSpan {
  type: string;
  start: number;
  end: number;
}

/** One text with its gold spans. */
export interface LabelledText {
  text: string;
  gold: LabelledSpan[];
  /** Presidio template id (absent for generated texts). */
  templateId?: number;
}

/** Counts of one type. */
export interface TypeCounts {
  gold: number;
  predicted: number;
  ignored: number;
  exactTruePositive: number;
  exactRecalled: number;
  overlapTruePositive: number;
  overlapRecalled: number;
}

/** Every type's counts, and texts without gold spans that got a detection. */
export interface Scores {
  byType: Map<string, TypeCounts>;
  emptyTexts: number;
  emptyTextsFlagged: number;
}

/** The prefix of gold spans of types outside our target list. */
export const UNTARGETED = 'UNTARGETED:';

const overlaps = (a: LabelledSpan, b: LabelledSpan): boolean => a.start < b.end && b.start < a.end;

function counts(map: Map<string, TypeCounts>, type: string): TypeCounts {
  let c = map.get(type);
  if (!c) {
    c = { gold: 0, predicted: 0, ignored: 0, exactTruePositive: 0, exactRecalled: 0, overlapTruePositive: 0, overlapRecalled: 0 };
    map.set(type, c);
  }
  return c;
}

/** Scores detections against gold, text by text (predictions[i] belongs to texts[i]). */
export function score(texts: readonly LabelledText[], predictions: readonly LabelledSpan[][]): Scores {
  const byType = new Map<string, TypeCounts>();
  let emptyTexts = 0;
  let emptyTextsFlagged = 0;
  texts.forEach((item, i) => {
    const predicted = predictions[i]!;
    const targeted = item.gold.filter((g) => !g.type.startsWith(UNTARGETED));
    const untargeted = item.gold.filter((g) => g.type.startsWith(UNTARGETED));
    if (item.gold.length === 0) {
      emptyTexts++;
      if (predicted.length > 0) emptyTextsFlagged++;
    }
    for (const g of targeted) {
      const c = counts(byType, g.type);
      c.gold++;
      if (predicted.some((p) => p.type === g.type && p.start === g.start && p.end === g.end)) c.exactRecalled++;
      if (predicted.some((p) => p.type === g.type && overlaps(p, g))) c.overlapRecalled++;
    }
    for (const p of predicted) {
      const c = counts(byType, p.type);
      const sameType = targeted.filter((g) => g.type === p.type);
      const overlapHit = sameType.some((g) => overlaps(p, g));
      if (!overlapHit && untargeted.some((g) => overlaps(p, g))) {
        c.ignored++;
        continue;
      }
      c.predicted++;
      if (overlapHit) c.overlapTruePositive++;
      if (sameType.some((g) => g.start === p.start && g.end === p.end)) c.exactTruePositive++;
    }
  });
  return { byType, emptyTexts, emptyTextsFlagged };
}

/** A ratio as a percentage with one decimal, or "-" when there is nothing to divide. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** A markdown table of per-type precision and recall, exact and overlap, for the types given. */
export function scoreTable(scores: Scores, types: readonly string[]): string[] {
  const lines = [
    '| type | gold | detected | P exact | R exact | P overlap | R overlap | ignored |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let gold = 0;
  let predicted = 0;
  let exactTp = 0;
  let exactRec = 0;
  let overlapTp = 0;
  let overlapRec = 0;
  for (const type of types) {
    const c = scores.byType.get(type);
    if (!c || (c.gold === 0 && c.predicted === 0)) continue;
    gold += c.gold;
    predicted += c.predicted;
    exactTp += c.exactTruePositive;
    exactRec += c.exactRecalled;
    overlapTp += c.overlapTruePositive;
    overlapRec += c.overlapRecalled;
    lines.push(
      `| ${type} | ${c.gold} | ${c.predicted} | ${percent(c.exactTruePositive, c.predicted)} | ${percent(c.exactRecalled, c.gold)} | ${percent(c.overlapTruePositive, c.predicted)} | ${percent(c.overlapRecalled, c.gold)} | ${c.ignored} |`,
    );
  }
  lines.push(
    `| **all** | ${gold} | ${predicted} | ${percent(exactTp, predicted)} | ${percent(exactRec, gold)} | ${percent(overlapTp, predicted)} | ${percent(overlapRec, gold)} | |`,
  );
  return lines;
}
