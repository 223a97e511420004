/**
 * The legacy HTTP+SSE transport (MCP 2024-11-05): against the reference server-everything in
 * its `sse` mode, and against a tiny hand-written `node:http` server for the failure cases.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../helpers/free-port.js';
import { firstValueFrom, lastValueFrom, NEVER, Subject, toArray, type Observable } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError, MessageTooLargeError, ProtocolViolationError, TransportError, type RxMcpError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import { BearerAuth, type ClientAuth } from '../../lib/transport/http/auth.js';
import { AuthenticationError, HttpStatusError } from '../../lib/protocol/http-errors.js';
import { sse, SseTransport, type SseOptions } from '../../lib/transport/http/sse-transport.js';
import type { InboundItem, OutboundMessage } from '../../lib/transport/transport.js';
import { methodsOf, recording } from '../helpers/recording-transport.js';
import { firstText } from '../helpers/servers.js';
import { startEverythingServer, type EverythingHttpServer } from '../helpers/http-servers.js';

describe('server-everything over legacy HTTP+SSE', () => {
  let server: EverythingHttpServer;
  beforeAll(async () => {
    server = await startEverythingServer('sse');
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("mode: 'legacy'", () => {
    let client: Client;
    let transport: ReturnType<typeof recording<SseTransport>>;

    beforeAll(async () => {
      transport = recording(sse(`${server.origin}/sse`));
      client = await Client.connect(transport, {
        mode: 'legacy',
        samplingCallback: async (params) => ({ role: 'assistant', content: { type: 'text', text: `sampled with ${params.maxTokens} max tokens` }, model: 'spec-model' }),
      });
    });
    afterAll(() => client?.close());

    it('runs the initialize handshake over the POST endpoint', () => {
      expect(transport.inner.kind).toBe('sse');
      expect(methodsOf(transport.sent).slice(0, 2)).toEqual(['initialize', 'notifications/initialized']);
      expect(client.era).toBe('legacy');
      expect(client.serverInfo).toMatchObject({ name: 'mcp-servers/everything' });
      expect(client.serverCapabilities.tools).toBeDefined();
    });

    it('lists its tools', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation', 'trigger-sampling-request']));
    });

    it('calls echo and get-sum', async () => {
      expect(firstText(await client.callTool('echo', { message: 'hello over sse' }))).toBe('Echo: hello over sse');
      expect(firstText(await client.callTool('get-sum', { a: 2, b: 40 }))).toContain('42');
    });

    it('runs calls concurrently', async () => {
      const sums = await Promise.all(Array.from({ length: 20 }, (_, i) => client.callTool('get-sum', { a: i, b: 1000 })));
      sums.forEach((result, i) => expect(firstText(result)).toContain(String(i + 1000)));
    });

    it('streams the progress of a long-running operation', async () => {
      const events = await lastValueFrom(client.callTool$('trigger-long-running-operation', { duration: 1, steps: 4 }).pipe(toArray()));
      expect(events.map((event) => (event.type === 'progress' ? event.progress : 'result'))).toEqual([1, 2, 3, 4, 'result']);
      expect(events[0]).toMatchObject({ total: 4 });
    });

    it('answers a sampling request from the SSE stream with a POST', async () => {
      const result = await client.callTool('trigger-sampling-request', { prompt: 'hello', maxTokens: 50 });
      expect(JSON.stringify(result.content)).toContain('sampled with 50 max tokens');
      const request = transport.received.find((item) => item.type === 'message' && (item.message as { method?: string }).method === 'sampling/createMessage');
      const id = (request as { message: { id: number | string } }).message.id;
      // the answer went out as a response message, which the transport POSTs to the endpoint
      expect(transport.sent).toContainEqual(expect.objectContaining({ id, result: expect.objectContaining({ model: 'spec-model' }) }));
    });
  });

  describe("mode: 'auto' (the default)", () => {
    it('probes with server/discover, gets -32601 back over the stream, and falls back to initialize', async () => {
      const transport = recording(sse(`${server.origin}/sse`));
      const started = Date.now();
      const client = await Client.connect(transport);
      try {
        // an answer, not silence: the probe does not wait for its timeout
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(methodsOf(transport.sent).slice(0, 3)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
        expect(transport.received[0]).toMatchObject({ type: 'message', message: { id: 1, error: { code: -32601 } } });
        expect(client.era).toBe('legacy');
        expect(firstText(await client.callTool('echo', { message: 'auto' }))).toBe('Echo: auto');
      } finally {
        await client.close();
      }
    });
  });
});

// ---- a tiny hand-written legacy server -----------------------------------------------------------

interface Posted {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly message: JsonRpcMessage & { id?: number | string; method?: string; params?: Record<string, unknown> };
}

interface TinyOptions {
  /** Answers the GET; default: an SSE stream whose first event names `/messages?sessionId=s1`. */
  readonly get?: (req: IncomingMessage, res: ServerResponse, tiny: Tiny) => void;
  /** Status of a POST answer; default 202. */
  readonly postStatus?: (posted: Posted) => number;
  /** Reacts to a posted message; return `true` when handled (default: a minimal legacy server). */
  readonly onMessage?: (posted: Posted, tiny: Tiny) => boolean | void;
}

