/** A cached answer and the facts kept with it (who may see it, what it cost, when it expires). */
import type { ChatResponse } from '../core/types.js';

/** One stored answer. */
export interface CacheEntry {
  /** The canonical answer, served again in whatever format the next caller speaks. */
  response: ChatResponse;
  /** The question it answered (semantic entries): the near-miss guards compare against it. */
  question?: string;
  /** The alias the client named. */
  alias: string;
  /** The scope string it belongs to (scope.ts), namespace included: purges and statistics read it. */
  scope: string;
  /** What the answer cost upstream, in USD, when known: what each hit saves. */
  costUsd?: number;
  /** ms since the epoch. */
  createdAt: number;
  expiresAt: number;
}

/** Roughly how many bytes an entry takes (its JSON size): the store's byte bound and the size limit use it. */
export function entryBytes(entry: CacheEntry): number {
  const { response } = entry;
  let bytes = 200 + entry.scope.length + entry.alias.length + (entry.question?.length ?? 0) * 2;
  bytes += response.text.length * 2 + (response.reasoning?.length ?? 0) * 2 + response.id.length + response.model.length;
  for (const call of response.toolCalls) bytes += 40 + call.id.length + call.name.length + call.arguments.length * 2;
  for (const data of response.redactedReasoning ?? []) bytes += data.length;
  return bytes;
}
