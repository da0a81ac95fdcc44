/**
 * Routing rules, compiled once from `routing_rules:` into predicates over the request context.
 * The first rule whose every condition holds decides: it may switch the alias (`use`) and narrow
 * the targets to regions and tags. Teams, projects and keys match by id or by name.
 */
import type { RequestContext } from '../pipeline/context.js';
import { type RegionMatcher, regionMatcher } from './region-match.js';
import { chatRequestOf, hasImages, inputTokensOf } from './request-facts.js';
import type { RoutingRule } from './schema.js';

/** A rule ready to evaluate. */
export interface CompiledRule {
  /** The rule's name, or `rule[i]`: what x-switchboard-route-reason shows. */
  name: string;
  matches(ctx: RequestContext): boolean;
  use?: string;
  regions?: RegionMatcher;
  regionList?: readonly string[];
  tags?: readonly string[];
}

type Predicate = (ctx: RequestContext) => boolean;

const asSet = (value: string | string[]) => new Set(Array.isArray(value) ? value : [value]);

function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.requestHeaders[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The end user as the request names it (governance resolves the same later, in admit). */
function endUserOf(ctx: RequestContext): string | undefined {
  return header(ctx, 'x-switchboard-user') ?? chatRequestOf(ctx)?.user;
}

function paramPredicate(name: string, expected: RoutingRule['when']['params'] extends Record<string, infer V> | undefined ? V : never): Predicate {
  return (ctx) => {
    const value = (ctx.request as Record<string, unknown> | undefined)?.[camel(name)];
    if (typeof expected === 'object' && expected !== null) {
      if (typeof value !== 'number') return false;
      return (expected.gte === undefined || value >= expected.gte) && (expected.lte === undefined || value <= expected.lte);
    }
    return value === expected;
  };
}

// Rules name parameters as the OpenAI wire does (max_tokens, top_p); the canonical request is camelCase.
const PARAM_ALIASES: Record<string, string> = { max_tokens: 'maxTokens', max_completion_tokens: 'maxTokens', max_output_tokens: 'maxTokens' };
function camel(name: string): string {
  return PARAM_ALIASES[name] ?? name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Compiles one rule's conditions into a single predicate. */
function compileWhen(when: RoutingRule['when']): Predicate {
  const checks: Predicate[] = [];
  const byIdOrName = (value: string | string[], pick: (ctx: RequestContext) => (string | undefined)[]) => {
    const set = asSet(value);
    checks.push((ctx) => pick(ctx).some((v) => v !== undefined && set.has(v)));
  };
  if (when.team !== undefined) byIdOrName(when.team, (ctx) => [ctx.identity?.team, ctx.identity?.teamName]);
  if (when.project !== undefined) byIdOrName(when.project, (ctx) => [ctx.identity?.project, ctx.identity?.projectName]);
  if (when.key !== undefined) byIdOrName(when.key, (ctx) => [ctx.identity?.keyId, ctx.identity?.keyName]);
  if (when.user !== undefined) byIdOrName(when.user, (ctx) => [endUserOf(ctx)]);
  if (when.model !== undefined) byIdOrName(when.model, (ctx) => [ctx.modelRequested]);
  for (const [name, value] of Object.entries(when.headers ?? {})) {
    const set = asSet(value);
    const lower = name.toLowerCase();
    checks.push((ctx) => {
      const got = header(ctx, lower);
      return got !== undefined && set.has(got);
    });
  }
  for (const [name, value] of Object.entries(when.metadata ?? {})) {
    const set = asSet(value);
    checks.push((ctx) => {
      const got = chatRequestOf(ctx)?.metadata?.[name];
      return got !== undefined && set.has(got);
    });
  }
  for (const [name, expected] of Object.entries(when.params ?? {})) checks.push(paramPredicate(name, expected));
  if (when.min_input_tokens !== undefined) {
    const min = when.min_input_tokens;
    checks.push((ctx) => inputTokensOf(ctx) >= min);
  }
  if (when.max_input_tokens !== undefined) {
    const max = when.max_input_tokens;
    checks.push((ctx) => inputTokensOf(ctx) <= max);
  }
  if (when.has_tools !== undefined) {
    const want = when.has_tools;
    checks.push((ctx) => (chatRequestOf(ctx)?.tools?.length ?? 0) > 0 === want);
  }
  if (when.has_images !== undefined) {
    const want = when.has_images;
    checks.push((ctx) => {
      const chat = chatRequestOf(ctx);
      return (chat ? hasImages(chat) : false) === want;
    });
  }
  if (when.stream !== undefined) {
    const want = when.stream;
    checks.push((ctx) => ctx.stream === want);
  }
  // Cheap conditions were pushed first: identity and headers before token estimates.
  return (ctx) => {
    for (const check of checks) if (!check(ctx)) return false;
    return true;
  };
}

/** Compiles `routing_rules:`. */
export function compileRules(rules: readonly RoutingRule[]): CompiledRule[] {
  return rules.map((rule, i) => {
    const compiled: CompiledRule = { name: rule.name ?? `rule[${i}]`, matches: compileWhen(rule.when) };
    if (rule.use !== undefined) compiled.use = rule.use;
    if (rule.regions) {
      compiled.regions = regionMatcher(rule.regions);
      compiled.regionList = rule.regions;
    }
    if (rule.tags) compiled.tags = rule.tags;
    return compiled;
  });
}
