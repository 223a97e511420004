/**
 * The host side of MCP Apps' sandbox proxy (SEP-1865, "Sandbox proxy"; the double iframe web hosts
 * should use): frames the proxy page on its own origin, waits (bounded) for its
 * `ui/notifications/sandbox-proxy-ready`, sends it the app's HTML with
 * `ui/notifications/sandbox-resource-ready` (the CSP origins and permissions the resource declares
 * beside it), and from then on the bridge's `ui/*` traffic goes through the proxy to the app.
 */
import type { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { AppCspDomains } from './app-csp.js';
import { AppSandboxError } from './errors.js';
import { ProxyFrameTransport } from './sandbox-transport.js';
import { withinBound } from './bounded-wait.js';

/** Where the sandbox proxy page is, and how long to wait for it. */
export interface SandboxProxyOptions {
  /** The proxy page's URL, on an origin other than the host page's (serve `sandboxProxyPage()` there). */
  readonly url: string | URL;
  /** How long the proxy may take to say it is ready (ms). Default 10 000. */
  readonly readyTimeoutMs?: number;
}

/** What {@link openSandboxProxy} needs. */
export interface OpenSandboxProxyOptions {
  readonly bridge: AppBridge;
  /** The proxy's frame, not yet in the page (its `title` set). */
  readonly iframe: HTMLIFrameElement;
  readonly container: HTMLElement;
  /** The app's HTML, its policy already in its `<head>`. */
  readonly html: string;
  readonly domains: AppCspDomains;
  /** The resource content item's `_meta` (for `ui.permissions`). */
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  readonly proxy: SandboxProxyOptions;
  /** The app (or the proxy frame) navigated away. */
  readonly onNavigated: (error: AppSandboxError) => void;
}

/** The permission-policy features an app may ask for in `_meta.ui.permissions`, by key. */
const FEATURES: Readonly<Record<string, string>> = { camera: 'camera', microphone: 'microphone', geolocation: 'geolocation', clipboardWrite: 'clipboard-write' };

/** `_meta.ui.permissions`: the known keys the resource names, each as `{}`. */
function permissions(meta: Readonly<Record<string, unknown>> | undefined): Record<string, Record<string, never>> {
  const ui = meta?.['ui'];
  const declared = typeof ui === 'object' && ui !== null ? (ui as Record<string, unknown>)['permissions'] : undefined;
  if (typeof declared !== 'object' || declared === null) return {};
  return Object.fromEntries(Object.keys(FEATURES).filter((key) => (declared as Record<string, unknown>)[key] !== undefined).map((key) => [key, {}]));
}

/** `readonly string[]` fields as the mutable arrays the notification's type wants. */
function cspParams(domains: AppCspDomains): Record<string, string[]> {
  return Object.fromEntries(Object.entries(domains).map(([key, list]) => [key, [...(list as readonly string[])]]));
}

/**
 * Frames the proxy in `options.iframe`, connects `bridge` through it and hands it the app. Rejects with
 * {@link AppSandboxError} (`'same-origin'` for a proxy on the host's origin, `'proxy-timeout'` when
 * it is not ready in time: the frame is removed and the bridge closed).
 */
export async function openSandboxProxy(options: OpenSandboxProxyOptions): Promise<{ ignoredMessages: () => number }> {
  const document = options.container.ownerDocument;
  const window = document.defaultView!;
  const url = new URL(options.proxy.url, document.baseURI);
  if (url.origin === window.origin) throw new AppSandboxError('same-origin', `The sandbox proxy ${url.href} is on the host's own origin: it must be on another one`);
  const bound = options.proxy.readyTimeoutMs ?? 10_000;
  const allowed = permissions(options.meta);

  const { iframe } = options;
  iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin');
  const allow = Object.keys(allowed).map((key) => FEATURES[key]!);
  if (allow.length > 0) iframe.setAttribute('allow', allow.join('; '));
  options.container.appendChild(iframe);

  let ignored = 0;
  let navigated = false;
  const reportNavigated = (): void => {
    if (navigated) return;
    navigated = true;
    options.onNavigated(new AppSandboxError('navigated', `The app of ${iframe.title} navigated away from its document; the host closed it`));
  };
  const transport = new ProxyFrameTransport(window, iframe.contentWindow!, url.origin, { foreign: () => void (ignored += 1), navigated: reportNavigated });

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  options.bridge.addEventListener('sandboxready', () => markReady());
  await options.bridge.connect(transport);

  let loads = 0;
  iframe.addEventListener('load', () => {
    loads += 1;
    if (loads > 1) reportNavigated(); // the proxy frame itself left the proxy page
  });
  iframe.src = url.href;

  const outcome = await withinBound(ready, bound);
  if (outcome === 'timeout') {
    await options.bridge.close().catch(() => undefined);
    iframe.remove();
    throw new AppSandboxError('proxy-timeout', `The sandbox proxy ${url.href} did not send ui/notifications/sandbox-proxy-ready within ${bound} ms`);
  }
  await options.bridge.sendSandboxResourceReady({ html: options.html, sandbox: 'allow-scripts', csp: cspParams(options.domains), permissions: allowed });
  return { ignoredMessages: () => ignored };
}
