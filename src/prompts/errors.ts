/**
 * Typed failures of the prompt registry. Storage throws them and admin/ maps them to HTTP
 * statuses (404, 409, 400) without importing storage.
 */

/** The prompt or the version named does not exist in the tenant. Admin answers 404. */
export class PromptNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptNotFoundError';
  }
}

/** A compare-and-set label move found the label elsewhere. Admin answers 409 `label_conflict`. */
export class LabelConflictError extends Error {
  constructor(
    message: string,
    /** Where the label points now (undefined: unset). */
    readonly current: number | undefined,
  ) {
    super(message);
    this.name = 'LabelConflictError';
  }
}

/** A prompt id or label name is not allowed. Admin answers 400. */
export class InvalidPromptNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPromptNameError';
  }
}
