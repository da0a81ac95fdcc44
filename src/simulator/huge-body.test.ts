/** The huge_body fault: an oversized body, for testing a client's (the gateway's) read caps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from './scenario.js';
import { type RunningSimulator, startSimulator } from './server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const chat = (content: string) =>
  fetch(`${sim.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content }] }),
  });

describe('huge_body', () => {
  it('parses as a byte count', () => {
    expect(parseScenario('huge_body=1048576 fault=500')).toMatchObject({ hugeBody: 1048576, fault: '500' });
    expect(parseScenario('huge_body=-1').hugeBody).toBeUndefined();
  });

  it('answers with a valid JSON body of exactly N bytes, chunked without content-length', async () => {
    const res = await chat('hi [[sim huge_body=200000]]');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    const text = await res.text();
    expect(text.length).toBe(200_000);
    expect((JSON.parse(text) as { padding: string }).padding).toMatch(/^x+$/);
  });

  it("uses fault's status for a huge error body", async () => {
    const res = await chat('hi [[sim fault=503 huge_body=100000]]');
    expect(res.status).toBe(503);
    expect((await res.text()).length).toBe(100_000);
  });

  it('keeps serving after a client hangs up mid-body', async () => {
    const abort = new AbortController();
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      signal: abort.signal,
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'hi [[sim huge_body=100000000000]]' }] }),
    });
    await res.body!.getReader().read();
    abort.abort();
    // The simulator is still responsive (it did not block producing 100 GB).
    expect((await chat('hi')).status).toBe(200);
  });
});
