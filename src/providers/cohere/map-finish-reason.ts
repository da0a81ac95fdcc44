/** Cohere finish_reason → canonical FinishReason. */
import { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/types.js';

/**
 * Maps Cohere's UPPERCASE finish reasons. ERROR means the generation failed, so it becomes a
 * 502 rather than a normal ending. TIMEOUT (generation ran out of time) is reported as `length`:
 * the output was cut short by a limit, which is what clients already handle for `length`.
 */
export function mapCohereFinishReason(reason: unknown, errorDetail?: string): FinishReason {
  switch (reason) {
    case 'MAX_TOKENS':
    case 'TIMEOUT':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'ERROR':
      throw new GatewayError('upstream_error', 502, `Cohere generation failed${errorDetail ? `: ${errorDetail}` : '.'}`, {
        provider: 'cohere',
        upstreamType: 'ERROR',
      });
    default:
      // COMPLETE, STOP_SEQUENCE, and any reason added later.
      return 'stop';
  }
}
