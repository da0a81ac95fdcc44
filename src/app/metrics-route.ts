/**
 * GET /metrics: the Prometheus scrape, behind the admin key when `admin_key` is set (sent as
 * Authorization: Bearer KEY or x-api-key: KEY, what Prometheus's `authorization` block sends),
 * unless observability.metrics.open says the scraper's network is trusted. Without admin_key
 * (loopback open mode) it is open like every other route. Refusals are JSON errors like the rest
 * of the gateway's.
 */
import type { Config } from '../config/schema.js';
import { GatewayError } from '../core/errors.js';
import { adminKeyMatcher, presentedKeyIn } from '../governance/admin-key.js';
import type { Logger } from '../pipeline/services.js';
import { encodeOpenAIError } from '../server/openai/encode-error.js';
import { baseHeaders, sendError } from '../server/respond.js';
import type { Handler } from '../server/route.js';
import type { Metrics } from '../observability/metrics/start.js';

/** The /metrics handler: authorization, then the scrape. */
export function metricsRoute(scrape: NonNullable<Metrics['scrape']>, config: Config, logger: Logger): Handler {
  const adminKey = config.admin_key;
  const matches = adminKey && !config.observability.metrics.open ? adminKeyMatcher(adminKey) : undefined;
  return async (req, res, meta) => {
    if (matches) {
      const key = presentedKeyIn(req.headers);
      const refusal =
        key === undefined
          ? new GatewayError(
              'authentication_failed',
              401,
              'GET /metrics needs the admin key: send it as Authorization: Bearer KEY or x-api-key: KEY (or set observability.metrics.open: true for a trusted network).',
            )
          : matches(key)
            ? undefined
            : new GatewayError('authentication_failed', 401, 'The API key is not valid for /metrics: it takes the admin key.');
      if (refusal) {
        sendError(res, encodeOpenAIError(refusal), { ...baseHeaders(meta.requestId, meta.startedAt), 'www-authenticate': 'Bearer' });
        return;
      }
    }
    try {
      await scrape(req, res);
    } catch (err) {
      logger.error({ requestId: meta.requestId, err }, 'metrics collection failed');
      sendError(
        res,
        encodeOpenAIError(new GatewayError('internal_error', 500, 'Metrics could not be collected.')),
        baseHeaders(meta.requestId, meta.startedAt),
      );
    }
  };
}
