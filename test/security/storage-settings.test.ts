/**
 * Storage settings at start: a storage URL the gateway cannot open is refused with the file and
 * the path, a PostgreSQL database it cannot reach fails naming it, and a `redis:` entry that is not
 * a Redis URL is refused. No message ever repeats a password.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../src/app/gateway.js';
import { ConfigError } from '../../src/config/errors.js';
import { StorageError } from '../../src/storage/errors.js';

const PASSWORD = 'Pg-Passw0rd-7731';
const REDIS_PASSWORD = 'Rd-Passw0rd-4409';
const dir = mkdtempSync(join(tmpdir(), 'switchboard-unused-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function configFile(extra: Record<string, unknown>): string {
  const file = join(dir, `config-${++fileCount}.yaml`);
  const body = {
    server: { host: '127.0.0.1', port: 0 },
    storage: `sqlite:${join(dir, `db-${fileCount}.db`)}`,
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-test-123456', base_url: 'http://127.0.0.1:9/v1' }],
    ...extra,
  };
  writeFileSync(file, stringify(body));
  return file;
}

/** Starts a gateway from the file and returns the ConfigError it must refuse with (closing it if it started). */
async function startError(file: string): Promise<ConfigError> {
  let gateway: RunningGateway | undefined;
  try {
    gateway = await startGateway({ configFile: file, env: {} });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  } finally {
    await gateway?.close();
  }
  throw new Error(`the gateway started with ${file}; it must refuse it`);
}

describe('storage and redis settings at start', () => {
  it('accepts storage: postgres://… and fails at start naming the database without the password when it cannot be reached', async () => {
    const file = configFile({ storage: `postgres://u:${PASSWORD}@127.0.0.1:1/db` });
    let error: unknown;
    try {
      const gateway = await startGateway({ configFile: file, env: {} });
      await gateway.close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StorageError);
    const message = (error as Error).message;
    expect(message).toContain('postgres://u@127.0.0.1:1/db');
    expect(message).toMatch(/Fix: /);
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('refuses a mysql:// storage naming the file and the path, without the password', async () => {
    const file = configFile({ storage: `mysql://root:${PASSWORD}@127.0.0.1/db` });
    const error = await startError(file);
    expect(error.path).toBe('storage');
    expect(error.message.startsWith(file)).toBe(true);
    expect(error.message).toMatch(/sqlite:PATH/);
    expect(error.message).toMatch(/postgres:\/\//);
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain('root:');
  });

  it('refuses a libpq keyword connection string without repeating its password', async () => {
    const error = await startError(configFile({ storage: `host=127.0.0.1 user=u password=${PASSWORD} dbname=db` }));
    expect(error.path).toBe('storage');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('refuses an empty sqlite path', async () => {
    const error = await startError(configFile({ storage: 'sqlite:' }));
    expect(error.path).toBe('storage');
  });

  it('refuses a redis entry that is not a Redis URL, naming the file and the path, without the password', async () => {
    for (const redis of ['127.0.0.1:6379', `http://:${REDIS_PASSWORD}@127.0.0.1:6379/0`, `memcached://default:${REDIS_PASSWORD}@cache.internal:6380`]) {
      const file = configFile({ redis });
      const error = await startError(file);
      expect(error.path).toBe('redis');
      expect(error.message.startsWith(file)).toBe(true);
      expect(error.message).toContain('redis');
      expect(error.message).not.toContain(REDIS_PASSWORD);
    }
  });

  it('still starts with sqlite storage and no redis (the refusal is specific)', async () => {
    const gateway = await startGateway({ configFile: configFile({}), env: {} });
    try {
      expect(gateway.port).toBeGreaterThan(0);
    } finally {
      await gateway.close();
    }
  });
});
