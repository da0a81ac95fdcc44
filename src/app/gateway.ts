/**
 * The composition root: the only module that wires config, storage, transport, pipeline and
 * server together, and shuts them down gracefully.
 */
import type { AddressInfo } from 'node:net';
import { compilePlan, type RuntimePlan } from '../config/compile.js';
import { ConfigError } from '../config/errors.js';
import { loadConfigFile } from '../config/load.js';
import pino from 'pino';
import { type BatchingSink, type BatchWriter, createBatchingSink } from '../observability/batching-sink.js';
import type { OpenBreaker } from '../observability/metrics/gauges.js';
import type { Hook, HookPhase } from '../pipeline/contract.js';
import type { GatewayServices, Logger } from '../pipeline/services.js';
import type { ResponseStore } from '../responses/store-contract.js';
import type { CacheFeature } from '../cache/cache-feature.js';
import { registerCacheGauges, startCache } from './cache.js';
import type { TenantGuardrailConfig } from '../guardrails/config-schema.js';
import type { GuardrailsFeature } from '../guardrails/feature.js';
import type { CallerIdentity } from '../pipeline/context.js';
import { startGuardrails } from './guardrails.js';
import { internalChat } from './internal-chat.js';
import { createTenantGuardrailLookup } from './tenant-guardrails.js';
import { internalEmbeddings } from './internal-embeddings.js';
import { PROVIDERS } from '../providers/registry.js';
import { createGatewayServer, type ServerPlans } from '../server/http-server.js';
import { dashboardRouter } from '../server/dashboard.js';
import { INGRESSES } from '../server/ingresses.js';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { openStorage, type Storage } from '../storage/open.js';
import { openPromptStore } from '../storage/prompts/index.js';
import { requestLogReader, requestLogStore } from '../storage/request-log/store.js';
import { SqlResponseStore } from '../storage/responses/sql-response-store.js';
import { SqliteResponseStore } from '../storage/sqlite/response-store.js';
import { HttpClient } from '../transport/http-client.js';
import type { GovernanceStores } from '../storage/governance/index.js';
import { wireAdmin } from './admin-wiring.js';
import { startObservability } from './observability.js';
import { dependencyChecks } from './dependency-checks.js';
import type { RoutingState } from './routing.js';
import { type RequestLogRetention, startRequestLogRetention } from '../observability/request-log/retention.js';
import { type Governance, startGovernance } from './governance.js';
import { feedbackOptions } from './feedback.js';
import { createAuthTools } from './auth-tools.js';
import { createCostFunction } from './cost.js';
import { startPrompts, type Prompts } from './prompts.js';
import { buildRoutePlans } from './route-plans.js';
import { type ExperimentsFeature, startExperiments } from './experiments.js';
import { openExperimentStore } from '../storage/experiments/index.js';
import { openExperimentResults } from '../storage/experiments-results/index.js';
import { startRouting } from './routing.js';

/** How to start a gateway. */
export interface StartOptions {
  configFile: string;
  port?: number;
  host?: string;
  /** Allow binding a non-loopback address without an admin_key (open mode). */
  allowPublicOpenMode?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Called with operator notes (skipped providers, simulator address). */
  onNote?(note: string): void;
  /** The structured log (internal errors, dropped records); default: pino, JSON lines on stderr. */
  logger?: Logger;
  /** Hooks run after the built-in ones of their phase, in every operation (embedding the gateway; tests set caller identities). */
  extraHooks?: Partial<Record<HookPhase, Hook[]>>;
}

