/** The load-balancing strategies: each orders a group's targets as its name says. */
import { describe, expect, it } from 'vitest';
import type { ModelGroup, Target } from '../config/compile.js';
import { RequestContext } from '../pipeline/context.js';
import { testTarget } from '../testing/targets.js';
import type { Strategy } from './schema.js';
import type { TargetStats } from './health-contract.js';
import { createOrdering } from './strategies.js';

const target = (name: string, weight = 1): Target => testTarget(name, { weight }, name);
const [a, b, c] = [target('a'), target('b'), target('c')];

function group(strategy: Strategy, targets: Target[] = [a, b, c]): ModelGroup {
  return { name: 'g', targets, strategy, retries: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, totalDeadlineMs: 1 }, breaker: null, fallbacks: {} };
}

function stats(values: { latency?: Record<string, number>; busy?: Record<string, number>; headroom?: Record<string, number> }): TargetStats {
  return {
    begin() {},
    end() {},
    firstToken() {},
    latencyMs: (t) => values.latency?.[t.providerId],
    inFlight: (t) => values.busy?.[t.providerId] ?? 0,
    headroom: (t) => values.headroom?.[t.providerId],
  };
}

function ctx(maxTokens?: number): RequestContext {
  const context = new RequestContext({ requestId: 'r', startedAt: 0, time: 0, operation: 'chat', ingress: 'openai', requestHeaders: {} });
  context.request = {
    model: 'g',
    stream: false,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }],
    ...(maxTokens ? { maxTokens } : {}),
  };
  return context;
}

const names = (targets: readonly Target[]) => targets.map((t) => t.providerId).join('');

describe('strategies', () => {
  it('fallback keeps the configured order', () => {
    const order = createOrdering({ stats: stats({}), cost: () => 0 });
    expect(names(order(group('fallback'), [a, b, c], ctx(), 0))).toBe('abc');
  });

  it('weighted draws the first target by weight', () => {
    const heavy = [target('a', 3), target('b', 1)];
    let draw = 0;
    const draws = [0.1, 0.5, 0.74, 0.76, 0.99];
    const order = createOrdering({ stats: stats({}), cost: () => 0, random: () => draws[draw++ % draws.length]! });
    const firsts = draws.map(() => order(group('weighted', heavy), heavy, ctx(), 0)[0]!.providerId);
    expect(firsts).toEqual(['a', 'a', 'a', 'b', 'b']);
  });

  it('round-robin rotates per group', () => {
    const order = createOrdering({ stats: stats({}), cost: () => 0 });
    const g = group('round-robin');
    expect([0, 1, 2, 3].map(() => names(order(g, g.targets, ctx(), 0)))).toEqual(['abc', 'bca', 'cab', 'abc']);
  });

  it('least-latency prefers the fastest, and an unmeasured target first', () => {
    const order = createOrdering({ stats: stats({ latency: { a: 300, b: 100 } }), cost: () => 0 });
    expect(names(order(group('least-latency'), [a, b, c], ctx(), 0))).toBe('cba');
  });

  it('least-busy prefers the fewest in flight', () => {
    const order = createOrdering({ stats: stats({ busy: { a: 5, b: 0, c: 2 } }), cost: () => 0 });
    expect(names(order(group('least-busy'), [a, b, c], ctx(), 0))).toBe('bca');
  });

  it('headroom prefers the most remaining rate limit, counting no headers as full', () => {
    const order = createOrdering({ stats: stats({ headroom: { a: 0.1, b: 0.6 } }), cost: () => 0 });
    expect(names(order(group('headroom'), [a, b, c], ctx(), 0))).toBe('cba');
  });

  it('least-cost prices the expected tokens, unknown prices last', () => {
    // a: cheap input, dear output; b: the reverse; c: unknown.
    const prices: Record<string, { input: number; output: number } | undefined> = { a: { input: 1, output: 20 }, b: { input: 10, output: 1 } };
    const cost = (compiled: Target['compiled'], _model: string, usage: { inputTokens: number; outputTokens: number }) => {
      const p = prices[compiled.settings.id];
      return p ? (usage.inputTokens * p.input + usage.outputTokens * p.output) / 1e6 : undefined;
    };
    const order = createOrdering({ stats: stats({}), cost });
    // Few output tokens: a's cheap input wins; many: b's cheap output wins.
    expect(names(order(group('least-cost'), [a, b, c], ctx(1), 0))).toBe('abc');
    expect(names(order(group('least-cost'), [a, b, c], ctx(10_000), 0))).toBe('bac');
  });
});
