/**
 * Names of the node:diagnostics_channel channels the request pipeline publishes on. Tracing,
 * metrics and other tools outside the gateway subscribe by these names; no phase knows them.
 */

/** A phase started: `{ requestId, operation, phase }`. */
export const PHASE_START_CHANNEL = 'switchboard:phase:start';
/** A phase ended: `{ requestId, operation, phase, durationMs, ended }` (ended: it produced the result). */
export const PHASE_END_CHANNEL = 'switchboard:phase:end';
/** An attempt at one target started: `{ requestId, operation, provider, model }`. */
export const ATTEMPT_START_CHANNEL = 'switchboard:attempt:start';
/** An attempt ended: `{ requestId, operation, provider, model, durationMs, status, errorCode }`. */
export const ATTEMPT_END_CHANNEL = 'switchboard:attempt:end';
/** A request was settled and recorded: `{ requestId, operation, status, errorCode }`. */
export const REQUEST_END_CHANNEL = 'switchboard:request:end';
