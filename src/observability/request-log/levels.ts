/**
 * Which body level applies to a request: `request_log.teams` (by team id or team name) over
 * `request_log.bodies`. Compiled once from config into a map; a request costs one or two lookups.
 */
import type { CallerIdentity } from '../../pipeline/context.js';
import type { BodyLevel, RequestLogConfig } from '../config-schema.js';

/** The level of a request from its caller. */
export type BodyLevelOf = (identity: CallerIdentity | undefined) => BodyLevel;

/** Compiles the level resolver of a request_log block. */
export function compileBodyLevels(config: Pick<RequestLogConfig, 'bodies' | 'teams'>): BodyLevelOf {
  const fallback = config.bodies;
  const byTeam = new Map<string, BodyLevel>(Object.entries(config.teams).map(([team, o]) => [team, o.bodies]));
  if (byTeam.size === 0) return () => fallback;
  return (identity) => {
    if (!identity) return fallback;
    // A team id wins over a team name (ids cannot be renamed; names can).
    const byId = identity.team === undefined ? undefined : byTeam.get(identity.team);
    if (byId !== undefined) return byId;
    const byName = identity.teamName === undefined ? undefined : byTeam.get(identity.teamName);
    return byName ?? fallback;
  };
}

/** Whether any request can be at level full (else the stream tap is not installed at all). */
export function anyFull(config: Pick<RequestLogConfig, 'bodies' | 'teams'>): boolean {
  return config.bodies === 'full' || Object.values(config.teams).some((o) => o.bodies === 'full');
}
