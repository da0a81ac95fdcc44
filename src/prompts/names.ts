/** The names the registry accepts: prompt ids and label names. */
import { InvalidPromptNameError } from './errors.js';

/** A prompt id: a letter or digit, then up to 127 letters, digits, `_`, `.` or `-`. */
export const PROMPT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** A label: a lowercase letter or digit, then up to 63 lowercase letters, digits, `_`, `.` or `-`. */
export const LABEL_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** Whether `id` is a valid prompt id. */
export function isPromptId(id: string): boolean {
  return PROMPT_ID_PATTERN.test(id);
}

/** Whether `label` is a valid label name. */
export function isLabelName(label: string): boolean {
  return LABEL_PATTERN.test(label);
}

/** Throws InvalidPromptNameError unless `id` is a valid prompt id. */
export function assertPromptId(id: string): void {
  if (!isPromptId(id))
    throw new InvalidPromptNameError(`prompt id '${id.slice(0, 140)}' is not allowed: use a letter or digit, then up to 127 letters, digits, '_', '.' or '-'`);
}

/** Throws InvalidPromptNameError unless `label` is a valid label name. */
export function assertLabelName(label: string): void {
  if (!isLabelName(label))
    throw new InvalidPromptNameError(
      `label '${label.slice(0, 80)}' is not allowed: use a lowercase letter or digit, then up to 63 lowercase letters, digits, '_', '.' or '-'`,
    );
}
