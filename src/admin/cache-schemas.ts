/**
 * Body and query schemas of the cache routes (POST /admin/v1/cache/purge, GET /admin/v1/cache/stats):
 * strict and bounded, and the source of their OpenAPI entries, like schemas.ts.
 */
import { z } from 'zod';
import { CACHE_STATS_GROUPS } from './cache-contract.js';
import { idSchema, timeParam } from './schemas.js';

/** An age: seconds (a number or digits), or digits and a unit s, m, h, d (`2h`, `7d`). */
const AGE = /^(\d{1,9})([smhd])?$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An age in ms: `2h`, `7d`, `90` (seconds) or 90; undefined when it is not one. */
export function ageMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 && value <= 999_999_999 ? value * 1_000 : undefined;
  const match = AGE.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
}

const ageSchema = z
  .union([z.string(), z.number()])
  .refine((v) => ageMs(v) !== undefined, 'expected an age such as 30m, 2h, 7d, or seconds (3600)')
  .describe('Purge entries older than this: 30m, 2h, 7d, or seconds.');

const scopeText = (what: string, max: number) =>
  z
    .string()
    .min(1, `${what} cannot be empty`)
    .max(max, `${what} has at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, `${what} cannot contain control characters`);

/** POST /admin/v1/cache/purge. */
export const cachePurgeSchema = z
  .object({
    team: idSchema.optional().describe("Entries of this team's scopes (forced to the caller's team for team_admin keys)."),
    scope: scopeText('scope', 512).optional().describe('Entries of this scope string and those under it, e.g. team:TEAM_ID/key:KEY_ID.'),
    namespace: scopeText('namespace', 128).optional().describe('Entries written under this namespace (x-switchboard-cache-namespace).'),
    older_than: ageSchema.optional(),
    all: z.literal(true).optional().describe('Required to purge without any filter: every entry (the owner) or every entry of the team (team_admin).'),
  })
  .strict();

/** GET /admin/v1/cache/stats. */
export const cacheStatsQuerySchema = z
  .object({
    from: timeParam.optional(),
    to: timeParam.optional(),
    group_by: z.enum(CACHE_STATS_GROUPS).optional(),
    team: idSchema.optional(),
  })
  .strict();
