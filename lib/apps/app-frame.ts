/**
 * Hosts one MCP App (SEP-1865) in the page: reads its `ui://` resource through an rxmcp `Client`,
 * renders it in a sandboxed iframe (`sandbox="allow-scripts"`: an opaque origin, no access to the
 * host page) under the Content Security Policy the spec asks for, or (with `sandboxProxy`, the
 * spec's recommended setup for web hosts) in an inner iframe of a sandbox proxy page on another
 * origin, which relays the messages (`sandbox-proxy.ts`); and runs the host side of the
 * `ui/*` protocol with the app-bridge of `@modelcontextprotocol/ext-apps` (an optional peer of
 * `rxmcp/apps`). The app's `tools/call` goes to the same server through the client, after
 * {@link checkAppToolCall}; a refused call answers the app with an error and is reported.
 *
 * ```ts
 * const app = await hostApp({ client, container, resourceUri: 'ui://counter/view.html', toolResult });
 * app.close();
 * ```
 */
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';
import { firstValueFrom } from 'rxjs';
import type { Client } from '../client/client.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import { MCP_APP_MIME_TYPE } from './apps-extension.js';
import { checkAppToolCall } from './app-call-guard.js';
import { appContentSecurityPolicy, appCspDomains, withContentSecurityPolicy } from './app-csp.js';
import { AppResourceError, AppSandboxError, AppToolCallRefusedError } from './errors.js';
import { openSandboxProxy, type SandboxProxyOptions } from './sandbox-proxy.js';
import { withinBound } from './bounded-wait.js';

/** How long `close()` waits for the app to answer `ui/resource-teardown` before it removes the frame anyway. */
const TEARDOWN_WAIT_MS = 500;

/** Options of {@link hostApp}. */
export interface HostAppOptions {
  /** The client of the server that offers the app (its own tool names, not a group's). */
  readonly client: Client;
  /** Where the iframe goes (appended as the last child). */
  readonly container: HTMLElement;
  /** The app's `ui://` resource (a tool's `_meta.ui.resourceUri`). */
  readonly resourceUri: string;
  /** The arguments of the tool call that opened the app, sent as `ui/notifications/tool-input`. */
  readonly toolArguments?: JsonObject;
  /** The result of that call, sent as `ui/notifications/tool-result` once the app is initialized. */
  readonly toolResult?: CallToolResult;
  /** The host's name and version the app is told. Default `{ name: 'rxmcp', version: '1' }`. */
  readonly hostInfo?: { readonly name: string; readonly version: string };
  /** Told of every app call the host refused (the app got an error answer). */
  readonly onRefused?: (error: AppToolCallRefusedError) => void;
  /** Told of every app call the host forwarded, with its result. */
  readonly onToolCall?: (name: string, result: CallToolResult) => void;
  /** Told of the app's log messages (`notifications/message`). */
  readonly onLog?: (level: string, data: unknown) => void;
  /**
   * Render the app through a sandbox proxy page on another origin (MCP Apps' double iframe, the
   * stronger isolation) instead of one iframe in this page. Serve `sandboxProxyPage()` there.
   */
  readonly sandboxProxy?: SandboxProxyOptions;
  /** Told when the app's sandbox failed after it opened (`'navigated'`: the app left its document; the host closed it). */
  readonly onSandboxError?: (error: AppSandboxError) => void;
}

/** A hosted app: its iframe and bridge, `initialized` once the app finished `ui/initialize`. */
export interface HostedApp {
  /** The sandboxed iframe the app runs in (with `sandboxProxy`: the proxy's frame, the app's is inside it). */
  readonly iframe: HTMLIFrameElement;
  /** The host side of the `ui/*` protocol (ext-apps' `AppBridge`). */
  readonly bridge: AppBridge;
  /** Resolves once the app sent `ui/notifications/initialized`. */
  readonly initialized: Promise<void>;
  /** JSON-RPC messages from an origin other than the proxy's that reached the page and were dropped (0 without `sandboxProxy`). */
  readonly ignoredMessages: number;
  /** Tears the app down (`ui/resource-teardown`, best effort) and removes the iframe. Idempotent. */
  close(): Promise<void>;
}

