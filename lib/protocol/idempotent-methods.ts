/**
 * Which MCP methods are safe to send twice. A fact about the methods, so it lives in `protocol/`:
 * the session (whether to reissue a request the transport lost) and the `retry` operator (whether
 * to retry by default) both read it, and the operator sits below the session.
 */

/** Methods safe to send again when the transport lost them: they change nothing on the server. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'server/discover',
  'initialize',
  'ping',
  'tools/list',
  'prompts/list',
  'prompts/get',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'completion/complete',
]);
