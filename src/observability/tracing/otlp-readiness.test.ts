import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { otlpReadiness } from './otlp-readiness.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(): Promise<number> {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('otlpReadiness', () => {
  it('is ready while the port accepts, and says which endpoint is not (host and port only) once it stops', async () => {
    const port = await listen();
    let now = 0;
    const check = otlpReadiness(`http://user:pw@127.0.0.1:${port}/v1/traces?token=abc`, { now: () => now, cacheMs: 1000 });
    expect(check.name).toBe('otlp');
    expect(await check.check()).toBeUndefined();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    // Cached: the same answer within cacheMs.
    now = 500;
    expect(await check.check()).toBeUndefined();
    now = 1500;
    const problem = await check.check();
    expect(problem).toContain(`127.0.0.1:${port}`);
    expect(problem).not.toMatch(/token|abc|pw|v1\/traces/);
  });
});
