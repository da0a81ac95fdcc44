/**
 * PAWS-X data of the semantic-cache embedder, shared by scripts/fit-cache-embedder.ts and
 * scripts/eval-cache.ts so both use the same split: pairs with an even pair_index are the "dev"
 * half (fitting, threshold choice), odd ones the "test" half (reported only). Translations of one
 * pair share its pair_index, so they always land in the same half.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seven PAWS-X languages. */
export const PAWSX_LANGUAGES = ['en', 'de', 'es', 'fr', 'ja', 'ko', 'zh'] as const;
/** One PAWS-X language code. */
export type PawsxLanguage = (typeof PAWSX_LANGUAGES)[number];

/** One labelled sentence pair. */
export interface PawsxPair {
  pairIndex: number;
  lang: PawsxLanguage;
  text1: string;
  text2: string;
  paraphrase: boolean;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The PAWS-X folder: $PAWSX_DIR, else ../shared/data/pawsx next to the repository (pass --data DIR otherwise). */
export function defaultPawsxDir(): string {
  const dir = process.env.PAWSX_DIR ?? resolve(REPO_ROOT, '../shared/data/pawsx');
  if (!existsSync(dir)) throw new Error(`PAWS-X data not found at ${dir}: pass --data DIR or set PAWSX_DIR to the folder of pawsx_dev_<lang>.jsonl files`);
  return dir;
}

/** True for pairs of the dev half (even pair_index); the rest is the test half. */
export function isDevPair(pair: PawsxPair): boolean {
  return pair.pairIndex % 2 === 0;
}

/** All pairs of every language, in file order. */
export function loadPawsx(dir: string): PawsxPair[] {
  return PAWSX_LANGUAGES.flatMap((lang) =>
    readFileSync(join(dir, `pawsx_dev_${lang}.jsonl`), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const row = JSON.parse(line) as { pair_index: number; text1: string; text2: string; is_paraphrase: boolean };
        return { pairIndex: row.pair_index, lang, text1: row.text1, text2: row.text2, paraphrase: row.is_paraphrase };
      }),
  );
}
