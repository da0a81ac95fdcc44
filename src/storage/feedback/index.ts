/** The feedback store over the open database: what app/ wires into POST /v1/feedback and the admin API. */
import type { Storage } from '../open.js';
import { SqlFeedbackStore } from './sql-feedback-store.js';

export { type FeedbackView, newFeedbackId, SqlFeedbackStore } from './sql-feedback-store.js';

/** The feedback store on `storage` (SQLite or PostgreSQL). */
export function openFeedbackStore(storage: Pick<Storage, 'db'>): SqlFeedbackStore {
  return new SqlFeedbackStore(storage.db);
}
