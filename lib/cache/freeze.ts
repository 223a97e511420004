/**
 * The deep freeze cached values go through, re-exported where the cache code has always found
 * it. It lives in the protocol layer (`lib/protocol/freeze.ts`) because every result is frozen
 * where it is decoded, not only cached ones.
 */
export { deepFreeze, isDeepFrozen } from '../protocol/freeze.js';
