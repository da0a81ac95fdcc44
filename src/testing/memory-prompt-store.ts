/**
 * An in-memory PromptStore for unit tests of the prompt hook (production uses storage/prompts):
 * the same contract, without the audit chain or paging cursors beyond a plain limit.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../governance/store-contract.js';
import type { PageOptions, PromptStore, PushInput } from '../prompts/store-contract.js';
import type { LabelEvent, PromptSummary, PromptVersion } from '../prompts/types.js';

interface Entry {
  summary: PromptSummary;
  versions: PromptVersion[];
  events: LabelEvent[];
}

/** An in-memory prompt registry; `reads` counts version and label reads (to check caching). */
export class MemoryPromptStore implements PromptStore {
  private readonly entries = new Map<string, Entry>();
  reads = 0;

  private key(tenant: string, id: string): string {
    return `${tenant}\u0000${id}`;
  }

  private entry(tenant: string, id: string): Entry | undefined {
    return this.entries.get(this.key(tenant, id));
  }

  async list(tenant: string, page?: PageOptions): Promise<PromptSummary[]> {
    const out = [...this.entries.entries()].filter(([key]) => key.startsWith(`${tenant}\u0000`)).map(([, e]) => ({ ...e.summary }));
    return out.slice(0, page?.limit ?? out.length);
  }

  async get(tenant: string, id: string): Promise<PromptSummary | undefined> {
    const e = this.entry(tenant, id);
    return e ? { ...e.summary, labels: { ...e.summary.labels } } : undefined;
  }

  async versions(tenant: string, id: string, page?: PageOptions): Promise<PromptVersion[]> {
    const list = [...(this.entry(tenant, id)?.versions ?? [])].reverse();
    return list.slice(0, page?.limit ?? list.length);
  }

  async version(tenant: string, id: string, version: number): Promise<PromptVersion | undefined> {
    this.reads++;
    return this.entry(tenant, id)?.versions.find((v) => v.version === version);
  }

  async labelled(tenant: string, id: string, label: string): Promise<PromptVersion | undefined> {
    this.reads++;
    const e = this.entry(tenant, id);
    const at = e?.summary.labels[label];
    return at === undefined ? undefined : e?.versions.find((v) => v.version === at);
  }

  async push(_actor: Actor, tenant: string, id: string, input: PushInput): Promise<{ version: PromptVersion; created: boolean }> {
    const contentHash = createHash('sha256').update(JSON.stringify(input.template)).digest('hex');
    let e = this.entry(tenant, id);
    const latest = e?.versions.at(-1);
    if (latest && latest.contentHash === contentHash) return { version: latest, created: false };
    const now = Date.now();
    if (!e) {
      e = { summary: { id, latestVersion: 0, labels: {}, createdAt: now, updatedAt: now }, versions: [], events: [] };
      this.entries.set(this.key(tenant, id), e);
    }
    const version: PromptVersion = {
      promptId: id,
      version: (latest?.version ?? 0) + 1,
      template: structuredClone(input.template),
      contentHash,
      createdAt: now,
      ...(input.message !== undefined ? { message: input.message } : {}),
      ...(input.author !== undefined ? { author: input.author } : {}),
    };
    e.versions.push(version);
    e.summary.latestVersion = version.version;
    e.summary.updatedAt = now;
    if (input.description !== undefined) e.summary.description = input.description;
    return { version, created: true };
  }

  async setLabel(
    actor: Actor,
    tenant: string,
    id: string,
    label: string,
    version: number,
    options?: { expected?: number | null; reason?: string },
  ): Promise<{ event: LabelEvent; moved: boolean }> {
    const e = this.entry(tenant, id);
    if (!e || !e.versions.some((v) => v.version === version)) throw new Error(`No version ${version} of prompt '${id}'.`);
    const previous = e.summary.labels[label];
    if (options?.expected !== undefined && (options.expected ?? undefined) !== previous) throw new Error(`Label '${label}' moved meanwhile.`);
    const event: LabelEvent = {
      promptId: id,
      label,
      version,
      ...(previous !== undefined ? { previousVersion: previous } : {}),
      time: Date.now(),
      actorKeyId: actor.key_id,
      ...(options?.reason !== undefined ? { reason: options.reason } : {}),
    };
    if (previous === version) return { event, moved: false };
    e.summary.labels[label] = version;
    e.events.push(event);
    return { event, moved: true };
  }

  async removeLabel(actor: Actor, tenant: string, id: string, label: string): Promise<boolean> {
    const e = this.entry(tenant, id);
    const previous = e?.summary.labels[label];
    if (!e || previous === undefined) return false;
    delete e.summary.labels[label];
    e.events.push({ promptId: id, label, previousVersion: previous, time: Date.now(), actorKeyId: actor.key_id });
    return true;
  }

  async labelHistory(tenant: string, id: string, label?: string, page?: PageOptions): Promise<LabelEvent[]> {
    const events = [...(this.entry(tenant, id)?.events ?? [])].filter((ev) => label === undefined || ev.label === label).reverse();
    return events.slice(0, page?.limit ?? events.length);
  }
}
