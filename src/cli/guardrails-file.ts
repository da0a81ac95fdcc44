/** `--guardrails FILE` of `teams` and `projects`: a guard list read from YAML or JSON, handed to the admin API as is. */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { parse } from 'yaml';

/**
 * The guard list in a file: the document itself when it is a list, or its `guardrails:` key (so a
 * block copied from a config file works). JSON is YAML, so one parser reads both. The server
 * checks the guards themselves; only what is not a list at all is refused here.
 */
export function readGuardrailsFile(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InvalidArgumentError(`--guardrails: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new InvalidArgumentError(`--guardrails: ${file} is not valid YAML or JSON (${(err as Error).message.split('\n')[0]}).`);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'guardrails' in value) value = (value as { guardrails: unknown }).guardrails;
  if (!Array.isArray(value))
    throw new InvalidArgumentError(`--guardrails: ${file} holds no list of guards; write a YAML list (- name: pii ...) or a 'guardrails:' key holding one.`);
  return value;
}
