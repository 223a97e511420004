/**
 * How the client's requests become what the dispatcher runs: each method's session
 * description (stamped for the era, its result schema, `input_required` allowed where the
 * client drives the rounds), from the method, params and options an {@link McpRequest} carries.
 * One object per client, so a request costs no closure. **Adding a method** to the client is a
 * registry entry, a line here, and one line per public method over the chain.
 */
import type { RequestSpec } from '../dispatch/request-spec.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { CompleteResultSchema } from '../protocol/schemas/completion.js';
import { EmptyResultSchema } from '../protocol/schemas/lifecycle.js';
import { METHODS } from '../protocol/methods.js';
import { GetPromptResultSchema } from '../protocol/schemas/prompts.js';
import { ReadResourceResultSchema } from '../protocol/schemas/resources.js';
import { LegacyCreateTaskResultSchema } from '../protocol/schemas/tasks.js';
import type { LoggingLevel } from '../protocol/schemas/logging.js';
import type { McpRequestOptions } from '../pipeline/call-options.js';
import type { RequestDescriber } from '../pipeline/mcp-request.js';
import type { ClientSession } from '../session/client-session.js';

/** Describes a client's requests with its session. */
export class SessionDescriber implements RequestDescriber {
  constructor(private readonly session: ClientSession) {}

  /**
   * `tools/call`, the hot method, is told apart first and described by a small function of its
   * own: a per-call function stays small, so the JIT optimises it early and cheaply (compiling the
   * whole switch below cost milliseconds of optimising-compiler CPU in the first thousand calls).
   */
  describe(method: string, params: JsonObject | undefined, options: McpRequestOptions): RequestSpec<unknown> {
    return method === 'tools/call' ? this.toolCall(params, options) : this.other(method, params, options);
  }

  /** `tools/call`. */
  private toolCall(params: JsonObject | undefined, options: McpRequestOptions): RequestSpec<unknown> {
    const session = this.session;
    // 2025-11-25 (SEP-1686): a call with a `task` param is answered `{ task }`, for the tasks stage's driver
    if (params?.task !== undefined && session.era === 'legacy') return session.describe('tools/call', params, LegacyCreateTaskResultSchema, 'complete', options);
    // a result type an extension claims comes back marked, for the claim stage to resolve (the
    // caller's options passed on as they are: a copy per call would also be checked per call)
    return session.toolCallRequest(params!, options, 'complete-or-input', session.hasClaimsFor('tools/call') ? true : undefined);
  }

  /** Every other method. */
  private other(method: string, params: JsonObject | undefined, options: McpRequestOptions): RequestSpec<unknown> {
    const session = this.session;
    switch (method) {
      case 'ping':
        return session.pingRequest(options);
      case 'logging/setLevel':
        return session.setLoggingLevelRequest(params!.level as LoggingLevel, options);
      case 'tools/list':
        return session.listToolsRequest({ cursor: params?.cursor as string | undefined }, options);
      case 'prompts/list':
        return session.listPromptsRequest({ cursor: params?.cursor as string | undefined }, options);
      case 'prompts/get':
        return session.describe(method, params, GetPromptResultSchema, 'complete-or-input', options);
      case 'resources/list':
        return session.listResourcesRequest({ cursor: params?.cursor as string | undefined }, options);
      case 'resources/templates/list':
        return session.listResourceTemplatesRequest({ cursor: params?.cursor as string | undefined }, options);
      case 'resources/read':
        return session.describe(method, params, ReadResourceResultSchema, 'complete-or-input', options);
      case 'resources/subscribe':
        return session.subscribeResourceRequest(params!.uri as string, options);
      case 'resources/unsubscribe':
        return session.unsubscribeResourceRequest(params!.uri as string, options);
      case 'completion/complete':
        return session.describe(method, params, CompleteResultSchema, 'complete', options);
      default:
        // an extension's own method (a claim resolver's follow-up): any object result, as sent
        if (!METHODS.has(method)) return session.describe(method, params, EmptyResultSchema, 'complete', options);
        throw new TypeError(`rxmcp: the client has no description of '${method}'`);
    }
  }
}
