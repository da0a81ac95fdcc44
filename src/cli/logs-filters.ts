/** `switchboard logs` filters: the admin API's request search, as command-line options. */
import { InvalidArgumentError } from 'commander';
import { CACHE_RESULTS, type CacheResult, GUARDRAIL_FILTER_OUTCOMES, type GuardrailFilterOutcome } from '../admin/requests-contract.js';
import type { RequestLogFilter, StatusFilter } from '../storage/request-log/query.js';

/** The filter options as commander hands them over. */
export interface LogsFilterOptions {
  from?: string;
  to?: string;
  team?: string;
  project?: string;
  key?: string;
  user?: string;
  model?: string;
  provider?: string;
  status?: string;
  errorCode?: string;
  cache?: string;
  guardrail?: string;
  guardrailOutcome?: string;
  prompt?: string;
  promptVersion?: string;
  query?: string;
}

const RELATIVE = /^(\d{1,9})([smhd])$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A time option: epoch ms, an ISO date or date-time, or an age such as 15m, 2h, 7d (that long ago). */
export function parseTimeOption(value: string, name: string, now: number = Date.now()): number {
  const relative = RELATIVE.exec(value);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS];
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new InvalidArgumentError(`--${name} '${value}' is not a time: use epoch ms, an ISO date (2026-12-31T23:59:59Z) or an age (15m, 2h, 7d).`);
  return ms;
}

/** A status option: an HTTP status (429) or a class (2xx, 4xx, 5xx). */
export function parseStatusOption(value: string): StatusFilter {
  if (/^[1-5]xx$/.test(value)) {
    const min = Number(value[0]) * 100;
    return { min, max: min + 100 };
  }
  if (/^[1-5]\d\d$/.test(value)) return { exact: Number(value) };
  throw new InvalidArgumentError(`--status '${value}' is not an HTTP status (429) or a class (2xx, 4xx, 5xx).`);
}

/** A cache option: what the response cache did (hit matches exact hits only). */
export function parseCacheOption(value: string): CacheResult {
  if ((CACHE_RESULTS as readonly string[]).includes(value)) return value as CacheResult;
  throw new InvalidArgumentError(`--cache '${value}' is not one of ${CACHE_RESULTS.join(', ')}.`);
}

/** A guardrail option: a guard's name as config writes it. */
export function parseGuardrailOption(value: string): string {
  if (/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(value)) return value;
  throw new InvalidArgumentError(`--guardrail '${value}' is not a guard name: 1-64 lower-case letters, digits, _ . - (as in the guardrails: list).`);
}

/** A guardrail outcome option: what a guard did (pass is not one). */
export function parseGuardrailOutcomeOption(value: string): GuardrailFilterOutcome {
  if ((GUARDRAIL_FILTER_OUTCOMES as readonly string[]).includes(value)) return value as GuardrailFilterOutcome;
  throw new InvalidArgumentError(`--guardrail-outcome '${value}' is not one of ${GUARDRAIL_FILTER_OUTCOMES.join(', ')}.`);
}

/** The search filter of the options. */
export function logsFilter(o: LogsFilterOptions, now: number = Date.now()): RequestLogFilter {
  const filter: RequestLogFilter = {};
  if (o.from !== undefined) filter.from = parseTimeOption(o.from, 'from', now);
  if (o.to !== undefined) filter.to = parseTimeOption(o.to, 'to', now);
  if (filter.from !== undefined && filter.to !== undefined && filter.to <= filter.from) throw new InvalidArgumentError('--to must be after --from.');
  if (o.team !== undefined) filter.team = o.team;
  if (o.project !== undefined) filter.project = o.project;
  if (o.key !== undefined) filter.key = o.key;
  if (o.user !== undefined) filter.user = o.user;
  if (o.model !== undefined) filter.model = o.model;
  if (o.provider !== undefined) filter.provider = o.provider;
  if (o.status !== undefined) filter.status = parseStatusOption(o.status);
  if (o.errorCode !== undefined) filter.errorCode = o.errorCode;
  if (o.cache !== undefined) filter.cache = parseCacheOption(o.cache);
  if (o.guardrail !== undefined) filter.guardrail = parseGuardrailOption(o.guardrail);
  if (o.guardrailOutcome !== undefined) filter.guardrailOutcome = parseGuardrailOutcomeOption(o.guardrailOutcome);
  if (o.prompt !== undefined) filter.prompt = o.prompt;
  if (o.promptVersion !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(o.promptVersion)) throw new InvalidArgumentError(`--prompt-version '${o.promptVersion}' is not a version number (1, 2, ...).`);
    filter.promptVersion = Number(o.promptVersion);
  }
  if (o.query !== undefined && o.query !== '') filter.q = o.query;
  return filter;
}
