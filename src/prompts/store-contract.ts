/**
 * What the prompt registry needs from storage (storage/prompts implements it for SQLite and
 * PostgreSQL). Every write appends to the audit chain in the same transaction. Prompts belong to
 * a tenant (promptTenantOf): a team's prompts are its own; `global` ones are the owner's and every
 * caller can call them when its team has none of that id.
 */
import type { Actor } from '../governance/store-contract.js';
import type { CallerIdentity } from '../pipeline/context.js';
import type { LabelEvent, PromptSummary, PromptTemplate, PromptVersion } from './types.js';

/** The tenant of the owner's prompts, which every team can call. */
export const GLOBAL_PROMPT_TENANT = 'global';

/** Whose prompts a caller reads first: its team's, else the global ones. */
export function promptTenantOf(identity: CallerIdentity | undefined): string {
  return identity?.team ? `team:${identity.team}` : GLOBAL_PROMPT_TENANT;
}

/** What a push carries. */
export interface PushInput {
  template: PromptTemplate;
  message?: string;
  author?: string;
  description?: string;
}

/** A page of a list. */
export interface PageOptions {
  limit?: number;
  /** Opaque cursor from the previous page's last item. */
  after?: string;
}

/** The prompt registry on storage. */
export interface PromptStore {
  list(tenant: string, page?: PageOptions): Promise<PromptSummary[]>;
  get(tenant: string, id: string): Promise<PromptSummary | undefined>;
  /** Newest first. */
  versions(tenant: string, id: string, page?: PageOptions): Promise<PromptVersion[]>;
  version(tenant: string, id: string, version: number): Promise<PromptVersion | undefined>;
  /** The version a label points at. */
  labelled(tenant: string, id: string, label: string): Promise<PromptVersion | undefined>;
  /**
   * Adds a version, unless the latest one has the same content (then it is returned with
   * created false: pushing the same files twice changes nothing).
   */
  push(actor: Actor, tenant: string, id: string, input: PushInput): Promise<{ version: PromptVersion; created: boolean }>;
  /**
   * Points a label at a version in one transaction, recording the move. With `expected`, the
   * move happens only if the label points there now (undefined: unset), else it throws a
   * conflict; the move is returned with moved false when the label already points at `version`.
   */
  setLabel(
    actor: Actor,
    tenant: string,
    id: string,
    label: string,
    version: number,
    options?: { expected?: number | null; reason?: string },
  ): Promise<{ event: LabelEvent; moved: boolean }>;
  removeLabel(actor: Actor, tenant: string, id: string, label: string): Promise<boolean>;
  /** Newest first; one label or all. */
  labelHistory(tenant: string, id: string, label?: string, page?: PageOptions): Promise<LabelEvent[]>;
}
