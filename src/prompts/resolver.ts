/**
 * Resolves a prompt reference to a stored version: the caller's tenant first, then `global`;
 * `version` a number ("3") or a label; none: the `production` label, else the latest version.
 * Versions are immutable, so they are cached without expiry (a bounded LRU); what a prompt's
 * labels point at is cached for a second (labelTtlMs), and `invalidate()` drops that at once
 * after a local admin write, so a label moved on this replica is used by its next request while
 * other replicas follow within the second.
 */
import { GatewayError } from '../core/errors.js';
import { GLOBAL_PROMPT_TENANT, type PromptStore } from './store-contract.js';
import { DEFAULT_LABEL, type PromptSummary, type PromptVersion } from './types.js';

/** How the resolver caches. */
export interface ResolverOptions {
  /** How long a prompt's labels and latest version are trusted (ms); default 1000. */
  labelTtlMs?: number;
  /** How many versions are kept in memory; default 256 (templates are capped at 256 KiB, so at most 64 MiB of text even when every one is that large). */
  maxVersions?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/** A resolved reference. */
export interface Resolution {
  version: PromptVersion;
  /** The label that chose the version (the one named, or the default label it fell back to). */
  label?: string;
}

const VERSION_NUMBER = /^[1-9]\d{0,9}$/;

/** Resolves references over a store, with the caches above. */
export class PromptResolver {
  private readonly labelTtlMs: number;
  private readonly maxVersions: number;
  private readonly now: () => number;
  /** tenant\0id → the summary (or undefined: no such prompt) and when it expires. */
  private readonly summaries = new Map<string, { at: number; value: Promise<PromptSummary | undefined> }>();
  /** tenant\0id\0version → the version, least recently used first. */
  private readonly versions = new Map<string, PromptVersion>();

  constructor(
    private readonly store: PromptStore,
    options: ResolverOptions = {},
  ) {
    this.labelTtlMs = options.labelTtlMs ?? 1000;
    this.maxVersions = options.maxVersions ?? 256;
    this.now = options.now ?? Date.now;
  }

  /** Forgets where labels point (all prompts, or one): call it after a local label move or push. */
  invalidate(tenant?: string, id?: string): void {
    if (tenant === undefined || id === undefined) this.summaries.clear();
    else this.summaries.delete(`${tenant}\u0000${id}`);
  }

  /** The version a reference names, or undefined when no tenant the caller reads has the prompt; 404 prompt_version_not_found for a version or label it lacks. */
  async resolve(tenant: string, id: string, version: string | undefined): Promise<Resolution | undefined> {
    const tenants = tenant === GLOBAL_PROMPT_TENANT ? [tenant] : [tenant, GLOBAL_PROMPT_TENANT];
    for (const t of tenants) {
      const summary = await this.summary(t, id);
      if (summary) return this.pick(t, summary, version);
    }
    return undefined;
  }

  private summary(tenant: string, id: string): Promise<PromptSummary | undefined> {
    const key = `${tenant}\u0000${id}`;
    const now = this.now();
    const cached = this.summaries.get(key);
    if (cached && now - cached.at < this.labelTtlMs) return cached.value;
    const value = this.store.get(tenant, id);
    this.summaries.set(key, { at: now, value });
    // A failed read is not remembered: the next request asks again.
    value.catch(() => {
      if (this.summaries.get(key)?.value === value) this.summaries.delete(key);
    });
    return value;
  }

  private async pick(tenant: string, summary: PromptSummary, version: string | undefined): Promise<Resolution> {
    const id = summary.id;
    if (version !== undefined && VERSION_NUMBER.test(version)) {
      const n = Number(version);
      const found = n <= summary.latestVersion ? await this.version(tenant, id, n) : undefined;
      if (!found) throw notFound(`Prompt '${id}' has no version ${n} (its latest is ${summary.latestVersion}).`);
      return { version: found };
    }
    const label = version ?? DEFAULT_LABEL;
    const at = Object.hasOwn(summary.labels, label) ? summary.labels[label] : undefined;
    if (at === undefined && version !== undefined) {
      const labels = Object.keys(summary.labels);
      throw notFound(`Prompt '${id}' has no version or label '${label.slice(0, 64)}'${labels.length > 0 ? ` (its labels: ${labels.join(', ')})` : ''}.`);
    }
    const n = at ?? summary.latestVersion;
    const found = await this.version(tenant, id, n);
    if (!found) throw notFound(`Prompt '${id}' version ${n} could not be read; try again.`);
    return at === undefined ? { version: found } : { version: found, label };
  }

  private async version(tenant: string, id: string, n: number): Promise<PromptVersion | undefined> {
    const key = `${tenant}\u0000${id}\u0000${n}`;
    const cached = this.versions.get(key);
    if (cached) {
      // Least recently used first: a hit moves to the end.
      this.versions.delete(key);
      this.versions.set(key, cached);
      return cached;
    }
    const found = await this.store.version(tenant, id, n);
    if (!found) return undefined;
    this.versions.set(key, found);
    if (this.versions.size > this.maxVersions) this.versions.delete(this.versions.keys().next().value!);
    return found;
  }
}

function notFound(message: string): GatewayError {
  return new GatewayError('prompt_version_not_found', 404, message, { param: 'prompt.version' });
}
