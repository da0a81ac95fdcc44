import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { fetchImage, isPrivateAddress } from './fetch-image.js';

let server: Server;
let base: string;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/pixel.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else if (req.url === '/big.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(50_000));
    else if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const open = { maxBytes: 10_000, timeoutMs: 2_000, allowPrivateAddresses: true };

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('fetchImage', () => {
  it('downloads an image as base64 with its media type', async () => {
    expect(await fetchImage(`${base}/pixel.png`, 'messages[0].content[1]', open)).toEqual({ data: PNG.toString('base64'), mediaType: 'image/png' });
  });

  it('blocks loopback and private addresses unless allowed (SSRF)', async () => {
    const error = await failure(fetchImage(`${base}/pixel.png`, 'messages[0].content[1]', { ...open, allowPrivateAddresses: false }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_image');
    expect(error.message).toMatch(/private or loopback/);
    expect(error.param).toBe('messages[0].content[1]');
  });

  it('refuses images over the size limit', async () => {
    const error = await failure(fetchImage(`${base}/big.png`, 'p', open));
    expect(error.message).toMatch(/larger than the limit of 10000 bytes/);
  });

  it('refuses a URL that does not return an image, and HTTP errors', async () => {
    expect((await failure(fetchImage(`${base}/page.html`, 'p', open))).message).toMatch(/did not return an image/);
    expect((await failure(fetchImage(`${base}/missing.png`, 'p', open))).message).toMatch(/HTTP 404/);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['fd00::1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['2606:4700:4700::1111', false],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
