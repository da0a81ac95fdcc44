/**
 * The prompt registry on SQLite or PostgreSQL. Every write is one transaction that first takes
 * the prompt row's lock (PostgreSQL: the row is upserted or selected FOR UPDATE; SQLite: Kysely
 * runs one transaction at a time on the process's connection), then changes versions or labels
 * and appends its audit row, so concurrent pushes of one prompt number their versions one after
 * the other and a compare-and-set label move sees the label as it is. Lock order is always
 * prompt row, label row, audit chain: no deadlock between two writes.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from '../../governance/store-contract.js';
import { contentHash } from '../../prompts/canonical.js';
import { LabelConflictError, PromptNotFoundError } from '../../prompts/errors.js';
import { assertLabelName, assertPromptId } from '../../prompts/names.js';
import type { PageOptions, PromptStore, PushInput } from '../../prompts/store-contract.js';
import type { LabelEvent, PromptSummary, PromptVersion } from '../../prompts/types.js';
import { appendAudit } from '../governance/audit-chain.js';
import { num } from '../governance/json-columns.js';
import { isUniqueViolation } from '../governance/tenancy-tx.js';
import type { StorageSchema } from '../schema.js';
import { eventFromRow, teamOfTenant, versionFromRow } from './rows.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** Attempts of a write that lost a race on a unique key (another replica inserted first). */
const WRITE_ATTEMPTS = 5;

function limitOf(page: PageOptions | undefined): number {
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(page?.limit ?? DEFAULT_LIMIT)));
}

/** A cursor that is a version number; anything else reads as "from the start". */
function versionCursor(after: string | undefined): number | undefined {
  if (after === undefined || !/^\d{1,9}$/.test(after)) return undefined;
  return Number(after);
}

let eventSequence = 0;
/** Event ids sort like their time, then their order within this process (history pages by id). */
function eventId(time: number): string {
  eventSequence = (eventSequence + 1) % 0x1000000;
  return `ple_${Math.floor(time).toString(16).padStart(12, '0')}${eventSequence.toString(16).padStart(6, '0')}${randomBytes(5).toString('hex')}`;
}

/** Options of the store. */
export interface PromptStoreOptions {
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number;
}

/** A PromptStore on SQLite or PostgreSQL. */
export class KyselyPromptStore implements PromptStore {
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<StorageSchema>,
    private readonly kind: 'sqlite' | 'postgres',
    options: PromptStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async list(tenant: string, page?: PageOptions): Promise<PromptSummary[]> {
    const rows = await this.db
      .selectFrom('prompts')
      .selectAll()
      .where('tenant', '=', tenant)
      .$if(page?.after !== undefined, (qb) => qb.where('id', '>', page!.after!))
      .orderBy('id')
      .limit(limitOf(page))
      .execute();
    return this.summaries(tenant, rows);
  }

  async get(tenant: string, id: string): Promise<PromptSummary | undefined> {
    const row = await this.db.selectFrom('prompts').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    return row ? (await this.summaries(tenant, [row]))[0] : undefined;
  }

