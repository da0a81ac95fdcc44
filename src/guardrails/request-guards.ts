/**
 * Which guards apply to a request: the config's (those whose `applies_to` matches the caller and
 * the alias) and then its team's and project's own lists, each compiled once. A request with no
 * scoped guard and no tenant list gets the one precompiled set without allocating anything.
 */
import type { CallerIdentity } from '../pipeline/context.js';
import type { CompiledGuard } from './compiled-guard.js';
import { compileOutputFilter, type OutputFilter } from './output-filter.js';

/** The guards of one request, split by stage, with the output side compiled. */
export interface RequestGuards {
  input: readonly CompiledGuard[];
  output: readonly CompiledGuard[];
  filter: OutputFilter;
  /** A tokenize guard is among the input guards: answers are restored. */
  tokenizes: boolean;
}

/** Builds the per-stage view of a guard list. */
export function requestGuards(guards: readonly CompiledGuard[]): RequestGuards | undefined {
  if (guards.length === 0) return undefined;
  const input = guards.filter((g) => g.input);
  const output = guards.filter((g) => g.output);
  return { input, output, filter: compileOutputFilter(output), tokenizes: input.some((g) => g.action === 'tokenize') };
}

/** Returns a request's guards from the config's list and the caller's tenant lists. */
export class GuardSelector {
  private readonly unscopedCount: number;
  private readonly anyScoped: boolean;
  private readonly fixed: RequestGuards | undefined;
  private readonly tenantCompiled = new WeakMap<object, readonly CompiledGuard[]>();
  /** A number per guard object, for the memo's keys. */
  private readonly ids = new WeakMap<CompiledGuard, number>();
  private nextId = 0;
  /** Stage views by the guards chosen (their ids): a handful of combinations in practice. */
  private readonly memo = new Map<string, RequestGuards | undefined>();

  constructor(
    private readonly config: readonly CompiledGuard[],
    /** The caller's team and project lists (the same array objects until they change). */
    private readonly tenantLists: (identity: CallerIdentity | undefined) => readonly (readonly unknown[])[],
    /** Compiles one tenant list (called once per list object). */
    private readonly compileTenant: (list: readonly unknown[]) => readonly CompiledGuard[],
  ) {
    const unscoped = config.filter((g) => !g.appliesTo);
    this.unscopedCount = unscoped.length;
    this.anyScoped = unscoped.length < config.length;
    this.fixed = requestGuards(unscoped);
  }

  /** The guards for this caller and alias, or undefined when none apply. */
  select(identity: CallerIdentity | undefined, alias: string): RequestGuards | undefined {
    const lists = this.tenantLists(identity);
    if (!this.anyScoped && lists.length === 0) return this.fixed;
    const chosen: CompiledGuard[] = [];
    for (const guard of this.config) if (!guard.appliesTo || guard.appliesTo(identity, alias)) chosen.push(guard);
    for (const list of lists) {
      let compiled = this.tenantCompiled.get(list);
      if (!compiled) {
        compiled = this.compileTenant(list);
        this.tenantCompiled.set(list, compiled);
      }
      for (const guard of compiled) if (!guard.appliesTo || guard.appliesTo(identity, alias)) chosen.push(guard);
    }
    if (chosen.length === this.unscopedCount && chosen.every((g) => !g.appliesTo)) return this.fixed;
    let key = '';
    for (const guard of chosen) key += `${this.idOf(guard)},`;
    if (this.memo.has(key)) return this.memo.get(key);
    const guards = requestGuards(chosen);
    // Replaced tenant lists leave old combinations behind: a bound keeps the memo small.
    if (this.memo.size >= 10_000) this.memo.clear();
    this.memo.set(key, guards);
    return guards;
  }

  private idOf(guard: CompiledGuard): number {
    let id = this.ids.get(guard);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(guard, id);
    }
    return id;
  }
}
