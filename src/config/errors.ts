/** ConfigError: a config problem with the file, the path inside it, and what to do. */

/** Thrown by loading and compiling; the CLI prints `message` and exits non-zero. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${path ? `at '${path}': ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}
