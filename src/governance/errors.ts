/**
 * Typed failures of tenancy writes. Storage throws them and admin/ maps them to HTTP statuses
 * (409, 400) without importing storage. Their messages name objects by id or name, never a secret.
 */

/** A write would break a uniqueness rule: a team name, a project name within its team. Admin answers 409. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A write names a team or project that does not exist, or a project outside the key's team. Admin answers 400. */
export class InvalidReferenceError extends Error {
  constructor(
    message: string,
    /** The input field at fault: `team_id` or `project_id`. */
    readonly field: 'team_id' | 'project_id',
  ) {
    super(message);
    this.name = 'InvalidReferenceError';
  }
}
