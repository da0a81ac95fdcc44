/**
 * One streamed channel of an answer (its text, its reasoning, one tool call's arguments) as the
 * output guards see it: text is held back by the filter's window, released through the guards,
 * then through the tokenize vault, which holds back a placeholder cut between chunks
 * (`[EMA` + `IL_1]`) until it is whole. Look-behind context of what was already sent lets the
 * detectors see a value's surroundings (a "born on" before a date).
 */
import type { TokenLogprob } from '../core/types.js';
import { type OutputFilter, type ReleaseContext, releaseHeld } from './output-filter.js';
import { partialPlaceholderFrom } from './token-vault.js';

/**
 * Characters held past the window before a release: each release scans context + window + step
 * characters. The first release comes after a short step, so the first text is barely late; the
 * step then grows with what was sent (to 128), so a long answer is scanned about twice, not six
 * times, over.
 */
const FIRST_STEP = 32;
const MAX_STEP = 128;
/** Characters of sent text kept as look-behind context. */
const CONTEXT_CHARS = 64;
/**
 * The most a channel holds while a match is still open (a PEM block that never ends): past it the
 * stream is blocked rather than sending a secret in pieces.
 */
export const MAX_HELD_CHARS = 64 * 1024;
/** The most an answer held whole for whole-answer guards may be; longer answers are blocked, never sent unchecked. */
export const MAX_WHOLE_ANSWER_CHARS = 8 * 1024 * 1024;

/** One channel's held text. */
export class HeldText {
  /** Text received and not yet released through the guards. */
  private held = '';
  /** The end of what was released (before rewriting), for look-behind. */
  private context = '';
  /** Released text waiting for a placeholder to complete. */
  private restoring = '';
  /** Characters released so far. */
  private released = 0;
  /** The held length at which the next scan runs, after a scan that could release nothing. */
  private nextScanAt = 0;
  /** Log-probabilities of held text, handed out with the next release. */
  logprobs?: TokenLogprob[];

  constructor(
    private readonly filter: OutputFilter,
    private readonly rc: ReleaseContext,
    /** How restored values are encoded (JSON string content for tool-call arguments). */
    private readonly encodeValue?: (value: string) => string,
    /** Hold everything to the end (whole-answer guards). */
    private readonly holdAll = filter.holdAll,
  ) {}

  /** Takes a chunk; returns what can be sent now ('' for nothing). */
  push(chunk: string): string {
    this.held += chunk;
    if (this.holdAll) return this.tooLong(MAX_WHOLE_ANSWER_CHARS);
    if (this.filter.local.length === 0) {
      const out = this.held;
      this.held = '';
      return this.restore(out, false);
    }
    if (this.held.length < this.filter.window + Math.min(MAX_STEP, FIRST_STEP + (this.released >> 3))) return '';
    if (this.held.length < this.nextScanAt && this.held.length <= MAX_HELD_CHARS) return '';
    const scan = this.context + this.held;
    const base = this.context.length;
    const released = releaseHeld(this.filter, scan, base, false, this.rc);
    const text = released.text;
    if (released.cut > base) {
      this.released += released.cut - base;
      this.context = scan.slice(Math.max(0, released.cut - CONTEXT_CHARS), released.cut);
      this.held = scan.slice(released.cut);
      this.nextScanAt = 0;
    } else {
      // Nothing could go (a match still open): wait for half as much again before scanning, so a
      // long value arriving in small chunks costs linear time, not a rescan per chunk.
      this.nextScanAt = Math.ceil(this.held.length * 1.5);
    }
    if (text.length === 0) return this.tooLong(MAX_HELD_CHARS);
    return this.restore(text, false);
  }

  /**
   * The stream ended: everything left, released through the in-process guards, then restored
   * (unless `restore` is false: whole-answer guards read the model's own words first, and
   * restoreEnd() follows).
   */
  end(restore = true): string {
    const scan = this.context + this.held;
    const base = this.context.length;
    this.held = '';
    const { text } = this.filter.local.length > 0 ? releaseHeld(this.filter, scan, base, true, this.rc) : { text: scan.slice(base) };
    return restore ? this.restore(text, true) : text;
  }

  /** Restores the last text end(false) gave (after whole-answer guards read it). */
  restoreEnd(text: string): string {
    return this.restore(text, true);
  }

  private tooLong(limit: number): string {
    if (this.held.length > limit) this.rc.block(undefined, []);
    return '';
  }

  private restore(text: string, final: boolean): string {
    const vault = this.rc.vault;
    if (!vault || vault.size === 0) return text;
    let all = this.restoring + text;
    this.restoring = '';
    if (!final) {
      const from = partialPlaceholderFrom(all);
      if (from !== undefined) {
        this.restoring = all.slice(from);
        all = all.slice(0, from);
      }
    }
    return vault.restore(all, this.encodeValue);
  }
}
