/** The token fetcher's small cap, against a fake token endpoint on 127.0.0.1. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { HttpClient } from '../transport/http-client.js';
import { createAuthTools, TOKEN_RESPONSE_MAX_BYTES } from './auth-tools.js';

let server: Server;
let url: string;
let reply = '';
const http = new HttpClient();

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(reply);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(async () => {
  await http.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const fetchToken = () => createAuthTools(http).fetchJson({ method: 'POST', url, headers: {}, body: 'grant_type=x' });

describe('createAuthTools().fetchJson', () => {
  it('reads a normal token response', async () => {
    reply = JSON.stringify({ access_token: 'ya29.'.padEnd(2048, 'a'), expires_in: 3599, token_type: 'Bearer' });
    expect(await fetchToken()).toMatchObject({ status: 200, body: { expires_in: 3599, token_type: 'Bearer' } });
  });

  it('refuses a token response over 64 KiB with 502 upstream_response_too_large, far below the body cap', async () => {
    expect(TOKEN_RESPONSE_MAX_BYTES).toBe(64 * 1024);
    reply = JSON.stringify({ access_token: 'a'.repeat(TOKEN_RESPONSE_MAX_BYTES), expires_in: 3599 });
    const err = await fetchToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ code: 'upstream_response_too_large', status: 502 });
    expect((err as Error).message).toMatch(/64 KiB \(65536 bytes\); token responses are a few KB, so this limit is fixed\.$/);
  });
});
