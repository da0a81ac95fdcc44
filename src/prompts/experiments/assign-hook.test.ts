/**
 * Assignment: sticky per unit, weights honoured within tolerance over many units, team targeting,
 * the traffic share, pinned prompt versions left alone, variants applied to the request, and shadow
 * mode answering the control while copying the request for the shadow variant.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse } from '../../core/types.js';
import { RequestContext } from '../../pipeline/context.js';
import { experimentHooks, type PendingShadow } from './assign-hook.js';
import { type Experiment, parseDefinition } from './definition.js';
import { indexExperiments } from './snapshot.js';

let seq = 0;
function experiment(definition: unknown, tenant = 'global', status: Experiment['status'] = 'running'): Experiment {
  seq++;
  return { id: `exp_${seq.toString(16).padStart(16, '0')}`, tenant, definition: parseDefinition(definition), status, createdAt: seq, updatedAt: seq };
}

function request(init: {
  model?: string;
  user?: string;
  key?: string;
  team?: string;
  prompt?: ChatRequest['prompt'];
  id?: string;
  headers?: Record<string, string>;
}) {
  const ctx = new RequestContext<ChatRequest, ChatResponse>({
    requestId: init.id ?? `req_${++seq}`,
    startedAt: 0,
    time: 0,
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: init.headers ?? {},
  });
  ctx.request = {
    model: init.model ?? '',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: true,
    ...(init.prompt ? { prompt: init.prompt } : {}),
  };
  ctx.modelRequested = init.model ?? '';
  ctx.identity = { method: 'key', keyId: init.key, team: init.team, endUser: init.user };
  return ctx;
}

const ALIAS_TEST = {
  name: 'model-swap',
  target: { alias: 'chat' },
  variants: [
    { name: 'a', weight: 3, model: 'openai/gpt-a', params: { temperature: 0.2 } },
    { name: 'b', weight: 1, model: 'openai/gpt-b', params: { max_tokens: 50, top_p: 0.5 } },
  ],
};

function hooksFor(experiments: Experiment[], shadows?: PendingShadow[], random = () => 0) {
  const index = indexExperiments(experiments);
  return experimentHooks({ index: () => index, shadow: shadows ? (_parent, pending) => shadows.push(pending) : undefined, random });
}

describe('experiment assignment', () => {
  it('is sticky per end user and applies the variant (model, parameters, headers, ctx.experiment)', () => {
    const e = experiment(ALIAS_TEST);
    const { prepare } = hooksFor([e]);
    const first = request({ model: 'chat', user: 'alice' });
    prepare.run(first);
    const variant = first.experiment!.variant;
    expect(first.experiment).toEqual({ experiment: e.id, variant });
    expect(first.responseHeaders['x-switchboard-experiment']).toBe(e.id);
    expect(first.responseHeaders['x-switchboard-variant']).toBe(variant);
    expect(first.request.model).toBe(variant === 'a' ? 'openai/gpt-a' : 'openai/gpt-b');
    expect(first.modelRequested).toBe(first.request.model);
    if (variant === 'a') expect(first.request.temperature).toBe(0.2);
    else expect([first.request.maxTokens, first.request.topP]).toEqual([50, 0.5]);
    for (let i = 0; i < 20; i++) {
      const again = request({ model: 'chat', user: 'alice', key: `key_${i}` });
      prepare.run(again);
      expect(again.experiment?.variant).toBe(variant);
    }
  });

  it('leaves out a request that opts out with x-switchboard-experiments: off', () => {
    const { prepare } = hooksFor([experiment(ALIAS_TEST)]);
    const out = request({ model: 'chat', user: 'alice', headers: { 'x-switchboard-experiments': 'off' } });
    prepare.run(out);
    expect(out.experiment).toBeUndefined();
    expect(out.request.model).toBe('chat');
    const other = request({ model: 'chat', user: 'alice', headers: { 'x-switchboard-experiments': 'on' } });
    prepare.run(other);
    expect(other.experiment).toBeDefined();
  });

  it('splits units by weight within tolerance', () => {
    const { prepare } = hooksFor([experiment(ALIAS_TEST)]);
    let a = 0;
    const units = 20_000;
    for (let i = 0; i < units; i++) {
      const ctx = request({ model: 'chat', user: `user-${i}` });
      prepare.run(ctx);
      if (ctx.experiment?.variant === 'a') a++;
    }
    // 3:1 weights; the binomial's standard deviation here is about 0.003.
    expect(Math.abs(a / units - 0.75)).toBeLessThan(0.02);
  });

  it('falls back to the key, then to the request id, and unit key ignores the end user', () => {
    const byKey = experiment({ ...ALIAS_TEST, name: 'by-key', unit: 'key' });
    const { prepare } = hooksFor([byKey]);
    const variants = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const ctx = request({ model: 'chat', user: `user-${i}`, key: 'key_same' });
      prepare.run(ctx);
      variants.add(ctx.experiment!.variant);
    }
    expect(variants.size).toBe(1);
    const anonymous = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const ctx = request({ model: 'chat' });
      prepare.run(ctx);
      anonymous.add(ctx.experiment!.variant);
    }
    expect(anonymous).toEqual(new Set(['a', 'b']));
  });

  it('targets teams: a global experiment narrowed by teams, a team experiment its own team only', () => {
    const global = experiment({ ...ALIAS_TEST, name: 'narrowed', teams: ['t1'] });
    const own = experiment({ ...ALIAS_TEST, name: 'team-own', target: { alias: 'other' } }, 'team:t2');
    const { prepare } = hooksFor([global, own]);
    const cases: [string, string | undefined, string | undefined][] = [
      ['chat', 't1', global.id],
      ['chat', 't2', undefined],
      ['chat', undefined, undefined],
      ['other', 't2', own.id],
      ['other', 't1', undefined],
    ];
    for (const [model, team, expected] of cases) {
      const ctx = request({ model, team, user: 'u' });
      prepare.run(ctx);
      expect(ctx.experiment?.experiment, `${model} for team ${team}`).toBe(expected);
    }
  });

  it('lets in the traffic share of units, stickily', () => {
    const { prepare } = hooksFor([experiment({ ...ALIAS_TEST, name: 'tenth', traffic: 0.1 })]);
    let entered = 0;
    for (let i = 0; i < 10_000; i++) {
      const ctx = request({ model: 'chat', user: `u${i}` });
      prepare.run(ctx);
      if (ctx.experiment) entered++;
    }
    expect(Math.abs(entered / 10_000 - 0.1)).toBeLessThan(0.02);
  });

  it('assigns prompt versions unless the client pinned a version number, and leaves other traffic alone', () => {
    const e = experiment({
      name: 'prompt-test',
      target: { prompt: 'support' },
      variants: [
        { name: 'v1', weight: 1, prompt_version: 1 },
        { name: 'v2', weight: 1, prompt_version: 'staging' },
      ],
    });
    const { prepare } = hooksFor([e]);
    const labelled = request({ prompt: { id: 'support', version: 'production' }, user: 'u1' });
    prepare.run(labelled);
    expect(labelled.experiment?.experiment).toBe(e.id);
    expect(labelled.request.prompt?.version).toBe(labelled.experiment?.variant === 'v1' ? '1' : 'staging');
    const bare = request({ prompt: { id: 'support' }, user: 'u2' });
    prepare.run(bare);
    expect(bare.experiment).toBeDefined();
    const pinned = request({ prompt: { id: 'support', version: '3' }, user: 'u3' });
    prepare.run(pinned);
    expect(pinned.experiment).toBeUndefined();
    expect(pinned.request.prompt?.version).toBe('3');
    const other = request({ prompt: { id: 'billing' }, model: 'chat' });
    prepare.run(other);
    expect(other.experiment).toBeUndefined();
    expect(other.responseHeaders['x-switchboard-variant']).toBeUndefined();
  });

  it('assigns nothing for paused experiments', () => {
    const { prepare } = hooksFor([experiment(ALIAS_TEST, 'global', 'paused')]);
    const ctx = request({ model: 'chat', user: 'u' });
    prepare.run(ctx);
    expect(ctx.experiment).toBeUndefined();
  });

  it('in shadow mode answers with the control and copies sampled requests for the shadow variant after they succeed', () => {
    const e = experiment({ ...ALIAS_TEST, name: 'shadowed', shadow: { variant: 'b', fraction: 0.5 } });
    const shadows: PendingShadow[] = [];
    let r = 0;
    const { prepare, settle } = hooksFor([e], shadows, () => (r++ % 2 === 0 ? 0.1 : 0.9));
    for (let i = 0; i < 10; i++) {
      const ctx = request({ model: 'chat', user: `u${i}` });
      prepare.run(ctx);
      expect(ctx.experiment?.variant).toBe('a');
      expect(ctx.request.model).toBe('openai/gpt-a');
      settle.run(ctx);
    }
    expect(shadows.length).toBe(5);
    expect(shadows[0]!.request.model).toBe('openai/gpt-b');
    expect(shadows[0]!.request.stream).toBe(false);
    expect(shadows[0]!.assignment).toEqual({ experiment: e.id, variant: 'b', shadow: true });
    // A refused request is not mirrored.
    const refused = request({ model: 'chat', user: 'x' });
    prepare.run(refused);
    refused.status = 429;
    settle.run(refused);
    expect(shadows.length).toBe(5);
  });
});
