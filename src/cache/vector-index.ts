/** The semantic cache's nearest-neighbour index; the implementation lives in ./vector-index/. */
export { VectorIndex, type VectorIndexOptions, type VectorMatch } from './vector-index/vector-index.js';
