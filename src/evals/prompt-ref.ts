/** `ID@VERSION` references on the command line: a prompt id and a version number or label. */
import { EvalInputError } from './errors.js';

/** A prompt to run: its id and a version number ("3") or label ("production"). */
export interface PromptRef {
  id: string;
  version?: string;
}

/** Parses `ID@VERSION` (or a bare `ID`: the production label, as the gateway resolves it). */
export function parsePromptRef(text: string, option: string): PromptRef {
  const at = text.lastIndexOf('@');
  const id = at === -1 ? text : text.slice(0, at);
  const version = at === -1 ? undefined : text.slice(at + 1);
  if (!id || version === '') throw new EvalInputError(`${option} '${text}': write ID@VERSION, e.g. support-answer@3 or support-answer@production.`);
  return version === undefined ? { id } : { id, version };
}

/** `ID@VERSION` for reports. */
export function formatPromptRef(ref: PromptRef): string {
  return ref.version === undefined ? ref.id : `${ref.id}@${ref.version}`;
}
