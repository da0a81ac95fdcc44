/**
 * Long texts are scanned in segments, yielding to the event loop between them: a 100 KB document
 * in a prompt costs its scan time once, but never holds every other request on the process
 * while it is read. Segments overlap by more than the longest span an engine can find, so a value
 * cut by a segment edge is still found whole by the next segment.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Finding, LocalEngine, TextSource } from './engine.js';

/** Texts up to this many characters are scanned in one go. */
export const SEGMENT_CHARS = 16_384;

/** The findings of a text of any length, in the text's offsets; long texts take several turns. */
export async function scanSegmented(engine: LocalEngine, text: string, source: TextSource): Promise<Finding[]> {
  if (text.length <= SEGMENT_CHARS) return engine.scan(text, source);
  const overlap = Number.isFinite(engine.maxSpanChars) ? Math.max(256, engine.maxSpanChars * 2) : 1_024;
  const out: Finding[] = [];
  const unplaced = new Map<string, Finding>();
  for (let start = 0; start < text.length; start += SEGMENT_CHARS) {
    const from = Math.max(0, start - overlap);
    const end = Math.min(text.length, start + SEGMENT_CHARS);
    for (const finding of engine.scan(text.slice(from, end), source)) {
      if (finding.start === undefined || finding.end === undefined) {
        // One finding per type for the whole text, with the highest score any segment gave.
        const known = unplaced.get(finding.type);
        if (!known || (finding.score ?? 0) > (known.score ?? 0)) unplaced.set(finding.type, finding);
        continue;
      }
      const s = finding.start + from;
      const e = finding.end + from;
      // Wholly inside the overlap: the segment before saw it.
      if (from < start && e <= start) continue;
      out.push({ ...finding, start: s, end: e });
    }
    if (end < text.length) await nextTurn();
  }
  return [...out, ...unplaced.values()];
}
