/** StorageError: the database could not be opened or migrated, said with the URL (no password) and the fix. */

/** Thrown at start when storage cannot be used; the CLI prints the message alone. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/** What to do about a failure to open or migrate, from the driver's error code. */
export function storageFix(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return 'check that PostgreSQL is running there and that the host and port in `storage` are right';
    case '28P01':
    case '28000':
      return 'check the user and password in `storage` (use ${ENV_VAR} for the password)';
    case '3D000':
      return 'create the database (createdb NAME) or fix its name in `storage`';
    case '3F000':
      return 'create the schema named in search_path (CREATE SCHEMA name) or fix `options=-c search_path=…` in `storage`';
    case '42501':
      return 'grant the user CREATE on the schema, or point `storage` at a user that may create tables';
    case 'SQLITE_CANTOPEN':
    case 'EACCES':
    case 'EROFS':
      return 'check that the directory of the SQLite file exists or can be created, and is writable';
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return 'the file is not a usable SQLite database: point `storage` at another path';
    case 'SQLITE_BUSY':
      return 'another process holds the SQLite file locked: stop it or use another path';
  }
  if (/timeout/i.test(message)) return 'check that PostgreSQL is reachable and not overloaded; the connection or statement timed out';
  return 'fix the cause above, or point `storage` at another database';
}
