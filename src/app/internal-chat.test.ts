/**
 * The LLM judge's chat call through the gateway, on the real chat plan with the simulator as the
 * judge model: a child request of its own (id `<id>-guard`, `-guard2`, ...) carrying the caller,
 * exempt from guardrails, authenticate skipped, admit → dispatch → settle → record run once; the
 * parent's abort, the guard's signal and the time cap all stop it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../config/compile.js';
import { configSchema } from '../config/schema.js';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, Message } from '../core/types.js';
import { isExemptFromGuardrails } from '../guardrails/exempt.js';
import { guardrailSchema, type GuardrailConfigOf } from '../guardrails/config-schema.js';
import { createLlmJudgeEngine } from '../guardrails/external/llm-judge.js';
import { clientClosed } from '../pipeline/context.js';
import type { Hook } from '../pipeline/contract.js';
import type { GatewayServices } from '../pipeline/services.js';
import { PROVIDERS } from '../providers/registry.js';
import type { ServerPlans } from '../server/http-server.js';
import { type RunningSimulator, startSimulator } from '../simulator/server.js';
import { callerContext } from '../testing/caller-context.js';
import { HttpClient } from '../transport/http-client.js';
import { createAuthTools } from './auth-tools.js';
import { createCostFunction } from './cost.js';
import { internalChat } from './internal-chat.js';
import { buildRoutePlans } from './route-plans.js';
import { type RoutingState, startRouting } from './routing.js';

const noLog = { error() {}, warn() {}, info() {} };

interface Admitted {
  id: string;
  keyId?: string;
  exempt: boolean;
  request: ChatRequest;
}

let sim: RunningSimulator;
let http: HttpClient;
let routing: RoutingState;
let plans: ServerPlans;
const admitted: Admitted[] = [];
const recorded: Array<{ id: string; status: number; error?: string }> = [];
const phases: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const config = configSchema.parse({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: `${sim.url}/v1` }],
    models: [{ name: 'judge', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
  });
  const plan = compilePlan(config, '/etc/switchboard/config.yaml', PROVIDERS, {});
  http = new HttpClient();
  const services: GatewayServices = { plan, http, cost: createCostFunction(plan), authTools: createAuthTools(http), logger: noLog };
  routing = await startRouting(config, noLog);
  const watch: Hook = {
    name: 'watch-admit',
    run: (ctx) => {
      admitted.push({ id: ctx.id, keyId: ctx.identity?.keyId, exempt: isExemptFromGuardrails(ctx), request: ctx.request as ChatRequest });
      return undefined;
    },
  };
  const refuseAll: Hook = {
    name: 'refuse-all',
    run: () => {
      throw new GatewayError('authentication_failed', 401, 'credentials must not be checked again');
    },
  };
  plans = buildRoutePlans(services, {
    observers: [
      { onPhase: (_ctx, phase) => void phases.push(phase) },
      { onRequestEnd: (ctx) => void recorded.push({ id: ctx.id, status: ctx.status, ...(ctx.error ? { error: ctx.error.code } : {}) }) },
    ],
    loopbackOnly: true,
    routing: routing.runtime,
    extraHooks: { authenticate: [refuseAll], admit: [watch] },
  });
});

afterAll(async () => {
  await routing.close();
  await http.close(100);
  await sim.close();
});

const ask = (text: string): Message[] => [{ role: 'user', content: [{ type: 'text', text }] }];
const never = () => new AbortController().signal;

describe('the judge call through the gateway', () => {
  it("runs a child request as the caller, exempt from guardrails, and returns the model's text", async () => {
    const judge = internalChat({ plan: () => plans.chat });
    const parent = callerContext();
    const messages = ask('Classify this. [[sim reply=unsafe]]');
    expect(await judge(parent, 'judge', messages, never())).toBe('unsafe');
    expect(admitted.at(-1)).toEqual({
      id: 'req_9-guard',
      keyId: 'key_1',
      exempt: true,
      request: { model: 'judge', messages, stream: false, temperature: 0, maxTokens: 256 },
    });
    expect(phases).not.toContain('authenticate');
    expect(recorded.at(-1)).toEqual({ id: 'req_9-guard', status: 200 });
    // The parent is untouched, and not exempt itself.
    expect(parent.status).toBe(200);
    expect(isExemptFromGuardrails(parent)).toBe(false);
    await judge(parent, 'judge', ask('again [[sim reply=safe]]'), never());
    expect(recorded.slice(-2).map((r) => r.id)).toEqual(['req_9-guard', 'req_9-guard2']);
  });

  it('serves an LLM judge guard end to end: the verdict of the simulated model becomes a finding', async () => {
    const config = guardrailSchema.parse({ name: 'lg', type: 'llm_judge', alias: 'judge', format: 'llama_guard' }) as GuardrailConfigOf<'llm_judge'>;
    const engine = createLlmJudgeEngine(config, internalChat({ plan: () => plans.chat }));
    const parent = callerContext('req_e2e');
    const findings = await engine.check([{ text: 'something nasty [[sim reply=unsafe]]', source: 'user' }], {
      stage: 'input',
      signal: never(),
      ctx: parent,
    });
    expect(findings).toEqual([[{ type: 'unsafe' }]]);
    expect(recorded.at(-1)).toEqual({ id: 'req_e2e-guard', status: 200 });
  });

  it("throws the gateway's refusal of the alias, and records it", async () => {
    const judge = internalChat({ plan: () => plans.chat });
    await expect(judge(callerContext('req_nf'), 'no-such-alias', ask('x'), never())).rejects.toMatchObject({ code: 'model_not_found' });
    expect(recorded.at(-1)).toMatchObject({ id: 'req_nf-guard', error: 'model_not_found' });
  });

  it("stops on the guard's signal, the parent's abort, or its own time cap", async () => {
    const judge = internalChat({ plan: () => plans.chat });
    const hanging = ask('wait [[sim fault=hang]]');

    const controller = new AbortController();
    const bySignal = judge(callerContext('req_sig'), 'judge', hanging, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(bySignal).rejects.toMatchObject({ code: 'deadline_exceeded', message: "The guard cancelled its judge call to 'judge'." });

    const parent = callerContext('req_par');
    const byParent = judge(parent, 'judge', hanging, never());
    await new Promise((resolve) => setTimeout(resolve, 20));
    parent.abort(clientClosed());
    await expect(byParent).rejects.toMatchObject({ code: 'client_closed' });

    const capped = internalChat({ plan: () => plans.chat, timeoutMs: 50 });
    await expect(capped(callerContext('req_cap'), 'judge', hanging, never())).rejects.toMatchObject({ code: 'deadline_exceeded' });
    expect(recorded.filter((r) => ['req_sig-guard', 'req_cap-guard'].includes(r.id)).map((r) => r.error)).toEqual(['deadline_exceeded', 'deadline_exceeded']);
  });

  it('starts nothing for a caller already gone or a signal already aborted, nor before the plans exist', async () => {
    const judge = internalChat({ plan: () => plans.chat });
    const before = admitted.length;
    const gone = callerContext('req_gone');
    gone.abort(clientClosed());
    await expect(judge(gone, 'judge', ask('x'), never())).rejects.toMatchObject({ code: 'client_closed' });
    const aborted = new AbortController();
    aborted.abort();
    await expect(judge(callerContext('req_ab'), 'judge', ask('x'), aborted.signal)).rejects.toMatchObject({ code: 'deadline_exceeded' });
    expect(admitted.length).toBe(before);
    await expect(internalChat({ plan: () => undefined })(callerContext(), 'judge', ask('x'), never())).rejects.toThrow(/not serving yet/);
  });
});
