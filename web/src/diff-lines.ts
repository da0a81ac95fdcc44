/**
 * Reading a unified diff (what GET /admin/v1/prompts/{id}/diff answers) into classified lines with
 * their old and new line numbers, so the view can colour additions and removals. Pure: no DOM.
 */

/** What a line of a unified diff is. */
export type DiffLineKind = 'header' | 'hunk' | 'add' | 'remove' | 'context' | 'note';

/** One classified line; text is without its +/-/space prefix (headers and hunks keep theirs). */
export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** The line's number in the old version (remove, context). */
  oldLine?: number;
  /** The line's number in the new version (add, context). */
  newLine?: number;
}

/** A parsed diff and how many lines it adds and removes. */
export interface ParsedDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Classifies each line. Inside a hunk its counts decide (a removed line may itself start with
 * "--"), outside one the file headers (Index, ===, ---, +++) are headers.
 */
export function parseUnifiedDiff(unified: string): ParsedDiff {
  const raw = unified.replace(/\r\n/g, '\n').split('\n');
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  const lines: DiffLine[] = [];
  let oldNext = 0;
  let newNext = 0;
  let oldLeft = 0;
  let newLeft = 0;
  let added = 0;
  let removed = 0;
  for (const line of raw) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldNext = Number(hunk[1]);
      newNext = Number(hunk[3]);
      oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
      // An empty side ("-0,0") starts numbering at the next line.
      if (oldLeft === 0) oldNext += 1;
      if (newLeft === 0) newNext += 1;
      lines.push({ kind: 'hunk', text: line });
      continue;
    }
    if (line.startsWith('\\')) {
      lines.push({ kind: 'note', text: line.slice(1).trim() });
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) {
      lines.push({ kind: 'header', text: line });
      continue;
    }
    const mark = line[0];
    const text = line.slice(1);
    if (mark === '+' && newLeft > 0) {
      lines.push({ kind: 'add', text, newLine: newNext++ });
      newLeft -= 1;
      added += 1;
    } else if (mark === '-' && oldLeft > 0) {
      lines.push({ kind: 'remove', text, oldLine: oldNext++ });
      oldLeft -= 1;
      removed += 1;
    } else {
      // A context line; some tools strip its leading space when the line is empty.
      lines.push({ kind: 'context', text: mark === ' ' ? text : line, oldLine: oldNext++, newLine: newNext++ });
      oldLeft -= 1;
      newLeft -= 1;
    }
  }
  return { lines, added, removed };
}
