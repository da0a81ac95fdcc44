/** Why a near-miss guard rejected a similar stored question: what differs between the two. */
export type NearMissReason = 'numbers' | 'entities' | 'negation' | 'order' | 'language' | 'format';