  async versions(tenant: string, id: string, page?: PageOptions): Promise<PromptVersion[]> {
    const after = versionCursor(page?.after);
    const rows = await this.db
      .selectFrom('prompt_versions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('prompt_id', '=', id)
      .$if(after !== undefined, (qb) => qb.where('version', '<', after!))
      .orderBy('version', 'desc')
      .limit(limitOf(page))
      .execute();
    return rows.map(versionFromRow);
  }

  async version(tenant: string, id: string, version: number): Promise<PromptVersion | undefined> {
    if (!Number.isSafeInteger(version)) return undefined;
    const row = await this.db
      .selectFrom('prompt_versions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('prompt_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? versionFromRow(row) : undefined;
  }

  async labelled(tenant: string, id: string, label: string): Promise<PromptVersion | undefined> {
    const row = await this.db
      .selectFrom('prompt_labels as l')
      .innerJoin('prompt_versions as v', (join) =>
        join.onRef('v.tenant', '=', 'l.tenant').onRef('v.prompt_id', '=', 'l.prompt_id').onRef('v.version', '=', 'l.version'),
      )
      .selectAll('v')
      .where('l.tenant', '=', tenant)
      .where('l.prompt_id', '=', id)
      .where('l.label', '=', label)
      .executeTakeFirst();
    return row ? versionFromRow(row) : undefined;
  }

  async push(actor: Actor, tenant: string, id: string, input: PushInput): Promise<{ version: PromptVersion; created: boolean }> {
    assertPromptId(id);
    const hash = contentHash(input.template);
    const template = JSON.stringify(input.template);
    return this.write(async (trx) => {
      const now = this.now();
      await trx
        .insertInto('prompts')
        .values({ tenant, id, description: input.description ?? null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
        .execute();
      const prompt = await this.lockPrompt(trx, tenant, id);
      if (!prompt) throw new PromptNotFoundError(`prompt '${id}' vanished during the push`);
      const latest = await trx
        .selectFrom('prompt_versions')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('prompt_id', '=', id)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      const descriptionChanged = input.description !== undefined && input.description !== prompt.description;
      if (latest && latest.content_hash === hash) {
        if (descriptionChanged)
          await trx
            .updateTable('prompts')
            .set({ description: input.description!, updated_at: now })
            .where('tenant', '=', tenant)
            .where('id', '=', id)
            .execute();
        return { version: versionFromRow(latest), created: false };
      }
      const row = {
        tenant,
        prompt_id: id,
        version: latest ? num(latest.version) + 1 : 1,
        template,
        content_hash: hash,
        message: input.message ?? null,
        author: input.author ?? null,
        created_at: now,
      };
      await trx.insertInto('prompt_versions').values(row).execute();
      await trx
        .updateTable('prompts')
        .set({ updated_at: now, ...(descriptionChanged ? { description: input.description! } : {}) })
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, this.kind, {
        time: now,
        actor_key_id: actor.key_id,
        actor_role: actor.role,
        action: 'prompt.version_created',
        object_type: 'prompt',
        object_id: id,
        team_id: teamOfTenant(tenant),
        before: latest ? JSON.stringify({ tenant, version: num(latest.version), content_hash: latest.content_hash }) : null,
        after: JSON.stringify({ tenant, version: row.version, content_hash: hash, message: row.message }),
      });
      return { version: versionFromRow(row), created: true };
    });
  }

  async setLabel(
    actor: Actor,
    tenant: string,
    id: string,
    label: string,
    version: number,
    options: { expected?: number | null; reason?: string } = {},
  ): Promise<{ event: LabelEvent; moved: boolean }> {
    assertLabelName(label);
    return this.write(async (trx) => {
      const now = this.now();
      if (!(await this.lockPrompt(trx, tenant, id))) throw new PromptNotFoundError(`prompt '${id}' does not exist`);
      const target = Number.isSafeInteger(version)
        ? await trx
            .selectFrom('prompt_versions')
            .select('version')
            .where('tenant', '=', tenant)
            .where('prompt_id', '=', id)
            .where('version', '=', version)
            .executeTakeFirst()
        : undefined;
      if (!target) throw new PromptNotFoundError(`prompt '${id}' has no version ${version}`);
      const currentRow = await trx
        .selectFrom('prompt_labels')
        .select('version')
        .where('tenant', '=', tenant)
        .where('prompt_id', '=', id)
        .where('label', '=', label)
        .executeTakeFirst();
      const current = currentRow ? num(currentRow.version) : undefined;
      if (options.expected !== undefined && (options.expected ?? undefined) !== current) {
        const want = options.expected === null ? 'unset' : `at v${options.expected}`;
        const is = current === undefined ? 'unset' : `at v${current}`;
        throw new LabelConflictError(`label '${label}' of prompt '${id}' is ${is}, not ${want}: read it again and retry`, current);
      }
      if (current === version) {
        const event: LabelEvent = { promptId: id, label, version, previousVersion: current, time: now, actorKeyId: actor.key_id };
        return { event, moved: false };
      }
      if (currentRow)
        await trx
          .updateTable('prompt_labels')
          .set({ version, updated_at: now, updated_by: actor.key_id })
          .where('tenant', '=', tenant)
          .where('prompt_id', '=', id)
          .where('label', '=', label)
          .execute();
      else await trx.insertInto('prompt_labels').values({ tenant, prompt_id: id, label, version, updated_at: now, updated_by: actor.key_id }).execute();
      const row = {
        id: eventId(now),
        tenant,
        prompt_id: id,
        label,
        version,
        previous_version: current ?? null,
        time: now,
        actor_key_id: actor.key_id,
        reason: options.reason ?? null,
      };
      await trx.insertInto('prompt_label_events').values(row).execute();
      await this.touch(trx, tenant, id, now);
      await appendAudit(trx, this.kind, {
        time: now,
        actor_key_id: actor.key_id,
        actor_role: actor.role,
        action: 'prompt.label_moved',
        object_type: 'prompt',
        object_id: id,
        team_id: teamOfTenant(tenant),
        before: current === undefined ? null : JSON.stringify({ tenant, label, version: current }),
        after: JSON.stringify({ tenant, label, version, ...(options.reason ? { reason: options.reason } : {}) }),
      });
      return { event: eventFromRow(row), moved: true };
    });
  }

  async removeLabel(actor: Actor, tenant: string, id: string, label: string): Promise<boolean> {
    return this.write(async (trx) => {
      const now = this.now();
      if (!(await this.lockPrompt(trx, tenant, id))) return false;
      const currentRow = await trx
        .selectFrom('prompt_labels')
        .select('version')
        .where('tenant', '=', tenant)
        .where('prompt_id', '=', id)
        .where('label', '=', label)
        .executeTakeFirst();
      if (!currentRow) return false;
      const current = num(currentRow.version);
      await trx.deleteFrom('prompt_labels').where('tenant', '=', tenant).where('prompt_id', '=', id).where('label', '=', label).execute();
      await trx
        .insertInto('prompt_label_events')
        .values({
          id: eventId(now),
          tenant,
          prompt_id: id,
          label,
          version: null,
          previous_version: current,
          time: now,
          actor_key_id: actor.key_id,
          reason: null,
        })
        .execute();
      await this.touch(trx, tenant, id, now);
      await appendAudit(trx, this.kind, {
        time: now,
        actor_key_id: actor.key_id,
        actor_role: actor.role,
        action: 'prompt.label_removed',
        object_type: 'prompt',
        object_id: id,
        team_id: teamOfTenant(tenant),
        before: JSON.stringify({ tenant, label, version: current }),
        after: null,
      });
      return true;
    });
  }

  async labelHistory(tenant: string, id: string, label?: string, page?: PageOptions): Promise<LabelEvent[]> {
    const rows = await this.db
      .selectFrom('prompt_label_events')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('prompt_id', '=', id)
      .$if(label !== undefined, (qb) => qb.where('label', '=', label!))
      .$if(page?.after !== undefined, (qb) => qb.where('id', '<', page!.after!))
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(limitOf(page))
      .execute();
    return rows.map(eventFromRow);
  }

  /** The prompt row, locked until commit on PostgreSQL; undefined when there is none. */
  private lockPrompt(trx: Transaction<StorageSchema>, tenant: string, id: string) {
    return trx
      .selectFrom('prompts')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .$if(this.kind === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
  }

  private async touch(trx: Transaction<StorageSchema>, tenant: string, id: string, now: number): Promise<void> {
    await trx.updateTable('prompts').set({ updated_at: now }).where('tenant', '=', tenant).where('id', '=', id).execute();
  }

  /** Runs a write in a transaction, again when it lost a race on a unique key. */
  private async write<T>(body: (trx: Transaction<StorageSchema>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(body);
      } catch (err) {
        if (attempt >= WRITE_ATTEMPTS || !isUniqueViolation(err)) throw err;
      }
    }
  }

  /** Summaries of prompt rows: their latest version and labels, in two queries for the page. */
  private async summaries(tenant: string, rows: StorageSchema['prompts'][]): Promise<PromptSummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const latest = await this.db
      .selectFrom('prompt_versions')
      .select(['prompt_id', sql<number>`max(version)`.as('latest')])
      .where('tenant', '=', tenant)
      .where('prompt_id', 'in', ids)
      .groupBy('prompt_id')
      .execute();
    const labels = await this.db
      .selectFrom('prompt_labels')
      .select(['prompt_id', 'label', 'version'])
      .where('tenant', '=', tenant)
      .where('prompt_id', 'in', ids)
      .orderBy('label')
      .execute();
    const latestOf = new Map(latest.map((row) => [row.prompt_id, num(row.latest)]));
    return rows.map((row) => {
      const own: Record<string, number> = {};
      for (const label of labels) if (label.prompt_id === row.id) own[label.label] = num(label.version);
      return {
        id: row.id,
        ...(row.description !== null ? { description: row.description } : {}),
        latestVersion: latestOf.get(row.id) ?? 0,
        labels: own,
        createdAt: num(row.created_at),
        updatedAt: num(row.updated_at),
      };
    });
  }
}
