/**
 * Separates reasoning written inline as <think>…</think> (Perplexity's reasoning models) from the
 * answer. Streamed text may split a tag across chunks, so a possible partial tag is held back.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

/** One piece of output: visible text or reasoning. */
export interface ThinkSegment {
  kind: 'text' | 'reasoning';
  text: string;
}

/** A stateful splitter for one stream (or one whole body). */
export interface ThinkSplitter {
  push(text: string): ThinkSegment[];
  /** Releases anything held back at the end of the stream. */
  end(): ThinkSegment[];
}

/** Length of the longest suffix of text that is a proper prefix of tag. */
function partialTagAt(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) if (text.endsWith(tag.slice(0, n))) return n;
  return 0;
}

/** Creates a splitter; reasoning is only recognised when <think> opens it. */
export function createThinkSplitter(): ThinkSplitter {
  let inThink = false;
  let held = '';
  // The answer usually starts after newlines that only separated it from </think>.
  let trimAnswerStart = false;
  function emit(out: ThinkSegment[], raw: string): void {
    let text = raw;
    if (!inThink && trimAnswerStart) text = text.replace(/^\n+/, '');
    if (text.length === 0) return;
    if (!inThink) trimAnswerStart = false;
    const kind = inThink ? 'reasoning' : 'text';
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  }
  return {
    push(chunk) {
      let text = held + chunk;
      held = '';
      const out: ThinkSegment[] = [];
      while (text.length > 0) {
        const tag = inThink ? CLOSE : OPEN;
        const at = text.indexOf(tag);
        if (at >= 0) {
          emit(out, text.slice(0, at));
          inThink = !inThink;
          text = text.slice(at + tag.length);
          if (!inThink) trimAnswerStart = true;
          continue;
        }
        const partial = partialTagAt(text, tag);
        emit(out, text.slice(0, text.length - partial));
        held = text.slice(text.length - partial);
        break;
      }
      return out;
    },
    end() {
      const out: ThinkSegment[] = [];
      emit(out, held);
      held = '';
      return out;
    },
  };
}

/** Splits a whole text at once. */
export function splitThinkTags(text: string): { text: string; reasoning: string } {
  const splitter = createThinkSplitter();
  let answer = '';
  let reasoning = '';
  for (const segment of [...splitter.push(text), ...splitter.end()]) {
    if (segment.kind === 'text') answer += segment.text;
    else reasoning += segment.text;
  }
  return { text: answer, reasoning };
}
