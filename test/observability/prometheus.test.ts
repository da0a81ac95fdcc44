/**
 * A real Prometheus (Debian's `prometheus`, installed by .ci/run) scrapes a gateway's /metrics
 * every second with the admin key, while the test sends a known mix of traffic through the
 * simulator: 7 answered (3 of them streamed) and 3 refused upstream with a 400. PromQL over
 * Prometheus's HTTP API must then return exactly those counts, the token histogram's count,
 * the time-to-first-chunk count of the streamed calls, and a spend above zero.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { chat, freePort, PRICED_MODELS, pricedProvider, waitFor } from '../governance/helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;

/** The prometheus binary, or a failure that says how to get it (this test never skips). */
function prometheusBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('prometheus is not installed: run `apt-get install prometheus` (Debian), as .ci/run does, then run this test again.');
  }
}

let stack: TestStack;
let dir: string;
let prometheus: ChildProcess | undefined;
let promUrl: string;
let promLog = '';

beforeAll(async () => {
  const binary = prometheusBinary();
  stack = await startStack({ providers: [pricedProvider()], models: PRICED_MODELS, extra: { admin_key: ADMIN_KEY } });
  dir = mkdtempSync(join(tmpdir(), 'switchboard-prometheus-'));
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: switchboard',
      '    scrape_interval: 1s',
      '    scrape_timeout: 1s',
      '    metrics_path: /metrics',
      '    authorization:',
      '      type: Bearer',
      `      credentials: ${ADMIN_KEY}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${stack.gateway.port}']`,
      '',
    ].join('\n'),
  );
  prometheus = spawn(
    binary,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prometheus.stdout!.on('data', (chunk: Buffer) => {
    promLog += chunk.toString();
  });
  prometheus.stderr!.on('data', (chunk: Buffer) => {
    promLog += chunk.toString();
  });
  await waitFor(
    'prometheus to be ready',
    async () => {
      if (prometheus?.exitCode !== null) throw new Error(`prometheus exited (${prometheus?.exitCode}):\n${promLog}`);
      const response = await fetch(`${promUrl}/-/ready`);
      return response.ok ? true : undefined;
    },
    30_000,
    100,
  );
}, 60_000);

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
    prometheus.kill('SIGTERM');
    const timer = setTimeout(() => prometheus?.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The value of an instant PromQL query that returns one sample, or undefined when it returns none. */
async function query(promql: string): Promise<number | undefined> {
  const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as { status: string; error?: string; data: { result: Array<{ value: [number, string] }> } };
  if (body.status !== 'success') throw new Error(`PromQL ${promql}: ${body.error}`);
  const first = body.data.result[0];
  return first ? Number(first.value[1]) : undefined;
}

/** Polls until the query returns `expected` (bounded); fails with the last value seen. */
async function expectQuery(promql: string, expected: number): Promise<void> {
  let last: number | undefined;
  try {
    await waitFor(
      promql,
      async () => {
        last = await query(promql);
        return last === expected ? true : undefined;
      },
      20_000,
      250,
    );
  } catch {
    expect.fail(`PromQL ${promql} returned ${last}, expected ${expected}`);
  }
}

describe('a real Prometheus scraping the gateway', () => {
  it('scrapes with the admin key and its PromQL counts match the traffic sent', async () => {
    // The scrape works only with the key (the gateway has admin_key): up is 1 once it succeeded.
    await expectQuery('up{job="switchboard"}', 1);

    for (let i = 0; i < 7; i++) {
      const answer = await chat(stack.url, ADMIN_KEY, { maxTokens: 5, stream: i < 3 });
      expect(answer.status, answer.text).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      const answer = await chat(stack.url, ADMIN_KEY, { maxTokens: 5, prompt: 'fail please [[sim fault=400]]' });
      expect(answer.status, answer.text).toBe(400);
    }

    await expectQuery('sum(switchboard_requests_total{switchboard_model="capped", http_response_status_code="200"})', 7);
    await expectQuery('sum(switchboard_requests_total{switchboard_model="capped", error_type="upstream_bad_request", switchboard_status_class="4xx"})', 3);
    await expectQuery('sum(switchboard_upstream_attempts_total{switchboard_provider="sim", switchboard_attempt_outcome="error"})', 3);
    await expectQuery('sum(gen_ai_client_token_usage_count{gen_ai_token_type="output", gen_ai_provider_name="openai"})', 7);
    await expectQuery('sum(gen_ai_client_operation_duration_count{error_type="upstream_bad_request"})', 3);
    await expectQuery('sum(gen_ai_client_operation_time_to_first_chunk_count)', 3);
    // 7 answers of 5 output tokens at $0.001 each.
    const spend = await query('sum(switchboard_spend_usd_total{switchboard_model="capped"})');
    expect(spend).toBeGreaterThan(0);
    expect(spend).toBeCloseTo(0.035, 9);
    // A quantile over the duration histogram works, as the dashboards' p95 queries need.
    const p95 = await query('histogram_quantile(0.95, sum by (le) (gen_ai_client_operation_duration_bucket))');
    expect(p95).toBeGreaterThan(0);
  }, 90_000);

  it('accepts every example query of docs/observability.md', async () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/observability.md'), 'utf8');
    const blocks = [...docs.matchAll(/```promql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    // Queries are separated by comment lines; a query may span lines.
    const queries = blocks.flatMap((block) =>
      block
        .split(/^#.*$/m)
        .map((q) => q.trim())
        .filter(Boolean),
    );
    expect(queries.length).toBeGreaterThanOrEqual(8);
    for (const promql of queries) await query(promql);
  });
});