/** Reads the app's HTML and the CSP origins its content item declares. */
async function readAppHtml(client: Client, uri: string): Promise<{ html: string; meta: Readonly<Record<string, unknown>> | undefined }> {
  const result = await client.readResource(uri);
  const item = result.contents.find((content) => content.uri === uri) ?? result.contents[0];
  if (item === undefined) throw new AppResourceError(uri, `UI resource ${uri} has no contents`);
  if (item.mimeType !== MCP_APP_MIME_TYPE) throw new AppResourceError(uri, `UI resource ${uri} is ${JSON.stringify(item.mimeType)}, not ${MCP_APP_MIME_TYPE}`);
  if (!('text' in item) || typeof item.text !== 'string') throw new AppResourceError(uri, `UI resource ${uri} has no text`);
  return { html: item.text, meta: item._meta };
}

/**
 * Renders the app of `options.resourceUri` in a sandboxed iframe inside `options.container` and
 * connects the bridge. Rejects with {@link AppResourceError} for a resource that is not an app.
 */
export async function hostApp(options: HostAppOptions): Promise<HostedApp> {
  const { client } = options;
  const { html, meta } = await readAppHtml(client, options.resourceUri);
  const document = options.container.ownerDocument;
  const bridge = new AppBridge(null, options.hostInfo ?? { name: 'rxmcp', version: '1' }, { serverTools: {}, serverResources: {}, logging: {} });
  bridge.oncalltool = async (params) => {
    const tools = await firstValueFrom(client.tools$);
    try {
      checkAppToolCall(tools, params.name);
    } catch (error) {
      if (error instanceof AppToolCallRefusedError) options.onRefused?.(error);
      throw error;
    }
    const result = await client.callTool(params.name, (params.arguments ?? {}) as JsonObject);
    options.onToolCall?.(params.name, result);
    return result as never;
  };
  bridge.onreadresource = async (params) => (await client.readResource(params.uri)) as never;
  bridge.onloggingmessage = (params) => options.onLog?.(params.level, params.data);

  let markInitialized!: () => void;
  const initialized = new Promise<void>((resolve) => (markInitialized = resolve));
  bridge.oninitialized = () => {
    markInitialized();
    void bridge.sendToolInput({ arguments: options.toolArguments ?? {} }).catch(() => undefined);
    if (options.toolResult !== undefined) void bridge.sendToolResult(options.toolResult as never).catch(() => undefined);
  };

  const domains = appCspDomains(meta);
  const page = withContentSecurityPolicy(html, appContentSecurityPolicy(domains));
  const iframe = document.createElement('iframe');
  iframe.setAttribute('title', options.resourceUri);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await withinBound(bridge.teardownResource({}).catch(() => undefined), TEARDOWN_WAIT_MS);
      await bridge.close().catch(() => undefined);
      iframe.remove();
    })();
    return closing;
  };
  let ignored = (): number => 0;
  if (options.sandboxProxy !== undefined) {
    const proxy = await openSandboxProxy({
      bridge,
      iframe,
      container: options.container,
      html: page,
      domains,
      meta,
      proxy: options.sandboxProxy,
      onNavigated: (error) => {
        options.onSandboxError?.(error);
        void close();
      },
    });
    ignored = proxy.ignoredMessages;
  } else {
    iframe.setAttribute('sandbox', 'allow-scripts');
    options.container.appendChild(iframe);
    const target = iframe.contentWindow!;
    await bridge.connect(new PostMessageTransport(target, target));
    iframe.srcdoc = page;
    let loads = 0;
    iframe.addEventListener('load', () => {
      loads += 1;
      if (loads !== 2) return; // the first is the app's document; a second one is a navigation
      options.onSandboxError?.(new AppSandboxError('navigated', `The app of ${options.resourceUri} navigated away from its document; the host closed it`));
      void close();
    });
  }

  return {
    iframe,
    bridge,
    initialized,
    get ignoredMessages() {
      return ignored();
    },
    close,
  };
}
