/**
 * The library part of MCP Apps (rxmcp/apps) without a browser: the visibility filter, the
 * app-call guard, the Content Security Policy, and the extension ad on the wire against the apps
 * fixture (spec/fixtures/apps-server.mjs, official server SDK) in both eras. The iframe host
 * (`hostApp`) runs in Chromium in spec/dashboard/ and, through a sandbox proxy, in
 * spec/apps/sandbox-proxy.spec.ts.
 */
import { join } from 'node:path';
import { Client, RxMcpError, type Tool } from '../../lib/index.js';
import { MCP_APPS_EXTENSION, MCP_APP_MIME_TYPE, mcpApps } from '../../lib/apps/apps-extension.js';
import { checkAppToolCall } from '../../lib/apps/app-call-guard.js';
import { appContentSecurityPolicy, appCspDomains, withContentSecurityPolicy } from '../../lib/apps/app-csp.js';
import { AppToolCallRefusedError } from '../../lib/apps/errors.js';
import { isAppCallable, isModelVisible, modelVisibleTools, toolUiResourceUri, toolVisibility } from '../../lib/apps/visibility.js';
import { startListeningProcess, type ListeningProcess } from '../helpers/listening-process.js';

const ROOT = join(__dirname, '..', '..');

/** A tool named `name` with `_meta`. */
function tool(name: string, meta?: Record<string, unknown>): Tool {
  return { name, inputSchema: { type: 'object' }, ...(meta !== undefined && { _meta: meta }) } as Tool;
}

describe('tool visibility', () => {
  it('is model and app when the tool declares none, and what it declares otherwise', () => {
    expect(toolVisibility(tool('plain'))).toEqual(['model', 'app']);
    expect(toolVisibility(tool('ui', { ui: { resourceUri: 'ui://a/b' } }))).toEqual(['model', 'app']);
    expect(toolVisibility(tool('app', { ui: { visibility: ['app'] } }))).toEqual(['app']);
    expect(toolVisibility(tool('none', { ui: { visibility: [] } }))).toEqual([]);
    expect(toolVisibility(tool('odd', { ui: { visibility: ['model', 'robot', 7] } }))).toEqual(['model']);
  });

  it('hides from the model exactly the tools whose visibility lacks "model", keeping the order', () => {
    const tools = [tool('a'), tool('b', { ui: { visibility: ['app'] } }), tool('c', { ui: { visibility: ['model'] } }), tool('d', { ui: { visibility: [] } }), tool('e', { ui: { visibility: ['app', 'model'] } })];
    expect(modelVisibleTools(tools).map((t) => t.name)).toEqual(['a', 'c', 'e']);
    expect(tools.filter(isAppCallable).map((t) => t.name)).toEqual(['a', 'b', 'e']);
    expect(isModelVisible(tools[1]!)).toBe(false);
  });

  it('finds the app resource in _meta.ui.resourceUri or the deprecated flat key, ui:// only', () => {
    expect(toolUiResourceUri(tool('a', { ui: { resourceUri: 'ui://counter/view.html' } }))).toBe('ui://counter/view.html');
    expect(toolUiResourceUri(tool('b', { 'ui/resourceUri': 'ui://old/view' }))).toBe('ui://old/view');
    expect(toolUiResourceUri(tool('c', { ui: { resourceUri: 'https://evil.example/app.html' } }))).toBeUndefined();
    expect(toolUiResourceUri(tool('d'))).toBeUndefined();
  });
});

describe('the app-call guard', () => {
  const tools = [tool('open'), tool('app-only', { ui: { visibility: ['app'] } }), tool('model-only', { ui: { visibility: ['model'] } })];

  it('passes a listed tool whose visibility names "app" (or declares nothing)', () => {
    expect(checkAppToolCall(tools, 'open').name).toBe('open');
    expect(checkAppToolCall(tools, 'app-only').name).toBe('app-only');
  });

  it('refuses a model-only tool and an unlisted one with a typed error', () => {
    const refused = (name: string): AppToolCallRefusedError => {
      try {
        checkAppToolCall(tools, name);
      } catch (error) {
        return error as AppToolCallRefusedError;
      }
      throw new Error(`${name} was not refused`);
    };
    const modelOnly = refused('model-only');
    expect(modelOnly).toBeInstanceOf(AppToolCallRefusedError);
    expect(modelOnly).toBeInstanceOf(RxMcpError);
    expect([modelOnly.name, modelOnly.tool, modelOnly.reason, modelOnly.message]).toEqual(['AppToolCallRefusedError', 'model-only', 'not-app-visible', 'Tool "model-only" is not callable by apps (its visibility lacks "app")']);
    const unknown = refused('rm-rf');
    expect([unknown.tool, unknown.reason]).toEqual(['rm-rf', 'unknown-tool']);
  });
});

