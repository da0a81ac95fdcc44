/**
 * The done-when test of the eval gate: a real gateway with the simulator as the model, a baseline
 * prompt version labelled production and a candidate with a planted regression (its template no
 * longer carries the {{city}} the answer must name; the simulator's reply quotes the rendered
 * prompt, so the answer depends on the version). `switchboard eval` runs as a child process, as
 * in CI: exit 1 naming the regressed grader, with a JUnit failure and a Markdown summary; the
 * baseline against itself exits 0; a budget refusal stops the run with exit 2 and partial results.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { PromptTemplate } from '../../src/prompts/types.js';
import { closedPort } from '../../src/testing/closed-port.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { createKey, OUTPUT_PRICE_PER_M } from '../governance/helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
let stack: TestStack;
let dir: string;
/** The CI job's virtual key (the eval calls with it, so its budgets apply). */
let ciKey: string;

const template = (user: string): PromptTemplate => ({
  messages: [
    { role: 'system', content: 'You answer geography questions.' },
    { role: 'user', content: user },
  ],
  variables: { country: { type: 'string' }, city: { type: 'string' } },
  model: 'geo',
});

const CAPITALS = [
  ['France', 'Paris'],
  ['Japan', 'Tokyo'],
  ['Kenya', 'Nairobi'],
  ['Peru', 'Lima'],
  ['Norway', 'Oslo'],
  ['Egypt', 'Cairo'],
];

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `switchboard ARGS` as CI would and answers its exit code and output. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  const base = { SWITCHBOARD_URL: stack.url, SWITCHBOARD_ADMIN_KEY: ADMIN_KEY, SWITCHBOARD_API_KEY: ciKey, GITHUB_STEP_SUMMARY: '' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/switchboard.js', ...args], { env: { ...process.env, ...base, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs `switchboard eval ARGS`. */
const evalCli = (args: string[], env: Record<string, string> = {}) => cli(['eval', ...args], env);

const common = () => ['--dataset', join(dir, 'capitals.jsonl'), '--graders', join(dir, 'graders.yaml')];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-eval-'));
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1', prices: { 'sim-geo': { input: 0, output: OUTPUT_PRICE_PER_M } } }],
    models: [{ name: 'geo', targets: [{ provider: 'sim', model: 'sim-geo' }] }],
    extra: { admin_key: ADMIN_KEY, governance: { ledger_flush_ms: 50, spill_file: join(tmpdir(), `spill-${randomBytes(4).toString('hex')}.jsonl`) } },
  });
  ciKey = (await createKey(stack.url, ADMIN_KEY, { name: 'ci' })).key;
  // The prompts are pushed as CI pushes them: prompt files through `switchboard prompts push`.
  const file = (name: string, user: string) => {
    const path = join(dir, name, 'capital.yaml');
    mkdirSync(join(dir, name));
    writeFileSync(path, stringify(template(user)));
    return path;
  };
  const baseline = file('main', 'What is the capital of {{country}}? It is {{city}}.');
  // The planted regression: the candidate drops the city from the prompt, so answers stop naming it.
  const candidate = file('branch', 'What is the capital of {{country}}?');
  expect((await cli(['prompts', 'push', '--file', baseline, '--label', 'production'])).stdout).toContain('capital: created v1, production → v1');
  expect((await cli(['prompts', 'push', '--file', candidate, '--label', 'candidate'])).stdout).toContain('capital: created v2, candidate → v2');
  writeFileSync(
    join(dir, 'capitals.jsonl'),
    `${CAPITALS.map(([country, city]) => JSON.stringify({ id: country!.toLowerCase(), variables: { country, city }, expected: city })).join('\n')}\n`,
  );
  writeFileSync(join(dir, 'graders.yaml'), '- type: contains\n  name: names-the-city\n- type: regex\n  name: answers\n  pattern: "^Simulated reply to:"\n');
}, 180_000);
afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each case starts `switchboard` child processes (a few seconds each under tsx): generous limits.
describe('switchboard eval as a CI gate', { timeout: 120_000 }, () => {
  it('fails (exit 1) on the planted regression, names the grader, writes a JUnit failure and a Markdown summary', async () => {
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const run = await evalCli(
      [...common(), '--prompt', 'capital@candidate', '--baseline', 'capital@production', '--junit', join(dir, 'junit.xml'), '--markdown', join(dir, 'eval.md')],
      {
        GITHUB_STEP_SUMMARY: summary,
      },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('Eval: candidate capital@candidate vs baseline capital@production');
    expect(run.stdout).toMatch(/names-the-city\s+6\s+0\.000\s+1\.000\s+-1\.000\s+\[-1\.000, -1\.000\]\s+FAIL regressed/);
    expect(run.stdout).toMatch(/answers\s+6\s+1\.000\s+1\.000\s+\+0\.000\s+\[\+0\.000, \+0\.000\]\s+no clear difference/);
    expect(run.stdout).toContain('Result: FAILED: names-the-city regressed');
    // Six rows each way; the simulator bills output words at $0.001 each.
    expect(run.stdout).toMatch(/Candidate: 6 calls, \d+ input \+ \d+ output tokens, \$0\.\d+/);
    expect(run.stdout).toMatch(/Baseline: {2}6 calls/);
    expect(run.stderr).toContain('eval: 6/6 rows');

    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('tests="13" failures="7" errors="0"');
    expect(junit).toContain('<testcase name="france / names-the-city" classname="eval.names-the-city">\n    <failure message="regressed: the baseline passes');
    expect(junit).toMatch(/<testcase name="gate" classname="eval">\n {4}<failure message="FAILED: names-the-city regressed">/);
    const markdown = readFileSync(join(dir, 'eval.md'), 'utf8');
    expect(markdown).toContain('## ❌ Eval gate: capital@candidate vs capital@production');
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${markdown}`);
  });

  it('passes (exit 0) when the candidate is the baseline', async () => {
    const run = await evalCli([...common(), '--prompt', 'capital@1', '--baseline', 'capital@production', '--junit', join(dir, 'junit-ok.xml')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Result: PASSED');
    expect(readFileSync(join(dir, 'junit-ok.xml'), 'utf8')).toContain('tests="13" failures="0" errors="0"');
  });

  it('gates on --min-score without a baseline', async () => {
    const run = await evalCli([...common(), '--prompt', 'capital@2', '--min-score', '0.9', '--limit', '2']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/names-the-city\s+2\s+0\.000\s+0\.000\s+FAIL below min score/);
  });

  it('stops (exit 2) at a budget refusal, with the rows done so far reported', async () => {
    // Each answer is ~15 output words at $0.001: the key's $0.04 is spent within a few calls.
    const { key } = await createKey(stack.url, ADMIN_KEY, { name: 'eval-ci', budget: { usd: 0.04, period: 'month' } });
    const run = await evalCli([...common(), '--prompt', 'capital@1', '--baseline', 'capital@production', '--concurrency', '1'], { SWITCHBOARD_API_KEY: key });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr).toMatch(/stopped after \d of 6 rows: the gateway refused the call: HTTP 402/);
    expect(run.stdout).toMatch(/Rows: \d of 6 finished/);
    expect(run.stdout).toContain('Result: STOPPED');
  });

  it('exits 2 when the gateway cannot be reached, and on a bad dataset line', async () => {
    const down = await evalCli([...common(), '--prompt', 'capital@1', '--url', `http://127.0.0.1:${await closedPort()}`]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot reach the gateway at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    writeFileSync(join(dir, 'bad.jsonl'), '{"variables":{}}\n{"variables":{"country":"x"},"expected":1,}\n');
    const bad = await evalCli(['--dataset', join(dir, 'bad.jsonl'), '--graders', join(dir, 'graders.yaml'), '--prompt', 'capital@1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(dir, 'bad.jsonl')}:2: not JSON`);
  });

  it('counts a row whose call fails as 0 and lists it', async () => {
    writeFileSync(
      join(dir, 'missing.jsonl'),
      '{"id":"ok","variables":{"country":"Peru","city":"Lima"},"expected":"Lima"}\n{"id":"no-city","variables":{"country":"Chad"},"expected":"N\'Djamena"}\n',
    );
    const run = await evalCli(['--dataset', join(dir, 'missing.jsonl'), '--graders', join(dir, 'graders.yaml'), '--prompt', 'capital@1', '--min-score', '0.9']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 call errors (scored 0)');
    expect(run.stdout).toMatch(/no-city \(line 2\) candidate: HTTP 400 /);
    expect(run.stdout).toMatch(/names-the-city\s+2\s+0\.500/);
  });
});
