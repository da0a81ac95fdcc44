/** A loopback port with nothing listening: an exporter's or a service's endpoint that is down. */
import { createServer } from 'node:net';

/** Finds a free loopback port and closes it again, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
