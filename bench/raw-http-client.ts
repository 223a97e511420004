/**
 * The floors over Streamable HTTP: the simplest correct MCP client someone would write by hand,
 * on `fetch` (`raw`) or on `undici.request` with a keep-alive agent (`raw-undici`, the cost of
 * HTTP itself without the WHATWG layer); the two differ only in their {@link RawHttpSend}
 * (`raw-http-send.ts`). One POST per message; the answer is read as JSON or, when the server chose an SSE
 * stream, as `data:` events: the whole body at once, or, when the caller wants progress, as the
 * events come until the response to this request (progress notifications on the way go to the
 * caller's callback). It validates nothing, keeps no standalone GET stream and never reconnects.
 *
 * - legacy (2025-11-25): `initialize` without a session, then `Mcp-Session-Id` (from the
 *   `initialize` response) and `MCP-Protocol-Version` on every POST; `close()` DELETEs the session.
 * - modern (2026-07-28): no session; every request carries the `_meta` envelope and the
 *   `MCP-Protocol-Version`, `Mcp-Method` and (for `tools/call`) `Mcp-Name` headers.
 */
import { RAW_LEGACY_VERSION, RAW_MODERN_VERSION, type RawEra } from './raw-client.js';
import type { RawHttpAnswer, RawHttpSend } from './raw-http-send.js';

/** A JSON object, as far as this client cares. */
type Json = Record<string, unknown>;

const CLIENT_INFO = { name: 'raw-bench-client', version: '1.0.0' };

/** A hand-written JSON-RPC client to one Streamable HTTP MCP endpoint. */
export class RawHttpClient {
  private nextId = 1;
  private sessionId: string | undefined;
  /** The protocol version in use: the one `initialize` answered, or the modern version sent. */
  protocolVersion = RAW_MODERN_VERSION;

  private constructor(
    private readonly send: RawHttpSend,
    private readonly url: string,
    /** The `_meta` envelope stamped on every modern request; undefined on legacy connections. */
    private readonly envelope: Json | undefined,
  ) {}

  /** Runs the opening of `era` against `url`: initialize (+ initialized) or server/discover. */
  static async connect(send: RawHttpSend, url: string, era: RawEra): Promise<RawHttpClient> {
    if (era === 'legacy') {
      const client = new RawHttpClient(send, url, undefined);
      const result = await client.request('initialize', { protocolVersion: RAW_LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
      client.protocolVersion = String(result.protocolVersion);
      await client.notify('notifications/initialized');
      return client;
    }
    const envelope: Json = {
      'io.modelcontextprotocol/protocolVersion': RAW_MODERN_VERSION,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    };
    const client = new RawHttpClient(send, url, envelope);
    await client.request('server/discover', {});
    return client;
  }

  /** Sends a request and resolves with its `result` (rejects with the JSON-RPC error's message). */
  async request(method: string, params: Json, onProgress?: (progress: number) => void): Promise<Json> {
    const id = this.nextId++;
    let meta = this.envelope;
    if (onProgress !== undefined) meta = { ...meta, progressToken: id };
    const message = { jsonrpc: '2.0', id, method, params: meta === undefined ? params : { ...params, _meta: meta } };
    const response = await this.post(message);
    if (method === 'initialize') this.sessionId = response.header('mcp-session-id');
    const sse = (response.header('content-type') ?? '').includes('text/event-stream');
    // An SSE answer is streamed only when progress is wanted as it happens; otherwise the whole
    // body is read at once, the cheapest way (the server ends the stream after the response).
    const answer = !sse ? ((await response.json()) as Json) : onProgress === undefined ? answerIn(await response.text(), id) : await readSse(response, id, onProgress);
    if (answer.error !== undefined) throw new Error(String((answer.error as Json).message));
    return answer.result as Json;
  }

  /** Sends a notification (the server answers 202). */
  async notify(method: string, params?: Json): Promise<void> {
    const response = await this.post({ jsonrpc: '2.0', method, params });
    await response.discard();
  }

  /** Ends a legacy session (DELETE); nothing to do on modern connections. */
  async close(): Promise<void> {
    if (this.sessionId === undefined) return;
    const response = await this.send(this.url, 'DELETE', this.headers(undefined));
    await response.discard();
    this.sessionId = undefined;
  }

  private async post(message: Json): Promise<RawHttpAnswer> {
    const response = await this.send(this.url, 'POST', this.headers(message), JSON.stringify(message));
    if (response.status < 200 || response.status > 299) throw new Error(`${String(message.method)} answered HTTP ${response.status}: ${await response.text()}`);
    return response;
  }

  private headers(message: Json | undefined): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json, text/event-stream', 'Content-Type': 'application/json' };
    if (this.envelope !== undefined) {
      headers['MCP-Protocol-Version'] = RAW_MODERN_VERSION;
      if (message !== undefined) headers['Mcp-Method'] = String(message.method);
      const name = (message?.params as Json | undefined)?.name;
      if (message?.method === 'tools/call' && typeof name === 'string') headers['Mcp-Name'] = name;
    } else {
      if (this.sessionId !== undefined) headers['Mcp-Session-Id'] = this.sessionId;
      if (this.sessionId !== undefined) headers['MCP-Protocol-Version'] = this.protocolVersion;
    }
    return headers;
  }
}

/** The `data:` of one SSE event (`undefined` for an event without data, such as a priming event). */
function eventData(event: string): string | undefined {
  let data: string | undefined;
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const value = line.slice(line.startsWith('data: ') ? 6 : 5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data === '' ? undefined : data;
}

/** The response to `id` in a complete SSE body. */
function answerIn(body: string, id: number): Json {
  for (const event of body.replaceAll('\r', '').split('\n\n')) {
    const data = eventData(event);
    if (data === undefined) continue;
    const message = JSON.parse(data) as Json;
    if (message.id === id && message.method === undefined) return message;
  }
  throw new Error(`the SSE stream ended before the response to ${id}`);
}

/** Reads SSE `data:` events from `response` as they come until the response to `id`; progress goes to `onProgress`. */
async function readSse(response: RawHttpAnswer, id: number, onProgress: (progress: number) => void): Promise<Json> {
  const chunks = response.textChunks()[Symbol.asyncIterator]();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await chunks.next();
      if (done === true) throw new Error(`the SSE stream ended before the response to ${id}`);
      buffer += value.replaceAll('\r', '');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = eventData(event);
        if (data === undefined) continue;
        const message = JSON.parse(data) as Json;
        if (message.id === id && message.method === undefined) return message;
        if (message.method === 'notifications/progress') onProgress((message.params as Json).progress as number);
      }
    }
  } finally {
    void response.discard().catch(() => undefined);
  }
}
