/** The structured logger surface governance's background work uses (pino's, so tests can pass a recorder). */
export interface GovernanceLogger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** A logger that drops everything, for callers that pass none. */
export const SILENT_LOGGER: GovernanceLogger = { error() {}, warn() {}, info() {} };

/**
 * An error as a short, loggable text: name, code and message, with anything URL-shaped replaced,
 * since database drivers and HTTP stacks may quote connection strings or webhook URLs.
 */
export function safeErrorText(err: unknown): string {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrubUrls(err).slice(0, 200) : typeof err;
  const code = (err as { code?: unknown }).code;
  const head = typeof code === 'string' || typeof code === 'number' ? `${err.name} ${code}` : err.name;
  const message = scrubUrls(err.message).slice(0, 200);
  return message ? `${head}: ${message}` : head;
}

function scrubUrls(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>');
}
