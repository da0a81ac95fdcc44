/**
 * The prompt files a push reads: one file, or every *.yaml / *.yml in a folder (not recursive),
 * all parsed and validated before anything is sent, so a bad file pushes nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PROMPT_FILE_BYTES, type PromptFile, PromptFileError, parsePromptFile } from '../prompts/prompt-file.js';

/** A parsed file and where it came from. */
export interface LoadedPromptFile extends PromptFile {
  file: string;
}

/** The prompt files of a folder, sorted by name. */
export function promptFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new Error(`cannot read the folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return names
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/** Reads and validates every file; throws one error listing every bad file (file, line, path, fix). */
export function loadPromptFiles(files: readonly string[]): LoadedPromptFile[] {
  const loaded: LoadedPromptFile[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    try {
      const size = statSync(file).size;
      if (size > MAX_PROMPT_FILE_BYTES) throw new PromptFileError(file, '', `the file is larger than ${MAX_PROMPT_FILE_BYTES / 1024} KiB`);
      const parsed = parsePromptFile(readFileSync(file, 'utf8'), file);
      const other = seen.get(parsed.id);
      if (other) throw new PromptFileError(file, 'id', `the id '${parsed.id}' is also ${other}'s: give each prompt its own id`);
      seen.set(parsed.id, file);
      loaded.push({ ...parsed, file });
    } catch (err) {
      if (err instanceof PromptFileError) problems.push(err.message);
      else problems.push(`${file}: cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (problems.length > 0)
    throw new Error(`${problems.join('\n')}\nnothing was pushed: fix ${problems.length === 1 ? 'the file' : 'the files'} above and run push again`);
  return loaded;
}
