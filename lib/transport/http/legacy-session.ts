/**
 * The legacy (before 2026-07-28) session of a Streamable HTTP connection: the `Mcp-Session-Id`
 * the `initialize` answer set, the version it negotiated, its invisible re-establishment when the
 * server forgot it, and its end with `DELETE`.
 *
 * A session the server forgot (a 404 to a message that carried its id, or the official SDK's
 * 400 -32000, see `session-gone.ts`) is re-established once: one new handshake with the
 * parameters of the first `initialize`, shared by every message that found it gone.
 */
import type { JsonObject, RequestId } from '../../protocol/jsonrpc.js';
import { parseJsonFrame } from '../json-frames.js';
import { isAnswerTo, readEvents, readJsonBody } from './event-stream.js';
import type { HttpChannel } from './http-channel.js';
import { legacyHeaders } from './message-headers.js';
import { discardBody } from './response-errors.js';
import type { HttpResponse } from './requester.js';

/** The Accept header of a POST: the answer may be JSON or an event stream. */
export const ACCEPT_BOTH = 'application/json, text/event-stream';
/** How long the `DELETE` that ends a session may take. */
const DELETE_TIMEOUT_MS = 2_000;

/** What the session asks of the connection while it re-establishes itself. */
export interface SessionHooks {
  /** Sends `notifications/initialized` in the new session, as a retry: refused too, it fails instead of recovering again. */
  readonly sendInitialized: () => Promise<void>;
  /** The standalone GET stream belonged to the old session: stop it (the new session opens its own). */
  readonly dropStandalone: () => void;
}

/** One connection's legacy session. */
export class LegacySession {
  /** The `Mcp-Session-Id` the server set, if it set one. */
  id: string | undefined;
  /** The version the legacy handshake negotiated (sent as `MCP-Protocol-Version` after it). */
  version: string | undefined;
  /** The params of the first legacy `initialize`, for a re-establishment. */
  initializeParams: JsonObject | undefined;
  /** The re-initialization under way, shared by every message that found the session gone. */
  private recovery: Promise<boolean> | undefined;

  constructor(
    private readonly channel: HttpChannel,
    private readonly hooks: SessionHooks,
  ) {}

  /**
   * Session `expired` is gone: run the handshake again, invisibly to the client. Every message
   * that finds the same session gone waits for the same attempt; one that finds it already
   * replaced just uses the new session. Resolves whether there is a live session now.
   */
  recover(expired: string): Promise<boolean> {
    if (this.id !== expired) return Promise.resolve(this.id !== undefined);
    this.recovery ??= this.reinitialize(expired).finally(() => (this.recovery = undefined));
    return this.recovery;
  }

  /** Ends session `id` with DELETE (a 405 means the server keeps it; bounded in time). */
  async terminate(id: string): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), DELETE_TIMEOUT_MS);
    try {
      const headers = this.channel.headersFor(legacyHeaders(id, this.version));
      const response = await this.channel.fetch({ method: 'DELETE', headers, signal: controller.signal });
      await discardBody(response);
    } catch {
      // the session ends anyway when the server times it out
    } finally {
      clearTimeout(timer);
    }
  }

  /** `initialize` (with the parameters of the first one) and `notifications/initialized` in a new session. */
  private async reinitialize(expired: string): Promise<boolean> {
    const channel = this.channel;
    if (this.initializeParams === undefined || channel.closed) return false;
    this.hooks.dropStandalone();
    try {
      const headers = channel.headersFor({ Accept: ACCEPT_BOTH, 'Content-Type': 'application/json' });
      const id = 'rxmcp-reinitialize';
      const response = await channel.fetch({
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: this.initializeParams }),
        signal: channel.signal,
      });
      const sessionId = response.headers.get('mcp-session-id');
      const answer = await this.internalAnswer(response, id);
      const version = (answer as { result?: { protocolVersion?: unknown } } | undefined)?.result?.protocolVersion;
      if (sessionId === null || sessionId === expired || version !== this.version || channel.closed) return false;
      this.id = sessionId;
      await this.hooks.sendInitialized();
      return true;
    } catch {
      return false;
    }
  }

  /** The answer to an internal request (not passed to the client). */
  private async internalAnswer(response: HttpResponse, id: RequestId): Promise<unknown> {
    if (!response.ok) return undefined;
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('application/json')) return parseJsonFrame(await readJsonBody(response, this.channel.maxMessage), 'The server answered with a body that is not JSON');
    let answer: unknown;
    await readEvents(
      response,
      {
        message: (value) => {
          if (isAnswerTo(value, id)) answer = value;
        },
        done: () => answer !== undefined,
      },
      this.channel,
    );
    return answer;
  }
}
