/**
 * Region names and patterns for data residency: `eu-west-1` matches itself, `eu-*` matches every
 * region starting with `eu-`, `*` matches any region. A target without a region matches no pin:
 * where it serves from is unknown, so a pinned caller never reaches it.
 */

/** A compiled list of region names and patterns: true when a region matches any of them. */
export type RegionMatcher = (region: string | undefined) => boolean;

/** Compiles one pin (a list of names or patterns). */
export function regionMatcher(patterns: readonly string[]): RegionMatcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  let any = false;
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (lower === '*') any = true;
    else if (lower.endsWith('*') && lower.indexOf('*') === lower.length - 1) prefixes.push(lower.slice(0, -1));
    else exact.add(lower);
  }
  return (region) => {
    if (region === undefined) return false;
    if (any) return true;
    const lower = region.toLowerCase();
    if (exact.has(lower)) return true;
    for (const prefix of prefixes) if (lower.startsWith(prefix)) return true;
    return false;
  };
}

const MATCHERS = new WeakMap<readonly string[], RegionMatcher>();

/** The matcher of a pin list, compiled once per list object (pins are shared per key by the tenancy snapshot). */
export function cachedRegionMatcher(patterns: readonly string[]): RegionMatcher {
  let matcher = MATCHERS.get(patterns);
  if (!matcher) {
    matcher = regionMatcher(patterns);
    MATCHERS.set(patterns, matcher);
  }
  return matcher;
}
