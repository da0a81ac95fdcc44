/**
 * Experiments on SQLite and PostgreSQL (table `experiments`): the definition as JSON text, the
 * status and the last decision. Every write and its audit row share one transaction; a name is
 * unique per tenant, checked inside the write (on PostgreSQL under a table lock, so two replicas
 * cannot both create the same name).
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { ConflictError } from '../../governance/errors.js';
import type { Actor } from '../../governance/store-contract.js';
import type { Experiment, ExperimentDefinition, ExperimentStatus } from '../../prompts/experiments/definition.js';
import { auditActionOf, type ExperimentPatch, type ExperimentStore } from '../../prompts/experiments/store-contract.js';
import type { ExperimentsTable, StorageSchema } from '../schema.js';
import { appendAudit } from '../governance/audit-chain.js';

/** A new experiment id: `exp_` + 16 hex. */
export function newExperimentId(): string {
  return `exp_${randomBytes(8).toString('hex')}`;
}

function fromRow(row: ExperimentsTable): Experiment {
  const definition = JSON.parse(row.definition) as ExperimentDefinition;
  return {
    id: row.id,
    tenant: row.tenant,
    definition,
    status: row.status as ExperimentStatus,
    decision: row.decision ? (JSON.parse(row.decision) as Record<string, unknown>) : undefined,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The team an experiment's tenant names (null for global), for the audit row. */
function teamOf(tenant: string): string | null {
  return tenant.startsWith('team:') ? tenant.slice(5) : null;
}

/** Options: a clock for tests. */
export interface ExperimentStoreOptions {
  now?: () => number;
}

/** The experiment store over Kysely. */
export class KyselyExperimentStore implements ExperimentStore {
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<StorageSchema>,
    private readonly kind: 'sqlite' | 'postgres',
    options: ExperimentStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private audit(
    trx: Transaction<StorageSchema>,
    actor: Actor,
    action: string,
    experiment: Experiment,
    before: Experiment | undefined,
    after: Experiment | undefined,
  ) {
    return appendAudit(trx, this.kind, {
      time: this.now(),
      actor_key_id: actor.key_id,
      actor_role: actor.role,
      action,
      object_type: 'experiment',
      object_id: experiment.id,
      team_id: teamOf(experiment.tenant),
      before: before ? JSON.stringify(before) : null,
      after: after ? JSON.stringify(after) : null,
    });
  }

  async create(actor: Actor, tenant: string, definition: ExperimentDefinition): Promise<Experiment> {
    return this.db.transaction().execute(async (trx) => {
      if (this.kind === 'postgres') await sql`LOCK TABLE experiments IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      const rows = await trx.selectFrom('experiments').select('definition').where('tenant', '=', tenant).execute();
      if (rows.some((r) => (JSON.parse(r.definition) as ExperimentDefinition).name === definition.name))
        throw new ConflictError(`An experiment named '${definition.name}' already exists`);
      const t = this.now();
      const row: ExperimentsTable = {
        tenant,
        id: newExperimentId(),
        definition: JSON.stringify(definition),
        status: 'running',
        decision: null,
        created_at: t,
        updated_at: t,
      };
      await trx.insertInto('experiments').values(row).execute();
      const experiment = fromRow(row);
      await this.audit(trx, actor, 'experiment.created', experiment, undefined, experiment);
      return experiment;
    });
  }

  async get(id: string): Promise<Experiment | undefined> {
    const row = await this.db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(tenant?: string): Promise<Experiment[]> {
    let query = this.db.selectFrom('experiments').selectAll();
    if (tenant !== undefined) query = query.where('tenant', '=', tenant);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(fromRow);
  }

  async active(): Promise<Experiment[]> {
    const rows = await this.db.selectFrom('experiments').selectAll().where('status', 'in', ['running', 'paused']).execute();
    return rows.map(fromRow);
  }

  async update(actor: Actor, id: string, patch: ExperimentPatch): Promise<Experiment | undefined> {
    return this.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('experiments').selectAll().where('id', '=', id);
      if (this.kind === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      const before = fromRow(row);
      const definition: ExperimentDefinition = { ...before.definition };
      if (patch.weights) {
        for (const name of Object.keys(patch.weights))
          if (!definition.variants.some((v) => v.name === name)) throw new ConflictError(`Experiment '${definition.name}' has no variant '${name}'`);
        definition.variants = definition.variants.map((v) => (patch.weights?.[v.name] === undefined ? v : { ...v, weight: patch.weights[v.name]! }));
      }
      if (patch.description === null) delete definition.description;
      else if (patch.description !== undefined) definition.description = patch.description;
      const t = Math.max(this.now(), before.updatedAt);
      const next: ExperimentsTable = {
        ...row,
        definition: JSON.stringify(definition),
        status: patch.status ?? row.status,
        decision: patch.decision ? JSON.stringify(patch.decision) : row.decision,
        updated_at: t,
      };
      await trx
        .updateTable('experiments')
        .set({ definition: next.definition, status: next.status, decision: next.decision, updated_at: t })
        .where('id', '=', id)
        .execute();
      const after = fromRow(next);
      const action = patch.status !== undefined && patch.status !== before.status ? auditActionOf(patch.status) : 'experiment.updated';
      await this.audit(trx, actor, action, after, before, after);
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return false;
      await trx.deleteFrom('experiments').where('id', '=', id).execute();
      const before = fromRow(row);
      await this.audit(trx, actor, 'experiment.deleted', before, before, undefined);
      return true;
    });
  }
}