/** A hand-written legacy HTTP+SSE server on a free port. */
class Tiny {
  readonly gets: IncomingHttpHeaders[] = [];
  readonly posts: Posted[] = [];
  readonly streams: ServerResponse[] = [];
  /** Resolves whenever a GET request's connection closes (the client aborted it). */
  readonly getClosed: Promise<void>[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly options: TinyOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Opens an SSE response and names the endpoint (`null`: names none). */
  openStream(res: ServerResponse, endpoint: string | null = '/messages?sessionId=s1'): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    this.streams.push(res);
    if (endpoint !== null) res.write(`event: endpoint\ndata: ${endpoint}\n\n`);
  }

  /** Writes raw text to the latest SSE stream. */
  write(text: string): void {
    this.streams.at(-1)!.write(text);
  }

  /** Sends a message event on the latest SSE stream. */
  send(message: unknown): void {
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') {
      this.gets.push(req.headers);
      this.getClosed.push(new Promise<void>((resolve) => res.once('close', () => resolve())));
      if (this.options.get !== undefined) this.options.get(req, res, this);
      else this.openStream(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const posted: Posted = { path: req.url!, headers: req.headers, message: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
      this.posts.push(posted);
      const status = this.options.postStatus?.(posted) ?? 202;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 202 ? 'Accepted' : `refused ${posted.message.method ?? 'response'}`);
      if (status !== 202) return;
      if (this.options.onMessage?.(posted, this) === true) return;
      this.answer(posted);
    });
  }

  /** A minimal legacy server: discover → -32601, initialize → a result, tools/call echo → text. */
  private answer({ message }: Posted): void {
    if (message.id === undefined || message.method === undefined) return;
    switch (message.method) {
      case 'initialize':
        this.send({
          jsonrpc: '2.0',
          id: message.id,
          result: { protocolVersion: message.params!.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'tiny', version: '1.0.0' } },
        });
        return;
      case 'tools/call': {
        const args = message.params!.arguments as { text?: string };
        this.send({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: `echo: ${args.text}` }] } });
        return;
      }
      default:
        this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
    }
  }
}

const tinies: Tiny[] = [];
const clients: Client[] = [];

async function tiny(options?: TinyOptions): Promise<Tiny> {
  const server = await new Tiny(options).start();
  tinies.push(server);
  return server;
}

async function connect(server: Tiny, options: SseOptions = {}, path = '/sse'): Promise<Client> {
  const client = await Client.connect(sse(`${server.url}${path}`, options), { mode: 'legacy' });
  clients.push(client);
  return client;
}

/** Subscribes to a bare transport connection: the items it emits, and how it ended. */
function open(
  transport: SseTransport,
  outbound$: Observable<OutboundMessage> = NEVER,
): { items: InboundItem[]; ended: Promise<{ error?: unknown }>; unsubscribe(): void } {
  const items: InboundItem[] = [];
  let settle!: (outcome: { error?: unknown }) => void;
  const ended = new Promise<{ error?: unknown }>((resolve) => (settle = resolve));
  const subscription = transport.connect(outbound$).subscribe({
    next: (item) => items.push(item),
    error: (error: unknown) => settle({ error }),
    complete: () => settle({}),
  });
  return { items, ended, unsubscribe: () => subscription.unsubscribe() };
}

