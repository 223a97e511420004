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
  /** The error's class name, for logs and `error.name` checks. */
  override name = 'NameCollisionError';

  constructor(
    /** What collided: tools, prompts, resources or resource templates. */
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
  /** The error's class name, for logs and `error.name` checks. */
  override name = 'UnknownServerError';

  constructor(
    /** The server name that was asked for. */
    readonly server: string,
  ) {
    super(`No server named '${server}' in the group`);
  }
}

/** A server name is already taken in the group (connected, connecting or restarting). */
export class DuplicateServerError extends RxMcpError {
  /** The error's class name, for logs and `error.name` checks. */
  override name = 'DuplicateServerError';

  constructor(
    /** The server name that is already taken. */
    readonly server: string,
  ) {
    super(`The group already has a server named '${server}'`);
  }
}

/** No connected server of the group offers that tool, prompt, resource or template. */
export class UnknownComponentError extends RxMcpError {
  /** The error's class name, for logs and `error.name` checks. */
  override name = 'UnknownComponentError';

  constructor(
    /** What was asked for: a tool, a prompt, a resource or a resource template. */
    readonly kind: ComponentKind,
    /** Its group name (or URI) that no server offers. */
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
  /** The error's class name, for logs and `error.name` checks. */
  override name = 'ConfigError';

  constructor(
    message: string,
    /** The entry of `mcpServers` at fault, or `undefined` when the whole configuration is. */
    readonly server: string | undefined,
    /** The path of the bad field inside the entry (`command`, `env.HOME`, …), or `undefined`. */
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

/** A target handed to `connect` (rxmcp/node) that no transport can be inferred from. */
export class UnsupportedTargetError extends RxMcpError {
  /** The error's class name, for logs and `error.name` checks. */
  override name = 'UnsupportedTargetError';

  constructor(
    message: string,
    /** The target as it was given. */
    readonly target: unknown,
  ) {
    super(message);
  }
}
