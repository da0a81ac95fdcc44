/**
 * What the admin API and the CLI ask of the request log: search with keyset pagination, one
 * request's detail, the overview's time series, and the retention sweep. Both dialects implement
 * it (reader.ts) and give the same answers (reader.contract.test.ts).
 */
import type { CacheStatsRequest, CacheStatsRow } from '../../admin/cache-contract.js';
import type { CacheResult, GuardrailFilterOutcome, Overview, RequestDetail, RequestSearchPage } from '../../admin/requests-contract.js';

/** A status filter: one HTTP status, or a class such as 4xx (min inclusive, max exclusive). */
export type StatusFilter = { exact: number } | { min: number; max: number };

/** Filters shared by search and overview; every one optional, all ANDed. */
export interface RequestLogFilter {
  /** Inclusive, ms since the epoch. */
  from?: number;
  /** Exclusive, ms since the epoch. */
  to?: number;
  team?: string;
  project?: string;
  key?: string;
  user?: string;
  /** Matches the model asked for or the one that served. */
  model?: string;
  provider?: string;
  status?: StatusFilter;
  errorCode?: string;
  /** What the response cache did, matched exactly. */
  cache?: CacheResult;
  /** A guard's name: rows where it gave any verdict but pass. */
  guardrail?: string;
  /** Rows where a guard (the `guardrail` one, when given) came to this outcome. */
  guardrailOutcome?: GuardrailFilterOutcome;
  /** The stored prompt called (its id), matched exactly. */
  prompt?: string;
  /** The prompt version called. */
  promptVersion?: number;
  /** Free text, matched case-insensitively inside the metadata JSON. */
  q?: string;
}

/** A search: filters, page size and the position after which the page starts. */
export interface RequestLogSearch extends RequestLogFilter {
  limit: number;
  /** The opaque next_cursor of the previous page. */
  cursor?: string;
  /** Oldest first instead of newest first (`switchboard logs --follow`); the cursor then moves forward. */
  ascending?: boolean;
}

/** Bucket widths of the overview. */
export const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
/** One of the bucket widths. */
export type BucketName = keyof typeof BUCKET_MS;

/** An overview over a closed range. */
export interface OverviewRequest {
  from: number;
  to: number;
  bucket: BucketName;
  by?: 'team' | 'model' | 'provider';
  team?: string;
}

/** The request log's read side and its retention. */
export interface RequestLogReader {
  /** A page, ordered by time then id, newest first (oldest first with `ascending`). Throws InvalidCursorError on a cursor it did not make. */
  search(query: RequestLogSearch): Promise<RequestSearchPage>;
  /** One request, or undefined; with `team`, only when the row belongs to that team. */
  detail(id: string, team?: string): Promise<RequestDetail | undefined>;
  overview(query: OverviewRequest): Promise<Overview>;
  /** What the response cache did, per team or model, over a range. */
  cacheStats(query: CacheStatsRequest): Promise<CacheStatsRow[]>;
  /** Deletes rows older than `before` in chunks of `chunk` rows per statement; resolves with the count. */
  sweep(before: number, chunk?: number): Promise<number>;
}

/** A cursor that was not made by the request log (changed by hand, or from another API). */
export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid: pass the next_cursor of the previous page unchanged.');
    this.name = 'InvalidCursorError';
  }
}
