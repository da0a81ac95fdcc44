/**
 * The feedback store on SQLite and PostgreSQL: rows keep the caller's attribution, the request
 * lookup the route's tenancy rule uses, and the admin detail showing only the request's team's rows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { testRequestRecord } from '../../testing/request-record.js';
import { requestLogReader, requestLogStore } from '../request-log/store.js';
import { openFeedbackStore, type SqlFeedbackStore } from './index.js';

const T0 = Date.UTC(2027, 0, 1);

describe.each(GOVERNANCE_DIALECTS)('feedback store on %s', (name, open) => {
  let database: GovernanceDatabase;
  let store: SqlFeedbackStore;
  beforeAll(async () => {
    database = await open(`feedback_${name}`);
    store = openFeedbackStore(database.storage);
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.storage.db.deleteFrom('request_log').execute();
    await database.storage.db.deleteFrom('feedback').execute();
    await requestLogStore(database.storage).write([testRequestRecord('req_a', T0, { teamId: 'team_a' }), testRequestRecord('req_open', T0, {})]);
  });

  it('stores every attribution field and a fresh id per row', async () => {
    const first = await store.add({
      requestId: 'req_a',
      time: T0 + 1,
      teamId: 'team_a',
      projectId: 'p',
      keyId: 'k',
      endUser: 'alice',
      score: 0.25,
      label: 'ok',
      comment: 'fine',
    });
    const second = await store.add({ requestId: 'req_a', time: T0 + 2, teamId: 'team_a', label: 'again' });
    expect(first.id).toMatch(/^fb_/);
    expect(second.id).not.toBe(first.id);
    const rows = await database.storage.db.selectFrom('feedback').selectAll().orderBy('time').execute();
    expect(rows.map((r) => ({ ...r, time: Number(r.time) }))).toEqual([
      {
        id: first.id,
        request_id: 'req_a',
        time: T0 + 1,
        team_id: 'team_a',
        project_id: 'p',
        key_id: 'k',
        end_user: 'alice',
        score: 0.25,
        label: 'ok',
        comment: 'fine',
      },
      {
        id: second.id,
        request_id: 'req_a',
        time: T0 + 2,
        team_id: 'team_a',
        project_id: null,
        key_id: null,
        end_user: null,
        score: null,
        label: 'again',
        comment: null,
      },
    ]);
  });

  it('finds a request’s team, or nothing for an id without a row', async () => {
    expect(await store.findRequest('req_a')).toEqual({ teamId: 'team_a' });
    expect(await store.findRequest('req_open')).toEqual({ teamId: null });
    expect(await store.findRequest('req_none')).toBeUndefined();
  });

  it('shows in the admin detail only the feedback of the request’s own team', async () => {
    await store.add({ requestId: 'req_a', time: T0 + 2, teamId: 'team_a', score: 1 });
    await store.add({ requestId: 'req_a', time: T0 + 1, teamId: 'team_b', score: 0, comment: 'not mine' });
    await store.add({ requestId: 'req_a', time: T0 + 3, label: 'untenanted' });
    await store.add({ requestId: 'req_open', time: T0 + 4, score: 3 });
    const reader = requestLogReader(database.storage);
    expect((await reader.detail('req_a'))?.feedback).toEqual([{ score: 1, label: null, comment: null, created_at: T0 + 2 }]);
    expect((await reader.detail('req_a', 'team_a'))?.feedback).toHaveLength(1);
    expect((await reader.detail('req_open'))?.feedback).toEqual([{ score: 3, label: null, comment: null, created_at: T0 + 4 }]);
  });
});
