/**
 * The conformance battery: every provider type × three client formats (OpenAI Chat Completions and
 * Responses, Anthropic Messages) × every case, through a running gateway with the simulator behind
 * it. Writes docs/compatibility.md from the results.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_PNG_BASE64 } from '../../src/simulator/assets.js';
import { openSqlite } from '../../src/storage/sqlite/request-log-store.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { anthropicCases } from './anthropic-cases.js';
import { INGRESS_NAMES, MatrixReport } from './matrix-report.js';
import { openaiCases } from './openai-cases.js';
import { responsesCases } from './responses-cases.js';
import { CASES, type CaseName, conformanceTargets } from './targets.js';

const targets = conformanceTargets();
const report = new MatrixReport();
let stack: TestStack;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  stack = await startStack({
    providers: targets.map((t) => t.provider),
    models: targets.flatMap((t) => [
      { name: `${t.type}-chat`, targets: [{ provider: String(t.provider.id), model: t.chatModel }] },
      ...(t.embeddingModel ? [{ name: `${t.type}-embed`, targets: [{ provider: String(t.provider.id), model: t.embeddingModel }] }] : []),
    ]),
  });
  openai = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'any', baseURL: stack.url, maxRetries: 0 });
});

afterAll(async () => {
  report.write('docs/compatibility.md', targets, INGRESS_NAMES);
  await stack?.close();
});

async function lastLogRow(model: string): Promise<Record<string, unknown> | undefined> {
  await stack.gateway.requestLog.flush();
  const db = openSqlite(`sqlite:${stack.dir}/switchboard.db`);
  try {
    return db.prepare('SELECT * FROM request_log WHERE model_requested = ? ORDER BY time DESC, rowid DESC LIMIT 1').get(model) as
      | Record<string, unknown>
      | undefined;
  } finally {
    db.close();
  }
}

/** A case the provider cannot honour must fail with 400 unsupported_parameter naming the provider. */
async function expectRefusedOpenAI(run: Promise<void>, providerId: string): Promise<void> {
  const error = (await run.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; error?: { code?: string; message?: string } } | undefined;
  expect(error?.status).toBe(400);
  expect(error?.error?.code).toBe('unsupported_parameter');
  expect(error?.error?.message).toContain(`'${providerId}'`);
}

async function expectRefusedAnthropic(run: Promise<void>, providerId: string): Promise<void> {
  const error = (await run.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; error?: { error?: { type?: string; message?: string; code?: string } } } | undefined;
  expect(error?.status).toBe(400);
  expect(error?.error?.error?.type).toBe('invalid_request_error');
  expect(error?.error?.error?.code).toBe('unsupported_parameter');
  expect(error?.error?.error?.message).toContain(`'${providerId}'`);
}

function notApplicable(target: (typeof targets)[number], name: CaseName, ingress: 'openai' | 'anthropic' | 'responses'): string | undefined {
  if (name === 'logprobs' && ingress === 'anthropic') return 'the Anthropic Messages API has no logprobs parameter; OpenAI-format clients ask for them';
  if (name === 'stop' && ingress === 'responses') return 'the Responses API has no stop parameter';
  if (name === 'embeddings') {
    if (ingress === 'anthropic') return 'the Anthropic Messages API has no embeddings endpoint; Anthropic-format clients use /v1/embeddings in OpenAI format';
    if (ingress === 'responses') return 'the Responses API has no embeddings; its clients use /v1/embeddings';
    if (!target.embeddingModel) return target.notApplicable?.embeddings ?? 'the provider has no embeddings endpoint';
  }
  return target.notApplicable?.[name];
}

for (const target of targets) {
  describe(`${target.type} via OpenAI SDK`, () => {
    for (const name of CASES) {
      const reason = notApplicable(target, name, 'openai');
      if (reason) {
        report.set(INGRESS_NAMES[0]!, target.type, name, { state: 'n/a', reason });
        continue;
      }
      const refused = target.unsupported?.[name];
      it(refused ? `${name} (refused with 400)` : name, async () => {
        report.set(INGRESS_NAMES[0]!, target.type, name, { state: 'fail' });
        const run = openaiCases[name]({
          client: openai,
          model: `${target.type}-chat`,
          embeddingModel: `${target.type}-embed`,
          imageUrl: `${stack.simulator.url}/images/pixel.png`,
          imageBase64: PIXEL_PNG_BASE64,
          embeddingUsageReported: target.embeddingUsageReported !== false,
          reasoningText: target.reasoningText !== false,
          lastLogRow,
        });
        if (refused) {
          await expectRefusedOpenAI(run, String(target.provider.id));
          report.set(INGRESS_NAMES[0]!, target.type, name, { state: 'refused', reason: refused });
          return;
        }
        await run;
        report.set(INGRESS_NAMES[0]!, target.type, name, { state: 'pass' });
      });
    }
  });
  describe(`${target.type} via OpenAI SDK (Responses)`, () => {
    for (const name of CASES) {
      const reason = notApplicable(target, name, 'responses');
      if (reason) {
        report.set(INGRESS_NAMES[2]!, target.type, name, { state: 'n/a', reason });
        continue;
      }
      const refused = target.unsupportedViaResponses?.[name] ?? target.unsupported?.[name];
      it(refused ? `${name} (refused with 400)` : name, async () => {
        report.set(INGRESS_NAMES[2]!, target.type, name, { state: 'fail' });
        const run = responsesCases[name]({
          client: openai,
          model: `${target.type}-chat`,
          imageUrl: `${stack.simulator.url}/images/pixel.png`,
          imageBase64: PIXEL_PNG_BASE64,
          reasoningText: target.reasoningText !== false,
          lastLogRow,
        });
        if (refused) {
          await expectRefusedOpenAI(run, String(target.provider.id));
          report.set(INGRESS_NAMES[2]!, target.type, name, { state: 'refused', reason: refused });
          return;
        }
        await run;
        report.set(INGRESS_NAMES[2]!, target.type, name, { state: 'pass' });
      });
    }
  });
  describe(`${target.type} via Anthropic SDK`, () => {
    for (const name of CASES) {
      const reason = notApplicable(target, name, 'anthropic');
      if (reason) {
        report.set(INGRESS_NAMES[1]!, target.type, name, { state: 'n/a', reason });
        continue;
      }
      const refused = target.unsupported?.[name];
      it(refused ? `${name} (refused with 400)` : name, async () => {
        report.set(INGRESS_NAMES[1]!, target.type, name, { state: 'fail' });
        const run = anthropicCases[name]({
          client: anthropic,
          model: `${target.type}-chat`,
          imageUrl: `${stack.simulator.url}/images/pixel.png`,
          imageBase64: PIXEL_PNG_BASE64,
          lastLogRow,
          reportsStopSequence: target.reportsStopSequence === true,
          reasoningText: target.reasoningText !== false,
        });
        if (refused) {
          await expectRefusedAnthropic(run, String(target.provider.id));
          report.set(INGRESS_NAMES[1]!, target.type, name, { state: 'refused', reason: refused });
          return;
        }
        await run;
        report.set(INGRESS_NAMES[1]!, target.type, name, { state: 'pass' });
      });
    }
  });
}