describe('the app Content Security Policy', () => {
  it('is the spec default when the resource declares no origins: nothing from the network', () => {
    expect(appContentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; media-src 'self' data:; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'self'",
    );
  });

  it('adds the declared origins to their directives and drops one that could end a directive', () => {
    const domains = appCspDomains({ ui: { csp: { connectDomains: ['https://api.example.com', "https://x.example; script-src 'unsafe-eval'"], resourceDomains: ['https://cdn.example.com'], frameDomains: ['https://player.example'], baseUriDomains: 'nope' } } });
    const policy = appContentSecurityPolicy(domains);
    expect(policy).toContain("script-src 'self' 'unsafe-inline' https://cdn.example.com;");
    expect(policy).toContain('connect-src https://api.example.com;');
    expect(policy).toContain('frame-src https://player.example;');
    expect(policy).toContain("base-uri 'self'");
    expect(policy).not.toContain('unsafe-eval');
  });

  it('goes first into the head, or into a new head', () => {
    const policy = appContentSecurityPolicy();
    const withHead = withContentSecurityPolicy('<!doctype html><html><head><title>t</title></head><body></body></html>', policy);
    expect(withHead.startsWith(`<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}"><title>t</title>`)).toBe(true);
    const bare = withContentSecurityPolicy('<!DOCTYPE html><p>hi</p>', policy);
    expect(bare).toBe(`<!doctype html><head><meta http-equiv="Content-Security-Policy" content="${policy}"></head><p>hi</p>`);
  });
});

describe('the MCP Apps ad on the wire (apps fixture, official server SDK)', () => {
  let server: ListeningProcess;
  let base: string;

  beforeAll(async () => {
    server = await startListeningProcess([join(ROOT, 'spec', 'fixtures', 'apps-server.mjs')], { cwd: ROOT });
    base = `http://127.0.0.1:${server.port}`;
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** The client capabilities the server saw last. */
  async function lastCapabilities(): Promise<{ extensions?: Record<string, unknown> }> {
    const seen = (await (await fetch(`${base}/admin/capabilities`)).json()) as { capabilities: { extensions?: Record<string, unknown> }[] };
    return seen.capabilities.at(-1)!;
  }

  it.each(['legacy', 'auto'] as const)('mode %s: the client declares io.modelcontextprotocol/ui with the app MIME type, and lists what the model may see', async (mode) => {
    const client = await Client.connect(`${base}/mcp`, { mode, extensions: [mcpApps()] });
    try {
      expect(client.era).toBe(mode === 'legacy' ? 'legacy' : 'modern');
      const tools = (await client.listTools()).tools;
      // (on 2026-07-28 the tasks extension is declared beside it)
      expect((await lastCapabilities()).extensions?.[MCP_APPS_EXTENSION]).toEqual({ mimeTypes: [MCP_APP_MIME_TYPE] });
      expect(modelVisibleTools(tools).map((t) => t.name)).toEqual(['open-counter', 'model-only']);
      const read = await client.readResource(toolUiResourceUri(tools[0]!)!);
      expect(read.contents[0]!.mimeType).toBe(MCP_APP_MIME_TYPE);
    } finally {
      await client.close();
    }
  });

  it('without the extension, no ad', async () => {
    const client = await Client.connect(`${base}/mcp`, { mode: 'legacy' });
    try {
      await client.listTools();
      expect((await lastCapabilities()).extensions?.[MCP_APPS_EXTENSION]).toBeUndefined();
    } finally {
      await client.close();
    }
  });
});
