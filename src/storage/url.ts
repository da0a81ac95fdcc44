/** Storage URLs: which database a `storage:` setting names, and how to name it without its password. */

/** A parsed storage setting. */
export type StorageTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;

/** Whether a storage setting names a PostgreSQL database (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(url: string): boolean {
  return POSTGRES_SCHEME.test(url);
}

/** Parses `sqlite:PATH` or `postgres://…`; undefined for anything else. */
export function parseStorageUrl(url: string): StorageTarget | undefined {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return path === '' ? undefined : { kind: 'sqlite', path };
  }
  if (isPostgresUrl(url)) return { kind: 'postgres', url };
  return undefined;
}

/**
 * The URL as it may appear in logs and errors: scheme, user, host, port and database, never the
 * password nor the query string (which may carry `password=` or `sslpassword=`).
 */
export function describeStorageUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  if (!isPostgresUrl(url)) return 'the storage URL';
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${parsed.username}@` : '';
    const host = parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
    return `${parsed.protocol}//${user}${host}${parsed.pathname}`;
  } catch {
    return `${url.slice(0, url.indexOf(':'))}:// URL (not parseable)`;
  }
}
