/**
 * Fetches a remote image for providers that need inline data, with a size limit and a block on
 * private, loopback and link-local addresses (SSRF protection). The checked address is the one
 * connected to, so DNS rebinding between check and connect cannot slip through.
 */
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';
import { GatewayError } from '../core/errors.js';

/** Limits for image fetching (config `images`). */
export interface ImageFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  allowPrivateAddresses: boolean;
  signal?: AbortSignal;
}

/** True for addresses that are not public unicast (loopback, private, link-local, ...). */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() !== 'unicast';
}

function imageError(message: string, param: string, cause?: unknown): GatewayError {
  return new GatewayError('invalid_image', 400, message, { param, cause });
}

/** Downloads an image and returns it as base64 with its media type. */
export async function fetchImage(url: string, param: string, options: ImageFetchOptions): Promise<{ data: string; mediaType: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw imageError(`'${param}' is not a valid URL.`, param);
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  let address: string;
  let family: number;
  try {
    const resolved = ipaddr.isValid(host) ? { address: host, family: host.includes(':') ? 6 : 4 } : await lookup(host);
    address = resolved.address;
    family = resolved.family;
  } catch (err) {
    throw imageError(`Could not resolve the image host in '${param}'.`, param, err);
  }
  if (!options.allowPrivateAddresses && isPrivateAddress(address)) {
    throw imageError(`The image URL in '${param}' points to a private or loopback address, which is blocked.`, param);
  }
  const pinned: LookupFunction = (_hostname, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const agent = new Agent({ connect: { lookup: pinned } });
  try {
    const response = await request(target, {
      method: 'GET',
      dispatcher: agent,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: options.signal,
      maxRedirections: 0,
    } as Parameters<typeof request>[1]);
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw imageError(`Fetching the image in '${param}' failed with HTTP ${response.statusCode}.`, param);
    }
    const mediaType = String(response.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (!mediaType.startsWith('image/')) {
      await response.body.dump();
      throw imageError(`The URL in '${param}' did not return an image (content-type '${mediaType || 'none'}').`, param);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > options.maxBytes) {
        response.body.destroy();
        throw imageError(`The image in '${param}' is larger than the limit of ${options.maxBytes} bytes.`, param);
      }
      chunks.push(chunk as Buffer);
    }
    return { data: Buffer.concat(chunks).toString('base64'), mediaType };
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw imageError(`Could not fetch the image in '${param}'.`, param, err);
  } finally {
    void agent.close();
  }
}
