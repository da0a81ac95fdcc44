/**
 * The per-request tracing state, kept in a context slot only for sampled requests: an unsampled
 * request has no slot, and every later callback returns after one lookup.
 */
import type { Context, Span } from '@opentelemetry/api';
import { type AttemptRecord, slotKey } from '../../pipeline/context.js';
import type { StreamedOutput } from './content-capture.js';

/** One sampled request's spans. */
export class RequestTrace {
  /** Attempts with a span, and their spans, index for index. */
  readonly attempts: AttemptRecord[] = [];
  readonly attemptSpans: Span[] = [];
  /** Whether content is captured for this request (decided once the caller is known). */
  capture = false;
  /** A streamed answer's content, assembled by the capture tap while capture is on. */
  streamed?: StreamedOutput;

  constructor(
    readonly span: Span,
    /** The context whose active span is the request span: the parent of phase and attempt spans. */
    readonly parent: Context,
    /** Epoch ms minus performance.now() at arrival: converts the pipeline's timings to span times. */
    readonly anchor: number,
  ) {}
}

/** The slot holding a sampled request's trace. */
export const requestTraceSlot = slotKey<RequestTrace>('tracing');
