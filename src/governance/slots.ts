/** The request-context slots governance keeps per request: the caller's key and the admission. */
import { slotKey } from '../pipeline/context.js';
import type { BudgetCounter, RateCounter } from './counters/contract.js';
import type { ResolvedKey } from './keys/tenancy-cache.js';
import type { BudgetRule } from './policy.js';

/** The virtual key a request authenticated with, with its team and project; inherited by requests made on its behalf. */
export const CALLER = slotKey<ResolvedKey>('governance.caller', { inherited: true });

/** What admission reserved, for settlement. */
export interface Admission {
  reservationId: string;
  /** False when the counter store was down and rate limits failed open: nothing to settle. */
  held: boolean;
  rates: RateCounter[];
  budgets: Array<{ counter: BudgetCounter; rule: BudgetRule; periodId: string }>;
  /** The input-token bound the reservation used (settlement's estimate when usage is missing). */
  inputTokenBound: number;
  /** Tokens counted against tpm at admission (the bound plus the output cap). */
  tpmEstimate: number;
}

/** The admission of a request, once `admit` let it through. */
export const ADMISSION = slotKey<Admission>('governance.admission');

/** UTF-8 bytes of output seen (text, reasoning, tool calls): bounds output tokens when usage is missing. */
export const OUTPUT_BYTES = slotKey<number>('governance.outputBytes');
