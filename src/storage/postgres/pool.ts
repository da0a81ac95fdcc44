/**
 * The PostgreSQL connection pool: bounded in size, with a connection timeout and a statement
 * timeout, so a slow or unreachable database costs a bounded wait and never an unbounded queue.
 */
import pg from 'pg';

/** Pool bounds; the defaults suit one gateway replica. */
export interface PoolLimits {
  /** Connections at most. */
  max: number;
  /** How long to wait for a connection (new or from the pool), ms. */
  connectionTimeoutMs: number;
  /** Server-side limit on any one statement, ms. */
  statementTimeoutMs: number;
  /** Idle connections are closed after this long, ms. */
  idleTimeoutMs: number;
}

/** The defaults. */
export const DEFAULT_POOL_LIMITS: PoolLimits = { max: 10, connectionTimeoutMs: 5_000, statementTimeoutMs: 30_000, idleTimeoutMs: 30_000 };

// BIGINT columns hold ms timestamps and counts, far inside 2^53: read them as numbers, not strings.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Creates the pool. `onIdleError` hears errors of idle connections (a restarted server), which would otherwise crash the process. */
export function createPool(url: string, limits: PoolLimits, onIdleError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: limits.max,
    connectionTimeoutMillis: limits.connectionTimeoutMs,
    idleTimeoutMillis: limits.idleTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    // A client-side bound too, a little past the server's, for a server that stops answering.
    query_timeout: limits.statementTimeoutMs + 5_000,
    application_name: 'switchboard',
    types,
  });
  pool.on('error', onIdleError);
  return pool;
}
