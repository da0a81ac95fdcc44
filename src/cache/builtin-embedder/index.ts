/** The builtin in-process embedder of the semantic cache. */
export { BUILTIN_DIMENSIONS, BUILTIN_EMBEDDER_VERSION, cosineOfUnit, embedText } from './embed.js';
