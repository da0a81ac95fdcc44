/**
 * Guardrail verdicts on the request span: one `switchboard.guardrail` event per verdict (guard,
 * stage, outcome, counts by entity or category, score, error), never the text a guard matched.
 */
import type { Attributes, Span, TimeInput } from '@opentelemetry/api';
import type { GuardVerdict } from '../../pipeline/context.js';

/** The span event of one verdict. */
export const GUARDRAIL_EVENT = 'switchboard.guardrail';

/** Findings as one compact string in the order found, e.g. `EMAIL=2,PHONE=1` ('' when none). */
export function findingsText(findings: Record<string, number> | undefined): string {
  if (findings === undefined) return '';
  let out = '';
  for (const type in findings) out += `${out === '' ? '' : ','}${type}=${findings[type]}`;
  return out;
}

/** Adds one event per verdict at `time`; answers the name of the first guard that blocked, if one did. */
export function addGuardrailEvents(span: Span, verdicts: readonly GuardVerdict[], time: TimeInput): string | undefined {
  let blockedBy: string | undefined;
  for (const v of verdicts) {
    const attributes: Attributes = {
      'switchboard.guardrail.name': v.guard,
      'switchboard.guardrail.stage': v.stage,
      'switchboard.guardrail.outcome': v.outcome,
      'switchboard.guardrail.findings': findingsText(v.findings),
    };
    if (v.score !== undefined) attributes['switchboard.guardrail.score'] = v.score;
    if (v.error !== undefined) attributes['switchboard.guardrail.error'] = v.error;
    span.addEvent(GUARDRAIL_EVENT, attributes, time);
    if (v.outcome === 'blocked' && blockedBy === undefined) blockedBy = v.guard;
  }
  return blockedBy;
}
