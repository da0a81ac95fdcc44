/**
 * What experiments need from storage (storage/experiments implements it for SQLite and
 * PostgreSQL). Every write appends its audit row in the same transaction.
 */
import type { Actor } from '../../governance/store-contract.js';
import type { Experiment, ExperimentDefinition, ExperimentStatus } from './definition.js';

/** What a PATCH may change. */
export interface ExperimentPatch {
  status?: ExperimentStatus;
  /** Variant name → new weight (variants not named keep theirs). */
  weights?: Record<string, number>;
  /** null clears it. */
  description?: string | null;
  /** The decision to keep (promotion, stop). */
  decision?: Record<string, unknown>;
}

/** Experiments on storage. */
export interface ExperimentStore {
  /** Throws ConflictError when the tenant already has an experiment of that name. */
  create(actor: Actor, tenant: string, definition: ExperimentDefinition): Promise<Experiment>;
  get(id: string): Promise<Experiment | undefined>;
  /** One tenant's, or every tenant's when undefined; newest first. */
  list(tenant?: string): Promise<Experiment[]>;
  /** Every tenant's running and paused experiments (the snapshot assigns only the running ones). */
  active(): Promise<Experiment[]>;
  /** Undefined when there is no such experiment. Audited as experiment.updated, .stopped or .promoted. */
  update(actor: Actor, id: string, patch: ExperimentPatch): Promise<Experiment | undefined>;
  /** Deletes it; false when absent. */
  delete(actor: Actor, id: string): Promise<boolean>;
}

/** The audit action of a status change. */
export function auditActionOf(status: ExperimentStatus | undefined): string {
  if (status === 'stopped') return 'experiment.stopped';
  if (status === 'promoted') return 'experiment.promoted';
  return 'experiment.updated';
}
