/** The eval gate's own errors: bad inputs (named by file and line or path) and operational stops. */

/** A dataset, graders file or option the eval cannot use; the message names the file and where in it. */
export class EvalInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalInputError';
  }
}

/**
 * A failure that stops the whole run (the gateway is unreachable, refuses the key, or a budget
 * refuses further calls): the results so far are still reported, and the command exits 2.
 */
export class EvalStopError extends Error {
  constructor(
    message: string,
    /** HTTP status of the refusal, 0 when the gateway could not be reached. */
    readonly status: number,
    /** The gateway's stable error code, when it sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'EvalStopError';
  }
}
