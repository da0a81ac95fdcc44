/** Checks that the teams and projects a write names exist and fit together, inside its transaction. */
import type { Transaction } from 'kysely';
import { InvalidReferenceError } from '../../governance/errors.js';
import type { StorageSchema } from '../schema.js';

/** Throws InvalidReferenceError unless the team exists. */
export async function requireTeam(trx: Transaction<StorageSchema>, teamId: string): Promise<void> {
  const team = await trx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new InvalidReferenceError(`team '${teamId}' does not exist`, 'team_id');
}

/** Throws InvalidReferenceError unless the team exists and, when a project is named, it exists inside that team. */
export async function requireTeamAndProject(trx: Transaction<StorageSchema>, teamId: string, projectId: string | null): Promise<void> {
  await requireTeam(trx, teamId);
  if (projectId === null) return;
  const project = await trx.selectFrom('projects').select('team_id').where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new InvalidReferenceError(`project '${projectId}' does not exist`, 'project_id');
  if (project.team_id !== teamId) throw new InvalidReferenceError(`project '${projectId}' is not in team '${teamId}'`, 'project_id');
}

/** A copy of `base` with the fields of `patch` that are listed and not undefined (null clears a field). */
export function applyPatch<T extends object, P extends object>(base: T, patch: P, fields: readonly (keyof T & keyof P)[]): T {
  const out = { ...base };
  for (const field of fields) {
    const value = patch[field];
    if (value !== undefined) (out as Record<PropertyKey, unknown>)[field] = value;
  }
  return out;
}
