/**
 * Data residency pins of a virtual key: the region lists of the key, its project and its team,
 * in that order, one list per pinned object. The router serves a request only from a target whose
 * region matches every list, so a key or project can narrow its team's regions but never widen them.
 */
import type { Project, Team, VirtualKey } from '../types.js';

/** The pins of one key, as CallerIdentity.regionPins holds them. */
export type RegionPins = readonly (readonly string[])[];

/**
 * The non-null region lists of the key, its project and its team (frozen copies: every request of
 * the key shares them); undefined when none of the three is pinned.
 */
export function regionPinsOf(key: VirtualKey, project: Project | undefined, team: Team | undefined): RegionPins | undefined {
  const pins: (readonly string[])[] = [];
  for (const regions of [key.regions, project?.regions, team?.regions]) {
    // An empty list (only a hand-edited row has one) stays: it matches no region, so it refuses, as a pin must.
    if (regions !== null && regions !== undefined) pins.push(Object.freeze([...regions]));
  }
  return pins.length === 0 ? undefined : Object.freeze(pins);
}
