/**
 * The `rxmcp/angular` entry in a real Angular 22 application (zoneless, created with
 * `createApplication`) against the fixture server over Streamable HTTP, and rendered on the server
 * with @angular/platform-server: no connection is made there.
 */
import '@angular/compiler';
import { AsyncPipe } from '@angular/common';
import { ApplicationRef, Component, inject, InjectionToken, provideZonelessChangeDetection, signal, type Signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { createApplication, bootstrapApplication, type BootstrapContext } from '@angular/platform-browser';
import { provideServerRendering, renderApplication, ɵDominoAdapter as DominoAdapter } from '@angular/platform-server';
import { ɵgetDOM as getDOM } from '@angular/common';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filter, firstValueFrom, map, ReplaySubject, toArray, type Subject } from 'rxjs';
import { Client, InvalidOptionError, type McpInterceptor } from 'rxmcp';
import { MCP_INTERCEPTORS, McpClientService, McpGroupService, provideMcpClient, provideMcpGroup, ServerRenderingError, type McpClientState } from 'rxmcp/angular';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { firstText } from '../helpers/servers.js';

/** The first value of `watched` that passes `test`, read through an effect of `app`. */
function until<T>(app: ApplicationRef, watched: Signal<T>, test: (value: T) => boolean): Promise<T> {
  return firstValueFrom(toObservable(watched, { injector: app.injector }).pipe(filter(test)));
}

const connected = (state: McpClientState): boolean => state.state === 'connected';

describe('rxmcp/angular in a zoneless application', () => {
  let server: FixtureHttpServer;
  const global = globalThis as { document?: unknown };
  beforeAll(async () => {
    // the browser platform wants a document (its dev-mode checks read it): a DOM emulation, the one platform-server ships
    DominoAdapter.makeCurrent();
    global.document = getDOM().getDefaultDocument();
    server = await startFixtureHttpServer();
  });
  afterAll(async () => {
    delete global.document;
    await server.stop();
  });

  /** What the DI interceptor saw, through a service it injects. */
  const SEEN = new InjectionToken<Subject<string>>('seen methods');

  async function app(): Promise<ApplicationRef> {
    const seen = new ReplaySubject<string>();
    return createApplication({
      providers: [
        provideZonelessChangeDetection(),
        provideMcpClient({ target: server.url }),
        { provide: SEEN, useValue: seen },
        {
          provide: MCP_INTERCEPTORS,
          multi: true,
          useFactory: (): McpInterceptor => {
            const log = inject(SEEN);
            return (request, next) => {
              log.next(request.method === 'tools/call' ? `tools/call ${String(request.params?.['name'])}` : request.method);
              return next(request);
            };
          },
        },
      ],
    });
  }

  it('connects once, lists tools as a signal and through tools$, runs the DI interceptors, and becomes stable while connected', async () => {
    const application = await app();
    try {
      const mcp = application.injector.get(McpClientService);
      expect(mcp.state().state).toBe('connecting');
      await until(application, mcp.state, connected);
      const tools = await until(application, mcp.tools, (list) => list.length > 0);
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'progress', 'slow']));
      const fromStream = await firstValueFrom(mcp.tools$);
      expect(fromStream.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
      const seen = application.injector.get(SEEN);
      seen.complete();
      expect(await firstValueFrom(seen.pipe(toArray()))).toContain('tools/list');
      // a live connection (listen stream, timers) keeps no pending task: the app settles
      await application.whenStable();
      expect(application.isStable).toBeDefined();
      expect(await firstValueFrom(application.isStable.pipe(filter(Boolean)))).toBe(true);
      // the same client serves every injection
      expect(application.injector.get(McpClientService)).toBe(mcp);
    } finally {
      application.destroy();
    }
  });

  it('runs a tool as a resource: progress, then the result; a new request of undefined cancels the run on the server', async () => {
    const application = await app();
    try {
      const mcp = application.injector.get(McpClientService);
      const request = signal<{ name: string; args: Record<string, unknown> } | undefined>(undefined);
      const run = mcp.toolResource(() => request(), { injector: application.injector });
      expect(run.status()).toBe('idle');
      request.set({ name: 'progress', args: { steps: 3, delayMs: 20 } });
      const done = await until(application, run.value, (value) => value?.done === true);
      expect(done?.progress).toMatchObject({ type: 'progress', progress: 3, total: 3 });
      expect(firstText(done!.result!)).toBe('done 3');

      const probe = await Client.connect(server.url);
      try {
        const before = Number(firstText(await probe.callTool('cancellations', {})));
        request.set({ name: 'slow', args: { ms: 60_000 } });
        // the call has passed the DI interceptor (so it is on its way); a later call's round trip
        // then lets it reach the server before the cancel
        await firstValueFrom(application.injector.get(SEEN).pipe(filter((seen) => seen === 'tools/call slow')));
        await firstValueFrom(mcp.callTool$('echo', { text: 'on the wire' }));
        request.set(undefined);
        // the running call is dropped (its Observable unsubscribed); the resource holds no run
        await until(application, run.status, (status) => status === 'resolved');
        let after = before;
        for (let attempt = 0; attempt < 500 && after === before; attempt++) after = Number(firstText(await probe.callTool('cancellations', {})));
        expect(after).toBe(before + 1);
        expect(run.value()).toBeUndefined();
      } finally {
        await probe.close();
      }
    } finally {
      application.destroy();
    }
  });

  it('reports a failed connect as state `failed` with the typed error, and calls fail with it', async () => {
    const application = await createApplication({
      providers: [provideZonelessChangeDetection(), provideMcpClient({ target: 'http://127.0.0.1:1/mcp', options: { connectTimeoutMs: 5_000 } })],
    });
    try {
      const mcp = application.injector.get(McpClientService);
      const failed = await until(application, mcp.state, (state) => state.state === 'failed');
      expect(failed.state === 'failed' && failed.error).toBeInstanceOf(Error);
      await expect(firstValueFrom(mcp.callTool$('echo', { text: 'x' }))).rejects.toBe(failed.state === 'failed' ? failed.error : undefined);
      expect(mcp.tools()).toEqual([]);
    } finally {
      application.destroy();
    }
  });

  it('provides a ClientGroup: states and prefixed tools as signals, calls routed to the server', async () => {
    const application = await createApplication({
      providers: [provideZonelessChangeDetection(), provideMcpGroup({ servers: { fixture: server.url } })],
    });
    try {
      const mcp = application.injector.get(McpGroupService);
      const states = await until(application, mcp.states, (map) => map.get('fixture')?.state === 'connected');
      expect([...states.keys()]).toEqual(['fixture']);
      const tools = await until(application, mcp.tools, (list) => list.length > 0);
      expect(tools.some((tool) => tool.name === 'echo')).toBe(true);
      const result = await firstValueFrom(mcp.callTool$('echo', { text: 'via the group' }).pipe(filter((event) => event.type === 'result'), map((event) => (event.type === 'result' ? event.result : undefined))));
      expect(firstText(result!)).toBe('via the group');
    } finally {
      application.destroy();
    }
  });

  it('applies MCP_INTERCEPTORS to every client of a provided group, also to a server with interceptors of its own', async () => {
    /** An interceptor that rewrites the text of every `echo` call (its effect shows in the server's answer). */
    const tagging = (tag: string): McpInterceptor => (request, next) => {
      if (request.method !== 'tools/call' || request.params?.['name'] !== 'echo') return next(request);
      const args = request.params['arguments'] as { text: string };
      return next(request.withParams({ ...request.params, arguments: { ...args, text: `${tag}${args.text}` } }));
    };
    const application = await createApplication({
      providers: [
        provideZonelessChangeDetection(),
        provideMcpGroup({
          servers: { plain: server.url, own: { target: server.url, options: { interceptors: { outer: [tagging('own:')] } } } },
          options: { prefix: true },
        }),
        { provide: MCP_INTERCEPTORS, multi: true, useValue: tagging('di:') },
      ],
    });
    try {
      const mcp = application.injector.get(McpGroupService);
      await until(application, mcp.states, (states) => states.get('plain')?.state === 'connected' && states.get('own')?.state === 'connected');
      const echo = async (name: string, text: string): Promise<string> => {
        const events = mcp.callTool$(name, { text }).pipe(filter((event) => event.type === 'result'), map((event) => (event.type === 'result' ? event.result : undefined)));
        return firstText((await firstValueFrom(events))!);
      };
      // routed by the group, answered by the server: the DI interceptor ran in each member client
      expect(await echo('plain_echo', 'x')).toBe('di:x');
      // the server's own interceptors come first (outer), the app's after them
      expect(await echo('own_echo', 'y')).toBe('di:own:y');
      // the member clients themselves, not only the group's routing, carry them
      expect(firstText(await mcp.group.client('plain').callTool('echo', { text: 'z' }))).toBe('di:z');
      expect(firstText(await mcp.group.client('own').callTool('echo', { text: 'w' }))).toBe('di:own:w');
    } finally {
      application.destroy();
    }
  });

  it('refuses a config without a target or servers with InvalidOptionError', () => {
    expect(() => provideMcpClient({ target: '' })).toThrow(InvalidOptionError);
    expect(() => provideMcpGroup({ servers: null as never })).toThrow(InvalidOptionError);
  });
});

