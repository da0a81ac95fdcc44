/**
 * Feedback rows on SQLite and PostgreSQL through Kysely. One insert per call, no batching:
 * feedback is rare, and the row is wanted by the next results read.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FeedbackInput, FeedbackStore } from '../../prompts/experiments/results-contract.js';
import type { StorageSchema } from '../schema.js';

/** A feedback id: `fb_` and 16 random bytes. */
export function newFeedbackId(): string {
  return `fb_${randomBytes(16).toString('base64url')}`;
}

/** One feedback row as the admin API shows it. */
export interface FeedbackView {
  score: number | null;
  label: string | null;
  comment: string | null;
  created_at: number;
}

/** FeedbackStore over the `feedback` table, plus the admin's read of one request's feedback. */
export class SqlFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: Kysely<StorageSchema>,
    private readonly newId: () => string = newFeedbackId,
  ) {}

  async add(feedback: FeedbackInput): Promise<{ id: string }> {
    const id = this.newId();
    await this.db
      .insertInto('feedback')
      .values({
        id,
        request_id: feedback.requestId,
        time: feedback.time,
        team_id: feedback.teamId ?? null,
        project_id: feedback.projectId ?? null,
        key_id: feedback.keyId ?? null,
        end_user: feedback.endUser ?? null,
        score: feedback.score ?? null,
        label: feedback.label ?? null,
        comment: feedback.comment ?? null,
      })
      .execute();
    return { id };
  }

  /** The feedback on a request given by its team (null: the untenanted one), oldest first. */
  async forRequest(requestId: string, teamId: string | null): Promise<FeedbackView[]> {
    let query = this.db.selectFrom('feedback').select(['score', 'label', 'comment', 'time']).where('request_id', '=', requestId);
    query = teamId === null ? query.where('team_id', 'is', null) : query.where('team_id', '=', teamId);
    const rows = await query.orderBy('time').orderBy('id').execute();
    return rows.map((r) => ({ score: r.score === null ? null : Number(r.score), label: r.label, comment: r.comment, created_at: Number(r.time) }));
  }
}
