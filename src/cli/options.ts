/** Shared option parsers for CLI commands. */
import { InvalidArgumentError } from 'commander';

/** Parses a TCP port argument. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number 0-65535.');
  return port;
}
