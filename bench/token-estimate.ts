/**
 * `npx tsx bench/token-estimate.ts`: what the input-token estimate (src/core/token-estimate.ts)
 * costs per request, for prompts of a few sizes and scripts. A few thousand calls each, a second
 * or two in all; it prints microseconds per request.
 */
import type { ChatRequest } from '../src/core/types.js';
import { estimateInputTokens } from '../src/core/token-estimate.js';

const ENGLISH = 'The gateway translates every call to any provider through a canonical form. ';
const MIXED = 'Le café est prêt — Быстрая лиса — 快速的棕色狐狸 — ok. ';

function request(unit: string, bytes: number, turns: number): ChatRequest {
  // Through JSON, as a request body arrives: flat strings, not the rope repeat() builds.
  const text = JSON.parse(JSON.stringify(unit.repeat(Math.ceil(bytes / turns / unit.length)))) as string;
  return {
    model: 'm',
    stream: true,
    messages: Array.from({ length: turns }, (_, i) => ({
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: [{ type: 'text' as const, text }],
    })),
    tools: [{ name: 'lookup', description: 'Search the docs', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
  };
}

const cases: Array<[string, ChatRequest]> = [
  ['1 KB English, 2 turns', request(ENGLISH, 1_000, 2)],
  ['10 KB English, 10 turns', request(ENGLISH, 10_000, 10)],
  ['100 KB English, 40 turns', request(ENGLISH, 100_000, 40)],
  ['10 KB mixed scripts, 10 turns', request(MIXED, 10_000, 10)],
  ['100 KB mixed scripts, 40 turns', request(MIXED, 100_000, 40)],
];

let sink = 0;
// Warm every shape up first, so the first case does not pay for the JIT.
for (const [, req] of cases) for (let i = 0; i < 500; i++) sink += estimateInputTokens(req);
for (const [name, req] of cases) {
  const runs = 2_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) sink += estimateInputTokens(req);
  const micros = Number(process.hrtime.bigint() - start) / 1_000 / runs;
  console.log(`${name.padEnd(32)} ${micros.toFixed(2).padStart(8)} µs/request  (${estimateInputTokens(req)} tokens estimated)`);
}
if (sink < 0) console.log(sink);
