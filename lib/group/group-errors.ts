/**
 * The errors of a `ClientGroup` and of its configuration, each a class users can `instanceof`,
 * all {@link RxMcpError}s.
 */
import { RxMcpError } from '../protocol/errors.js';

/** What a group names: a tool, a prompt, a resource (by URI) or a resource template (by URI template). */
export type ComponentKind = 'tool' | 'prompt' | 'resource' | 'resourceTemplate';

/**
 * Two servers of a group offer the same group name (after the `componentNameHook` or `prefix`).
 * The server that arrived second was refused and its connection closed; `servers` names both,
 * the one already in the group first.
 */
export class NameCollisionError extends RxMcpError {
  override name = 'NameCollisionError';

  constructor(
    readonly kind: ComponentKind,
    /** The colliding group names. */
    readonly names: readonly string[],
    /** `[owner, rejected]`: the server that has the names, then the one refused. */
    readonly servers: readonly [string, string],
  ) {
    super(`Server '${servers[1]}' was refused: its ${kind} name${names.length === 1 ? '' : 's'} ${names.map((n) => `'${n}'`).join(', ')} already belong${names.length === 1 ? 's' : ''} to server '${servers[0]}' (use componentNameHook or prefix)`);
  }
}

/** No server of the group has that name (`group.client`, `group.disconnect`, a per-server option). */
export class UnknownServerError extends RxMcpError {
  override name = 'UnknownServerError';

  constructor(readonly server: string) {
    super(`No server named '${server}' in the group`);
  }
}

/** A server name is already taken in the group (connected, connecting or restarting). */
export class DuplicateServerError extends RxMcpError {
  override name = 'DuplicateServerError';

  constructor(readonly server: string) {
    super(`The group already has a server named '${server}'`);
  }
}

/** No connected server of the group offers that tool, prompt, resource or template. */
export class UnknownComponentError extends RxMcpError {
  override name = 'UnknownComponentError';

  constructor(
    readonly kind: ComponentKind,
    readonly component: string,
  ) {
    super(`No connected server of the group offers the ${kind} '${component}'`);
  }
}

/**
 * An `mcpServers` configuration is not valid: `server` names the entry (when one is at fault)
 * and `field` the path inside it (`command`, `url`, `env.HOME`, …).
 */
export class ConfigError extends RxMcpError {
  override name = 'ConfigError';

  constructor(
    message: string,
    readonly server: string | undefined,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

/** A target handed to `connect` (rxmcp/node) that no transport can be inferred from. */
export class UnsupportedTargetError extends RxMcpError {
  override name = 'UnsupportedTargetError';

  constructor(
    message: string,
    readonly target: unknown,
  ) {
    super(message);
  }
}
