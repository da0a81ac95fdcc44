/**
 * AWS Signature Version 4 for a request spec. @smithy/signature-v4 (the AWS SDK's signer) builds
 * the canonical request, including the double-encoded canonical URI non-S3 services need; the
 * hashing is node:crypto, as in the AWS SDK for Node, since a pure-JS SHA-256 of a multi-MB
 * image body would add tens of milliseconds to each call.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequestSpec } from '../spec/provider.js';

/** Long-term or temporary AWS credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBinary(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** SHA-256 (or HMAC-SHA256 when given a secret) in the Checksum shape the signer expects. */
class NodeSha256 {
  private readonly secret?: SourceData;
  private hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.secret = secret;
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBinary(this.secret));
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

/**
 * Signs a request: adds x-amz-date, x-amz-security-token (temporary credentials) and
 * Authorization. Every header in the spec is signed, plus host (taken from the URL, which is
 * what the transport sends; it is not added to the returned headers). No x-amz-content-sha256:
 * it is optional for Bedrock. `now` is ms since the epoch.
 */
export async function signSigV4(spec: HttpRequestSpec, credentials: AwsCredentials, region: string, service: string, now: number): Promise<HttpRequestSpec> {
  const url = new URL(spec.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'authorization' && lower !== 'x-amz-date' && lower !== 'x-amz-security-token' && lower !== 'host') headers[lower] = value;
  }
  headers.host = url.host;
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const signer = new SignatureV4({ service, region, credentials, sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: spec.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers,
      body: spec.body,
    },
    { signingDate: new Date(now) },
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host') out[name] = value;
  return { ...spec, headers: out };
}