describe('rxmcp/angular during server rendering (@angular/platform-server)', () => {
  it('renders the page without any request to the MCP server; state is idle and calls fail with ServerRenderingError', async () => {
    let requests = 0;
    const counting = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(counting.address() as AddressInfo).port}/mcp`;
    const errors: unknown[] = [];
    class Page {
      readonly mcp = inject(McpClientService);
      readonly run = this.mcp.toolResource(() => ({ name: 'echo', args: { text: 'never' } }));
      constructor() {
        this.mcp.callTool$('echo', {}).subscribe({ error: (error: unknown) => errors.push(error) });
      }
    }
    Component({
      selector: 'app-root',
      imports: [AsyncPipe],
      template: '<p id="state">{{ mcp.state().state }}</p><p id="count">{{ (mcp.tools$ | async)?.length ?? "none" }}</p><p id="run">{{ run.status() }}</p>',
    })(Page);
    try {
      const html = await renderApplication(
        (context: BootstrapContext) => bootstrapApplication(Page, { providers: [provideServerRendering(), provideZonelessChangeDetection(), provideMcpClient({ target: url })] }, context),
        { document: '<!doctype html><html><body><app-root></app-root></body></html>', url: '/' },
      );
      expect(html).toContain('<p id="state">idle</p>');
      expect(html).toContain('<p id="count">none</p>');
      expect(html).toContain('<p id="run">idle</p>');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(ServerRenderingError);
      expect(requests).toBe(0);
    } finally {
      counting.closeAllConnections();
      await new Promise<void>((resolve) => counting.close(() => resolve()));
    }
  });
});

