/**
 * Test harness: a small HTTP service on 127.0.0.1 standing in for an external service (a guard's
 * API), recording what it received and answering as each test scripts it, including never
 * answering and dying mid-request. Production code never imports this.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the fake answers one request. */
export type FakeAnswer = (request: ReceivedRequest, res: ServerResponse) => void;

/** A running fake service. */
export interface FakeService {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  received: ReceivedRequest[];
  /** The current script; tests replace it. */
  answer: FakeAnswer;
  /** Resolves when the next request has fully arrived. */
  nextRequest(): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

/** Answers JSON with a status (200 by default). */
export function json(value: unknown, status = 200): FakeAnswer {
  return (_request, res) => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** Never answers (the connection stays open until the client gives up). */
export const hang: FakeAnswer = () => {};

/** Dies mid-request: the socket is destroyed once the request has arrived, with nothing answered. */
export const killed: FakeAnswer = (_request, res) => {
  res.socket?.destroy();
};

/** Starts a fake service on a free loopback port. */
export async function startFakeService(answer: FakeAnswer = json({})): Promise<FakeService> {
  const waiters: Array<(request: ReceivedRequest) => void> = [];
  const fake: FakeService = {
    url: '',
    received: [],
    answer,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      fake.received.push(request);
      for (const resolve of waiters.splice(0)) resolve(request);
      fake.answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
