/**
 * The conformance battery: every provider type × both client SDKs × every case, through a running
 * gateway with the simulator behind it. Writes docs/compatibility.md from the results.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PIXEL_PNG_BASE64 } from '../../src/simulator/assets.js';
import { openSqlite } from '../../src/storage/sqlite/request-log-store.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { anthropicCases } from './anthropic-cases.js';
import { INGRESS_NAMES, MatrixReport } from './matrix-report.js';
import { openaiCases } from './openai-cases.js';
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
  await stack.gateway.services.log.flush();
  const db = openSqlite(`sqlite:${stack.dir}/switchboard.db`);
  try {
    return db.prepare('SELECT * FROM request_log WHERE model_requested = ? ORDER BY time DESC, rowid DESC LIMIT 1').get(model) as
      | Record<string, unknown>
      | undefined;
  } finally {
    db.close();
  }
}

function notApplicable(target: (typeof targets)[number], name: CaseName, ingress: 'openai' | 'anthropic'): string | undefined {
  if (name === 'embeddings') {
    if (ingress === 'anthropic') return 'the Anthropic Messages API has no embeddings endpoint; Anthropic-format clients use /v1/embeddings in OpenAI format';
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
      it(name, async () => {
        report.set(INGRESS_NAMES[0]!, target.type, name, { state: 'fail' });
        await openaiCases[name]({
          client: openai,
          model: `${target.type}-chat`,
          embeddingModel: `${target.type}-embed`,
          imageUrl: `${stack.simulator.url}/images/pixel.png`,
          imageBase64: PIXEL_PNG_BASE64,
          embeddingUsageReported: target.embeddingUsageReported !== false,
          lastLogRow,
        });
        report.set(INGRESS_NAMES[0]!, target.type, name, { state: 'pass' });
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
      it(name, async () => {
        report.set(INGRESS_NAMES[1]!, target.type, name, { state: 'fail' });
        await anthropicCases[name]({
          client: anthropic,
          model: `${target.type}-chat`,
          imageUrl: `${stack.simulator.url}/images/pixel.png`,
          imageBase64: PIXEL_PNG_BASE64,
          lastLogRow,
          reportsStopSequence: target.reportsStopSequence === true,
        });
        report.set(INGRESS_NAMES[1]!, target.type, name, { state: 'pass' });
      });
    }
  });
}
