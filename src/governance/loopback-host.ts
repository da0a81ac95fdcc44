/**
 * Open mode (no admin_key) is safe only for callers on this machine. A web page the user visits
 * can still reach a loopback gateway: by DNS rebinding its own name to 127.0.0.1 it could read
 * the answers. Such requests carry the page's host name in `Host`, so open mode accepts only
 * loopback names there.
 */
import { GatewayError } from '../core/errors.js';
import type { Hook } from '../pipeline/contract.js';

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/** Whether a Host header value names this machine's loopback interface. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/** A hook that refuses requests whose Host is not a loopback name. */
export const loopbackHostHook: Hook = {
  name: 'loopback-host',
  run(ctx) {
    const host = ctx.requestHeaders.host;
    if (typeof host === 'string' && isLoopbackHost(host)) {
      ctx.identity = { method: 'open_mode' };
      return undefined;
    }
    throw new GatewayError(
      'permission_denied',
      403,
      'In open mode (no admin_key) the gateway answers only requests addressed to a loopback host (localhost, 127.0.0.1, [::1]). Set admin_key to serve other host names.',
    );
  },
};
