/** The admin API's main CRUD flow, spend and audit on PostgreSQL (a throwaway schema on the local server). */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, TEST_POSTGRES_URL, type TestSchema } from '../../src/testing/postgres.js';
import type { TestStack } from '../../src/testing/stack.js';
import { runCrudFlow } from './crud-flow.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

async function sql(schemaName: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schemaName}`);
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let schema: TestSchema;
let stack: TestStack;
let owner: AdminClient;

beforeAll(async () => {
  schema = await createTestSchema('admin_api');
  stack = await startAdminStack({ storage: schema.url });
  owner = new AdminClient(stack.url, ADMIN_KEY);
});
afterAll(async () => {
  await stack?.close();
  await schema?.drop();
});

describe('admin API on PostgreSQL', () => {
  it('runs the CRUD flow, and spend and audit read back what was done', async () => {
    const { team, project, key, secret } = await runCrudFlow(owner, 'postgres');
    const day = new Date().toISOString().slice(0, 10);
    await stack.gateway.governance.ledger.write([
      {
        request_id: 'req_pg_1',
        time: Date.now(),
        day,
        team_id: team.id,
        project_id: project.id,
        key_id: key.id,
        end_user: 'u',
        model: 'gpt-4o',
        provider: 'openai',
        usd: 0.25,
        input_tokens: 7,
        output_tokens: 3,
        estimated: 0,
      },
    ]);
    const spend = await owner.ok<{ data: unknown[] }>(200, 'GET', `/admin/v1/spend?group_by=key&from=${day}&to=${day}`);
    expect(spend.data).toEqual([
      { key_id: key.id, key_name: 'ranking-prod', usd: 0.25, input_tokens: 7, output_tokens: 3, requests: 1, saved_usd: 0, cache_hits: 0 },
    ]);
    const csv = await owner.call('GET', `/admin/v1/spend?group_by=project&from=${day}&to=${day}&format=csv`);
    expect(csv.text).toBe(
      `project_id,project_name,usd,input_tokens,output_tokens,requests,saved_usd,cache_hits\r\n${project.id},ranking-v2,0.25,7,3,1,0,0\r\n`,
    );
    const audit = await owner.call('GET', `/admin/v1/audit?object_id=${key.id}`);
    expect(audit.status).toBe(200);
    expect((audit.json as { data: Array<{ action: string }> }).data.map((r) => r.action)).toEqual(['key.updated', 'key.created']);
    expect(audit.text).not.toContain(secret);
  });

  it('answers a database failure with a 500 internal_error that names no table, column or driver message', async () => {
    await sql(schema.name, 'ALTER TABLE teams RENAME TO teams_gone');
    try {
      const res = await owner.call('GET', '/admin/v1/teams');
      const error = expectAdminError(res, 500, 'internal_error', null);
      expect(error.message).toContain(res.headers['x-request-id']!);
      expect(res.text).not.toMatch(/teams_gone|relation|does not exist|select/i);
    } finally {
      await sql(schema.name, 'ALTER TABLE teams_gone RENAME TO teams');
    }
    await owner.ok(200, 'GET', '/admin/v1/teams');
  });
});
