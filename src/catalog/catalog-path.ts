/** Location of the committed catalog, shared by the loader and the refresh command. */
import { fileURLToPath } from 'node:url';

/** Absolute path of src/catalog/catalog.json, resolved from this module so it works from any cwd. */
export const CATALOG_PATH = fileURLToPath(new URL('./catalog.json', import.meta.url));
