/** Location of the committed catalog, shared by the loader and the refresh command. */
import { fileURLToPath } from 'node:url';

/** Absolute path of src/catalog/catalog.json from this module (in src/ or the compiled dist/), from any cwd. */
export const CATALOG_PATH = fileURLToPath(new URL('../../src/catalog/catalog.json', import.meta.url));
