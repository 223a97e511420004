/**
 * The `reconnect` operator lives with the machine it is made of (`lib/streams/reconnect.ts`),
 * below the transports, which use the same machine; re-exported here among the operators.
 */
export { reconnect, type ReconnectStreamOptions } from '../streams/reconnect.js';
