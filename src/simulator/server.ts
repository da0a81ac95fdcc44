/**
 * The provider simulator: one HTTP server that speaks every provider family's wire format,
 * validates requests like the real APIs, and injects faults on request. Usable in-process by
 * tests (startSimulator) and from the CLI (`switchboard simulate`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assetRoutes } from './assets.js';
import { SimState, type SimStateOptions } from './chaos.js';
import { controlRoutes } from './control.js';
import { allRoutes, FLAVORS } from './families/index.js';
import { ReceivedLog } from './received.js';
import { SimResponder, type SimRequest } from './responder.js';
import type { TallyEntry } from './tally.js';

/** A running simulator. */
export interface RunningSimulator {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  port: number;
  server: Server;
  /** The last requests it received, for tests that assert on what a gateway sent upstream. */
  received: ReceivedLog;
  /** Fault state: the tally by scenario id, chaos's seed and what it injected. */
  state: SimState;
  /** How many requests carried scenario `id=…`, and when they arrived; undefined when none (or forgotten). */
  tally(id: string): TallyEntry | undefined;
  close(): Promise<void>;
}

/** Options of startSimulator. */
export interface SimulatorOptions extends SimStateOptions {
  port?: number;
  host?: string;
}

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Splits "/mistral/v1/chat/completions?x=1" into flavor "mistral", path "/v1/chat/completions". */
function splitFlavor(pathname: string): { flavor: string; path: string } {
  const second = pathname.indexOf('/', 1);
  const first = second > 0 ? pathname.slice(1, second) : pathname.slice(1);
  if (FLAVORS.has(first)) return { flavor: first, path: second > 0 ? pathname.slice(second) : '/' };
  return { flavor: '', path: pathname };
}

/**
 * Creates the simulator's HTTP server (not listening yet); every request is recorded in `received`,
 * faults that need memory (tally, fail_times, chaos) live in `state`.
 */
export function createSimulatorServer(received: ReceivedLog = new ReceivedLog(), state: SimState = new SimState()): Server {
  const routes = [...assetRoutes, ...allRoutes(), ...controlRoutes];
  const server = createServer(async (req, res) => {
    const responder = new SimResponder(res, state);
    try {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const { flavor, path } = splitFlavor(url.pathname);
      const rawBody = await readBody(req);
      let json: unknown;
      let invalidJson = false;
      if (rawBody.length > 0) {
        try {
          json = JSON.parse(rawBody.toString('utf8'));
        } catch {
          invalidJson = true;
        }
      }
      received.record(req.method ?? 'GET', url.pathname, url.searchParams, req.headers, json);
      for (const route of routes) {
        if (route.method !== req.method) continue;
        const match = route.pattern.exec(path);
        if (!match) continue;
        const simReq: SimRequest = {
          method: req.method ?? 'GET',
          path,
          query: url.searchParams,
          headers: req.headers,
          rawBody,
          json,
          invalidJson,
          params: match.slice(1),
          flavor,
        };
        await route.handle(simReq, responder);
        return;
      }
      responder.json(404, { error: { message: `Simulator: no route for ${req.method} ${url.pathname}`, type: 'not_found' } });
    } catch (err) {
      if (!res.headersSent) responder.json(500, { error: { message: `Simulator failure: ${String(err)}`, type: 'server_error' } });
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

/** Starts the simulator on host:port (port 0 picks a free one). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const received = new ReceivedLog();
  const state = new SimState(options);
  const server = createSimulatorServer(received, state);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    received,
    state,
    tally: (id) => state.tally.get(id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
