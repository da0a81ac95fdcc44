/** Wiring of POST /v1/feedback: the feedback store on the gateway's storage, and the request log lookup its tenancy rule needs. */
import type { Config } from '../config/schema.js';
import type { ServerOptions } from '../server/http-server.js';
import { openFeedbackStore } from '../storage/feedback/index.js';
import type { Storage } from '../storage/open.js';

/** The least time a request's row may lag its id: the log writer may be a few flushes behind, replicas' clocks a little apart. */
const MIN_GRACE_MS = 60_000;

/** The feedback route's store and lookup on `storage`; without a request log, feedback is accepted unchecked (results still join by team). */
export function feedbackOptions(storage: Storage, config: Config): NonNullable<ServerOptions['feedback']> {
  const store = openFeedbackStore(storage);
  if (!config.request_log.enabled) return { store };
  const graceMs = Math.max(MIN_GRACE_MS, 10 * config.request_log.flush_interval_ms);
  return { store, lookup: { find: (id) => store.findRequest(id), graceMs } };
}