/** A running gateway. */
export interface RunningGateway {
  url: string;
  port: number;
  plan: RuntimePlan;
  services: GatewayServices;
  /** The request log's queue (flush() writes it now: tests and shutdown). */
  requestLog: BatchingSink;
  simulator?: RunningSimulator;
  /** Governance's stores (teams, projects, keys, audit, ledger, alerts) on the gateway's storage. */
  governance: GovernanceStores;
  /** Governance running: the tenancy snapshot, counters, ledger and alerts. */
  governanceRuntime: Governance;
  /** The request log's retention sweep (request_log.retention_days). */
  requestLogRetention: RequestLogRetention;
  /** The response cache (undefined when off): its store, and flush() for its background writes. */
  cache?: CacheFeature;
  /** Stored prompts: the registry (writes through it are seen by the next request) and the hook's cache. */
  prompts: Prompts;
  /** Experiments: assignment, shadow copies, results and auto-promotion. */
  experiments: ExperimentsFeature;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** How often expired stored responses are swept (off the request path; reads check expiry anyway). */
const RESPONSE_SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** Runs the store's sweep every interval on an unref'd timer, one sweep at a time; returns the stop function. */
/** The response store for the open database: prepared statements on SQLite, Kysely on PostgreSQL. */
function openResponseStore(storage: Storage): ResponseStore {
  return storage.sqlite ? new SqliteResponseStore(storage.sqlite) : new SqlResponseStore(storage.db);
}

function startResponseSweep(store: ResponseStore, logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = store
      .sweep(Date.now())
      .then(
        (deleted) => {
          if (deleted > 0) logger.info({ deleted }, 'expired stored responses deleted');
        },
        (err: unknown) => logger.error({ err }, 'stored response sweep failed'),
      )
      .finally(() => {
        running = undefined;
      });
  }, RESPONSE_SWEEP_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The breakers not closed, for the breakers gauge. */
function openBreakers(routing: RoutingState | undefined): OpenBreaker[] {
  const out: OpenBreaker[] = [];
  if (!routing) return out;
  for (const breaker of routing.breakers.snapshot()) if (breaker.state !== 'closed') out.push({ target: breaker.key, state: breaker.state });
  return out;
}

/** Loads config, opens storage, starts the (optional) simulator and the HTTP server. */
export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const loaded = loadConfigFile(options.configFile, env);
  const config = loaded.config;
  if (options.port !== undefined) config.server.port = options.port;
  if (options.host !== undefined) config.server.host = options.host;
  if (!config.admin_key && !LOOPBACK.test(config.server.host) && !options.allowPublicOpenMode) {
    throw new ConfigError(
      options.configFile,
      'server.host',
      `refusing to bind '${config.server.host}' in open mode (no admin_key): anyone who can reach it could spend your provider credits. Bind 127.0.0.1, set admin_key, or pass --allow-public-open-mode.`,
    );
  }
  for (const note of loaded.notes) options.onNote?.(note);
  const plan = compilePlan(config, options.configFile, PROVIDERS, env);
  const logger = options.logger ?? pino({ base: undefined }, pino.destination({ fd: 2, sync: false }));
  const cost = createCostFunction(plan);
  // The cache's alias embedders run through the embeddings plan, which is built later: bound once it exists.
  let embeddingsPlan: ServerPlans['embeddings'] | undefined;
  const embedThroughGateway = internalEmbeddings({ plan: () => embeddingsPlan });
  // Before anything opens: a cache config error stops the start with nothing to clean up.
  const cache = startCache({ plan, configFile: options.configFile, cost, logger, embedThroughGateway });

  let simulator: RunningSimulator | undefined;
  if (config.simulator?.enabled) {
    simulator = await startSimulator({ port: config.simulator.port, host: '127.0.0.1' });
    options.onNote?.(`simulator listening on ${simulator.url}`);
  }

  // The database is always opened (and migrated): the admin API's teams, projects and keys live in it.
  let storage: Storage;
  try {
    storage = await openStorage(config.storage, { onIdleError: (err) => logger.warn({ err }, 'storage connection lost (the pool reconnects)') });
  } catch (err) {
    await simulator?.close();
    await cache?.close();
    throw err;
  }
  let write: BatchWriter = () => {};
  if (config.request_log.enabled) {
    const store = requestLogStore(storage);
    write = (batch) => store.write(batch);
  }
  const responseStore: ResponseStore | undefined = config.responses.store ? openResponseStore(storage) : undefined;
  const stopSweep = responseStore ? startResponseSweep(responseStore, logger) : async () => {};
  const logReader = requestLogReader(storage);
  const prompts = startPrompts(openPromptStore(storage));
  const requestLogRetention = startRequestLogRetention(logReader, { retentionDays: config.request_log.retention_days, logger });
  const closeStorage = async () => {
    await requestLogRetention.stop();
    await stopSweep();
    await responseStore?.close();
    await storage.close();
  };
  let droppedReported = 0;
  const requestLog = createBatchingSink(write, {
    flushIntervalMs: config.request_log.flush_interval_ms,
    maxBatch: config.request_log.max_batch,
    onError: (err) => logger.error({ err }, 'request log write failed'),
    onFlushed: (dropped) => {
      // Said once per flush interval at most, with the running total, so a slow disk is seen.
      if (dropped > droppedReported) logger.warn({ dropped, newly: dropped - droppedReported }, 'request log records dropped: the writer cannot keep up');
      droppedReported = dropped;
    },
  });
  // Governance and routing start later; the metrics read them only when collected.
  let governanceRef: Governance | undefined;
  let routingRef: RoutingState | undefined;
  const http = new HttpClient({ maxBodyBytes: config.server.upstream_max_body_bytes, maxEventBytes: config.server.upstream_max_event_bytes });
  // Teams' and projects' own guard lists come from governance, which starts later: bound once it does.
  let tenantGuardrails: (identity: CallerIdentity | undefined) => readonly (readonly TenantGuardrailConfig[])[] = () => [];
  // LLM judges run through the chat plan, which is built later: bound once it exists.
  let chatPlan: ServerPlans['chat'] | undefined;
  let guardrails: GuardrailsFeature | undefined;
  try {
    guardrails = startGuardrails({
      plan,
      configFile: options.configFile,
      logger,
      http,
      judge: internalChat({ plan: () => chatPlan }),
      tenantLists: (identity) => tenantGuardrails(identity),
      tenantListsPossible: true,
    });
  } catch (err) {
    await simulator?.close();
    await cache?.close();
    await http.close();
    await requestLog.close();
    await closeStorage();
    throw err;
  }
  const observability = await startObservability({
    config,
    env,
    logger,
    requestLog,
    sources: {
      budgets: () => governanceRef?.budgetUse() ?? [],
      breakers: () => openBreakers(routingRef),
    },
    redact: guardrails?.redactForRecords,
  });