function request(id: number, method: string, params: Record<string, unknown> = {}): OutboundMessage {
  return { message: { jsonrpc: '2.0', id, method, params } };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(tinies.splice(0).map((server) => server.close()));
});

describe('the HTTP+SSE transport against a hand-written server', () => {
  describe('the endpoint', () => {
    it('connects, POSTs to the endpoint the server named, and reads the answers from the stream', async () => {
      const server = await tiny();
      const client = await connect(server);
      expect(firstText(await client.callTool('echo', { text: 'hi' }))).toBe('echo: hi');
      expect(server.posts.slice(0, 3).map((posted) => [posted.path, posted.message.method])).toEqual([
        ['/messages?sessionId=s1', 'initialize'],
        ['/messages?sessionId=s1', 'notifications/initialized'],
        ['/messages?sessionId=s1', 'tools/call'],
      ]);
      expect(server.posts[0]!.headers['content-type']).toBe('application/json');
      expect(server.gets[0]!.accept).toBe('text/event-stream');
    });

    it('resolves a relative endpoint against the SSE URL, and accepts an absolute one on the same origin', async () => {
      const relative = await tiny({ get: (_req, res, self) => self.openStream(res, 'messages?sessionId=rel') });
      await (await connect(relative, {}, '/mcp/sse')).callTool('echo', { text: 'x' });
      expect(relative.posts[0]!.path).toBe('/mcp/messages?sessionId=rel');

      const absolute = await tiny({ get: (_req, res, self) => self.openStream(res, `${self.url}/elsewhere?sessionId=abs`) });
      await connect(absolute);
      expect(absolute.posts[0]!.path).toBe('/elsewhere?sessionId=abs');
    });

    it('refuses an endpoint on another origin, naming both origins', async () => {
      const server = await tiny({ get: (_req, res, self) => self.openStream(res, 'http://evil.example:8080/messages') });
      const { ended } = open(sse(`${server.url}/sse`), new Subject<OutboundMessage>());
      const { error } = await ended;
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toContain('http://evil.example:8080');
      expect((error as Error).message).toContain(server.url);
      // connect rejects: the dispatcher reports the end of the connection, caused by that error
      const rejected = await Client.connect(sse(`${server.url}/sse`), { mode: 'legacy' }).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(ConnectionClosedError);
      expect((rejected as Error).cause).toBeInstanceOf(TransportError);
      expect((rejected as Error).message).toContain('another origin');
      expect(server.posts).toEqual([]);
    });

    it('refuses an endpoint on another port of the same host', async () => {
      const server = await tiny({ get: (_req, res, self) => self.openStream(res, self.url.replace(/:(\d+)$/, (_m, port: string) => `:${Number(port) + 1}`)) });
      const { error } = await open(sse(`${server.url}/sse`)).ended;
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toContain('another origin');
    });

    it('fails with a TransportError when no endpoint event comes in time', async () => {
      const server = await tiny({ get: (_req, res, self) => self.openStream(res, null) });
      const started = Date.now();
      const rejected = await Client.connect(sse(`${server.url}/sse`, { endpointTimeoutMs: 200 }), { mode: 'legacy' }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((rejected as Error).cause ?? rejected).toBeInstanceOf(TransportError);
      expect((rejected as Error).message).toContain('no endpoint event within 200 ms');

      const { error } = await open(sse(`${server.url}/sse`, { endpointTimeoutMs: 100 })).ended;
      expect(error).toBeInstanceOf(TransportError);
      await Promise.all(server.getClosed); // the GETs were aborted
    });

    it('queues messages sent before the endpoint is known and POSTs them after, in order', async () => {
      const server = await tiny({ get: (_req, res, self) => setTimeout(() => self.openStream(res), 150) });
      const outbound = new Subject<OutboundMessage>();
      const connection = open(sse(`${server.url}/sse`), outbound);
      for (let id = 1; id <= 5; id++) outbound.next(request(id, 'tools/call', { name: 'echo', arguments: { text: String(id) } }));
      await until(() => connection.items.length === 5);
      expect(server.posts.map((posted) => posted.message.id)).toEqual([1, 2, 3, 4, 5]);
      expect(connection.items.map((item) => (item.type === 'message' ? (item.message as { id: number }).id : item))).toEqual([1, 2, 3, 4, 5]);
      connection.unsubscribe();
    });

    it('POSTs one message at a time, the next after the previous was answered', async () => {
      const answered: number[] = [];
      const arrivals: [id: number, answeredBefore: number[]][] = [];
      const server = await tiny({
        postStatus: (posted) => {
          arrivals.push([posted.message.id as number, [...answered]]);
          return 202;
        },
        onMessage: (posted) => {
          answered.push(posted.message.id as number);
          return true;
        },
      });
      const outbound = new Subject<OutboundMessage>();
      const connection = open(sse(`${server.url}/sse`), outbound);
      for (let id = 1; id <= 4; id++) outbound.next(request(id, 'tools/call'));
      await until(() => server.posts.length === 4);
      expect(arrivals).toEqual([
        [1, []],
        [2, [1]],
        [3, [1, 2]],
        [4, [1, 2, 3]],
      ]);
      connection.unsubscribe();
    });

    it('ignores later endpoint events, other event names and events with empty data', async () => {
      const server = await tiny();
      const connection = open(sse(`${server.url}/sse`), new Subject<OutboundMessage>());
      await until(() => server.streams.length === 1);
      server.write('event: endpoint\ndata: http://evil.example/messages\n\n');
      server.write('event: ping\ndata: {"jsonrpc":"2.0","method":"not/delivered"}\n\n');
      server.write('event: message\ndata:\n\n');
      server.write(': keep-alive\n\n');
      server.write('data: {"jsonrpc":"2.0","method":"notifications/unnamed-event-is-a-message"}\n\n');
      await until(() => connection.items.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(connection.items).toEqual([{ type: 'message', message: { jsonrpc: '2.0', method: 'notifications/unnamed-event-is-a-message' } }]);
      connection.unsubscribe();
    });
  });

  describe('headers and authentication', () => {
    it('sends the configured and the auth headers on the GET and on every POST', async () => {
      const server = await tiny();
      await connect(server, { headers: { 'X-Custom': 'yes', Accept: 'overridden' }, auth: new BearerAuth(() => 'tok') });
      expect(server.gets[0]).toMatchObject({ 'x-custom': 'yes', authorization: 'Bearer tok', accept: 'text/event-stream' });
      for (const posted of server.posts) expect(posted.headers).toMatchObject({ 'x-custom': 'yes', authorization: 'Bearer tok', 'content-type': 'application/json' });
    });

    it('fails with an AuthenticationError on a 401, with the challenge', async () => {
      const server = await tiny({ get: (_req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="tiny"' }).end('no') });
      const { error } = await open(sse(`${server.url}/sse`)).ended;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401, challenge: 'Bearer realm="tiny"' });
      const rejected = await Client.connect(sse(`${server.url}/sse`), { mode: 'legacy' }).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(ConnectionClosedError);
      expect((rejected as Error).cause).toBeInstanceOf(AuthenticationError);
    });

    it('fails with an AuthenticationError on a 403', async () => {
      const server = await tiny({ get: (_req, res) => res.writeHead(403).end() });
      const { error } = await open(sse(`${server.url}/sse`)).ended;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 403 });
    });

    it('asks auth.onUnauthorized once and retries the GET with fresh headers', async () => {
      let token = 'old';
      const server = await tiny({
        get: (req, res, self) => (req.headers.authorization === 'Bearer new' ? self.openStream(res) : res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end()),
      });
      const onUnauthorized = jest.fn(async () => {
        token = 'new';
        return true;
      });
      const auth: ClientAuth = { getHeaders: () => ({ Authorization: `Bearer ${token}` }), onUnauthorized };
      const client = await connect(server, { auth });
      expect(onUnauthorized).toHaveBeenCalledTimes(1);
      // the hook is also told which credentials were refused
      expect(onUnauthorized).toHaveBeenCalledWith({ status: 401, challenge: 'Bearer', url: `${server.url}/sse`, credentials: { Authorization: 'Bearer old' } });
      expect(server.gets.map((headers) => headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
      expect(firstText(await client.callTool('echo', { text: 'in' }))).toBe('echo: in');
    });

    it('gives up after one onUnauthorized retry', async () => {
      const server = await tiny({ get: (_req, res) => res.writeHead(401).end() });
      const onUnauthorized = jest.fn(() => true);
      const { error } = await open(sse(`${server.url}/sse`, { auth: { getHeaders: () => ({}), onUnauthorized } })).ended;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(onUnauthorized).toHaveBeenCalledTimes(1);
      expect(server.gets).toHaveLength(2);
    });

    it('fails the request whose POST got a 401', async () => {
      const server = await tiny({ postStatus: (posted) => (posted.message.method === 'tools/call' ? 401 : 202) });
      const client = await connect(server);
      await expect(client.callTool('echo', { text: 'x' })).rejects.toBeInstanceOf(AuthenticationError);
      expect(client.connected).toBe(true);
    });
  });

  describe('HTTP failures', () => {
    it('fails with an HttpStatusError when the GET gets another error status', async () => {
      const server = await tiny({ get: (_req, res) => res.writeHead(500, 'Oops').end('database on fire') });
      const { error } = await open(sse(`${server.url}/sse`)).ended;
      expect(error).toBeInstanceOf(HttpStatusError);
      expect(error).not.toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 500, statusText: 'Oops', body: 'database on fire' });
    });

    it('fails with a TransportError when the GET answer is not an event stream', async () => {
      const server = await tiny({ get: (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}') });
      const { error } = await open(sse(`${server.url}/sse`)).ended;
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toContain('application/json');
    });

    it('accepts an event-stream content type with parameters', async () => {
      const server = await tiny({
        get: (_req, res, self) => {
          res.writeHead(200, { 'Content-Type': 'Text/Event-Stream; charset=utf-8' });
          res.write('event: endpoint\ndata: /messages\n\n');
          self.streams.push(res);
        },
      });
      await connect(server);
      expect(server.posts[0]!.path).toBe('/messages');
    });

    it('fails with a TransportError when nothing listens', async () => {
      const port = await freePort();
      const { error } = await open(sse(`http://127.0.0.1:${port}/sse`)).ended;
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    });

    it('fails the request whose POST got an error status, with its status and body; the connection stays up', async () => {
      const server = await tiny({ postStatus: (posted) => (posted.message.params?.name === 'bad' ? 500 : 202) });
      const client = await connect(server);
      const error = await client.callTool('bad', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpStatusError);
      expect(error).toMatchObject({ status: 500, body: 'refused tools/call' });
      expect(firstText(await client.callTool('echo', { text: 'still up' }))).toBe('echo: still up');
    });

    it('reports a failed POST of a notification as a fault', async () => {
      const server = await tiny({ postStatus: (posted) => (posted.message.method === 'notifications/roots/list_changed' ? 400 : 202) });
      const client = await connect(server);
      const fault = firstValueFrom(client.faults$);
      client.session.dispatcher.notify('notifications/roots/list_changed');
      expect(await fault).toBeInstanceOf(HttpStatusError);
    });
  });

  describe('inbound messages', () => {
    it('reports a garbage message event as a fault, and the next message still arrives', async () => {
      const server = await tiny({
        onMessage: ({ message }, self) => {
          if (message.method !== 'tools/call') return false;
          self.write('event: message\ndata: {this is not json\n\n');
          self.send({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: 'after the garbage' }] } });
          return true;
        },
      });
      const client = await connect(server);
      const faults: RxMcpError[] = [];
      client.faults$.subscribe((fault) => faults.push(fault));
      expect(firstText(await client.callTool('echo', { text: 'x' }))).toBe('after the garbage');
      expect(faults).toHaveLength(1);
      expect(faults[0]).toBeInstanceOf(ProtocolViolationError);
      expect((faults[0] as ProtocolViolationError).raw).toBe('{this is not json');
    });

    it('ends the connection at an oversized message, with a MessageTooLargeError fault and as the reason (reading stops there)', async () => {
      // issue 10 item 7: the rest of an oversized event may never end, so the stream is not read
      // past it (before, the event was skipped and the next message still arrived)
      const server = await tiny({
        onMessage: ({ message }, self) => {
          if (message.method !== 'tools/call') return false;
          self.send({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: 'x'.repeat(50_000) }] } });
          self.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'small' } });
          return true;
        },
      });
      const client = await connect(server, { maxMessageBytes: 10_000 });
      const faults: RxMcpError[] = [];
      client.faults$.subscribe((fault) => faults.push(fault));
      const logs: unknown[] = [];
      client.logs$.subscribe((log) => logs.push(log));
      const error = await client.callTool('echo', { text: 'x' }).then(() => undefined, (reason: unknown) => reason);
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).cause).toBeInstanceOf(MessageTooLargeError);
      expect(faults).toHaveLength(1);
      expect(faults[0]).toBeInstanceOf(MessageTooLargeError);
      expect(faults[0]).toMatchObject({ limit: 10_000 });
      expect(logs).toEqual([]);
    });

    it('reads server requests from the stream and POSTs the answers', async () => {
      const server = await tiny({
        onMessage: ({ message }, self) => {
          if (message.method === 'tools/call') {
            self.send({ jsonrpc: '2.0', id: 'srv-1', method: 'ping' });
            return true;
          }
          return false;
        },
      });
      const client = await connect(server);
      void client.callTool('echo', { text: 'x' }, { timeoutMs: 1_000 }).catch(() => undefined);
      await until(() => server.posts.some((posted) => posted.message.id === 'srv-1'));
      expect(server.posts.find((posted) => posted.message.id === 'srv-1')!.message).toEqual({ jsonrpc: '2.0', id: 'srv-1', result: {} });
    });
  });

  describe('the end of the connection', () => {
    it('fails pending requests with a ConnectionClosedError when the server ends the stream', async () => {
      const server = await tiny({ onMessage: ({ message }) => message.method === 'tools/call' });
      const client = await connect(server);
      const pending = client.callTool('echo', { text: 'never answered' }).catch((e: unknown) => e);
      await until(() => server.posts.some((posted) => posted.message.method === 'tools/call'));
      server.streams[0]!.end();
      const error = await pending;
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).message).toContain('ended');
      expect(client.connected).toBe(false);
      await expect(client.callTool('echo', { text: 'later' })).rejects.toBeInstanceOf(ConnectionClosedError);
    });

    it('errors with a ConnectionClosedError carrying the cause when the stream breaks', async () => {
      const server = await tiny();
      const connection = open(sse(`${server.url}/sse`), new Subject<OutboundMessage>());
      await until(() => server.streams.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      server.streams[0]!.socket!.destroy();
      const { error } = await connection.ended;
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).cause).toBeDefined();
    });

    it('errors with a TransportError when the stream ends before naming an endpoint', async () => {
      const server = await tiny({ get: (_req, res, self) => (self.openStream(res, null), res.end()) });
      const { error } = await open(sse(`${server.url}/sse`)).ended;
      expect(error).toBeInstanceOf(TransportError);
      expect(error).not.toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).message).toContain('before it named an endpoint');
    });

    it('on outbound completion, sends what is queued, then aborts the GET and completes', async () => {
      const server = await tiny();
      const outbound = new Subject<OutboundMessage>();
      const connection = open(sse(`${server.url}/sse`), outbound);
      await until(() => server.streams.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      outbound.next({ message: { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } } });
      outbound.complete();
      expect(await connection.ended).toEqual({});
      expect(server.posts.map((posted) => posted.message.method)).toEqual(['notifications/cancelled']);
      await server.getClosed[0];
    });

    it('closes a client without waiting: the GET is aborted', async () => {
      const server = await tiny();
      const client = await connect(server);
      const started = Date.now();
      await client.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      await server.getClosed[0];
    });

    it('aborts the GET when unsubscribed', async () => {
      const server = await tiny();
      const connection = open(sse(`${server.url}/sse`));
      await until(() => server.streams.length === 1);
      connection.unsubscribe();
      await server.getClosed[0];
    });
  });
});