  if (cache) registerCacheGauges((gauge) => observability.registerGauge(gauge), cache.store);

  const services: GatewayServices = { plan, http, cost, authTools: createAuthTools(http), logger, responseStore };
  let governance: Governance;
  try {
    governance = await startGovernance({
      plan,
      storage,
      http,
      cost: (target, usage) => services.cost(target.compiled, target.model, usage),
      logger,
      onNote: options.onNote,
    });
  } catch (err) {
    await simulator?.close();
    await cache?.close();
    await http.close();
    await requestLog.close();
    await observability.close();
    await closeStorage();
    throw err;
  }
  tenantGuardrails = createTenantGuardrailLookup(() => governance.cache.snapshot, { logger });
  const routing = await startRouting(config, logger);
  const experiments = await startExperiments({
    store: openExperimentStore(storage),
    results: openExperimentResults(storage),
    prompts: prompts.store,
    chatPlan: () => chatPlan,
    logger,
    promotionIntervalMs: config.experiments.promotion_interval_ms,
    shadowCap: config.experiments.shadow_max_in_flight,
  });
  // Open mode on loopback: the admin API and the dashboard need no key (decision 0013).
  const openLoopback = !config.admin_key && LOOPBACK.test(config.server.host);
  const adminRouter = wireAdmin(
    governance.stores,
    governance.cache,
    config,
    logger,
    { plan, breakers: routing.breakers, stats: routing.stats },
    !config.admin_key && LOOPBACK.test(config.server.host),
    logReader,
    cache && { purge: (filter) => cache.store.purge(filter), stats: () => cache.store.stats() },
    // Writes through the hook's registry clear its label cache: a label moved here counts at once.
    prompts.store,
    experiments.admin,
  );
  const plans = buildRoutePlans(services, {
    observers: observability.observers,
    loopbackOnly: LOOPBACK.test(config.server.host),
    extraHooks: options.extraHooks,
    governance,
    routing: routing.runtime,
    cache,
    guardrails,
    prompts,
    experiments,
  });
  embeddingsPlan = plans.embeddings;
  chatPlan = plans.chat;
  governanceRef = governance;
  routingRef = routing;
  const dependencies = dependencyChecks(config, storage);
  const server = createGatewayServer(services, {
    plans,
    ingresses: INGRESSES,
    ready: () => true,
    readiness: [...dependencies.checks, ...observability.readiness],
    health: () => ({
      request_log: { queued: requestLog.queued(), dropped: requestLog.dropped() },
      governance: governance.health(),
      experiments: { shadows: experiments.shadows() },
      ...observability.health(),
    }),
    routes: observability.routes,
    routers: [adminRouter, dashboardRouter(undefined, openLoopback)],
    feedback: feedbackOptions(storage, config),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => resolve());
    });
  } catch (err) {
    await simulator?.close();
    await cache?.close();
    await http.close();
    await requestLog.close();
    await observability.close();
    await governance.close();
    await routing.close();
    await experiments.close();
    await dependencies.close();
    await closeStorage();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return {
    url: `http://${host}:${port}`,
    port,
    plan,
    services,
    requestLog,
    simulator,
    governance: governance.stores,
    governanceRuntime: governance,
    requestLogRetention,
    prompts,
    cache,
    experiments,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await cache?.close();
      await experiments.close();
      await requestLog.close();
      await observability.close();
      await governance.close();
      await routing.close();
      await dependencies.close();
      await closeStorage();
      await http.close();
      await simulator?.close();
    },
  };
}
