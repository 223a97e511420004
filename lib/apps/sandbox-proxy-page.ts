/**
 * The sandbox proxy page of MCP Apps' double iframe (SEP-1865, "Sandbox proxy"), ready to serve
 * from a second origin: the host frames it, it says `ui/notifications/sandbox-proxy-ready`, takes
 * the app's HTML from `ui/notifications/sandbox-resource-ready`, renders it in an inner
 * `sandbox="allow-scripts"` iframe (opaque origin) and relays every other message both ways. It
 * takes messages from its parent only from the host origins it was made for, and from the inner
 * frame only; it posts to the host's origin only. Plain browser code, no dependency.
 *
 * ```ts
 * // on https://sandbox.example (a server of yours; any framework)
 * const page = { hostOrigins: ['https://app.example'] };
 * res.writeHead(200, sandboxProxyHeaders(page)).end(sandboxProxyPage(page));
 * ```
 */
import { APP_CSP_DIRECTIVES, APP_CSP_SOURCE_PATTERN } from './app-csp.js';
import { AppSandboxError } from './errors.js';
import { SANDBOX_NAVIGATED_METHOD } from './sandbox-transport.js';

/** What the proxy page is made for. */
export interface SandboxProxyPageOptions {
  /** The origins of the host pages that may frame it and talk to it (`https://app.example`). */
  readonly hostOrigins: readonly string[];
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The host origins, each checked to be a bare origin (they go into a script and a header). */
function hostOrigins(options: SandboxProxyPageOptions): string[] {
  if (options.hostOrigins.length === 0) throw new AppSandboxError('invalid-origin', 'The sandbox proxy page needs at least one host origin');
  for (const origin of options.hostOrigins) {
    if (!ORIGIN.test(origin)) throw new AppSandboxError('invalid-origin', `${JSON.stringify(origin)} is not an origin (scheme://host[:port])`);
  }
  return [...options.hostOrigins];
}

/**
 * The proxy page's own policy, inherited by the inner (srcdoc) frame: wide on purpose (the app's
 * policy, a `<meta>` the host put first in the app's `<head>`, narrows it per app), but no plugins
 * and no forms posting anywhere.
 */
export const SANDBOX_PROXY_CSP = "default-src 'none'; script-src * 'unsafe-inline'; style-src * 'unsafe-inline'; img-src * data: blob:; font-src * data:; media-src * data: blob:; connect-src *; frame-src *; object-src 'none'; form-action 'none'";

/** The proxy's script, for `hosts` (a JSON array of origins). */
function proxyScript(hosts: string): string {
  return `(() => {
  "use strict";
  const HOSTS = ${hosts};
  const READY = "ui/notifications/sandbox-proxy-ready";
  const RESOURCE = "ui/notifications/sandbox-resource-ready";
  const NAVIGATED = ${JSON.stringify(SANDBOX_NAVIGATED_METHOD)};
  const FEATURES = { camera: "camera", microphone: "microphone", geolocation: "geolocation", clipboardWrite: "clipboard-write" };
  const SANDBOX = /^allow-[a-z-]+( allow-[a-z-]+)*$/;
  const DIRECTIVES = ${JSON.stringify(APP_CSP_DIRECTIVES)};
  const SAFE = new RegExp(${JSON.stringify(APP_CSP_SOURCE_PATTERN)});
  const policyOf = (csp) => DIRECTIVES.map(([name, fixed, from, whenEmpty]) => {
    const declared = from !== null && Array.isArray(csp[from]) ? csp[from].filter((source) => typeof source === "string" && SAFE.test(source)) : [];
    const list = fixed.concat(declared);
    return [name].concat(list.length === 0 && whenEmpty !== null ? [whenEmpty] : list).join(" ");
  }).join("; ");
  const withPolicy = (html, policy) => {
    const tag = '<meta http-equiv="Content-Security-Policy" content="' + policy.replace(/"/g, "&quot;") + '">';
    const head = /<head(\\s[^>]*)?>/i.exec(html);
    if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
    return "<!doctype html><head>" + tag + "</head>" + html.replace(/^\\s*<!doctype[^>]*>/i, "");
  };
  if (window.parent === window) return;
  let host = null;
  let inner = null;
  const reserved = (data) => typeof data.method === "string" && data.method.startsWith("ui/notifications/sandbox-");
  const toHost = (message) => {
    if (host !== null) window.parent.postMessage(message, host);
    else for (const origin of HOSTS) window.parent.postMessage(message, origin);
  };
  const load = (params) => {
    if (inner !== null || typeof params !== "object" || params === null || typeof params.html !== "string") return;
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", typeof params.sandbox === "string" && SANDBOX.test(params.sandbox) ? params.sandbox : "allow-scripts");
    const permissions = typeof params.permissions === "object" && params.permissions !== null ? params.permissions : {};
    const allow = Object.keys(FEATURES).filter((key) => permissions[key] !== undefined).map((key) => FEATURES[key]);
    if (allow.length > 0) frame.setAttribute("allow", allow.join("; "));
    frame.setAttribute("title", "app");
    let loads = 0;
    frame.addEventListener("load", () => {
      loads += 1;
      if (loads === 1) return;
      frame.remove();
      toHost({ jsonrpc: "2.0", method: NAVIGATED, params: {} });
    });
    frame.srcdoc = withPolicy(params.html, policyOf(typeof params.csp === "object" && params.csp !== null ? params.csp : {}));
    inner = frame;
    document.body.appendChild(frame);
  };
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (typeof data !== "object" || data === null || data.jsonrpc !== "2.0") return;
    if (event.source === window.parent) {
      if (!HOSTS.includes(event.origin) || (host !== null && event.origin !== host)) return;
      host = event.origin;
      if (data.method === RESOURCE) load(data.params);
      else if (!reserved(data) && inner !== null && inner.contentWindow !== null) inner.contentWindow.postMessage(data, "*");
    } else if (inner !== null && event.source === inner.contentWindow && !reserved(data)) {
      toHost(data);
    }
  });
  toHost({ jsonrpc: "2.0", method: READY, params: {} });
})();`;
}

/**
 * The proxy page's HTML for `options.hostOrigins`: its policy as a `<meta>`, the relay script
 * inline. Throws {@link AppSandboxError} (`'invalid-origin'`) for a host origin that is not one.
 */
export function sandboxProxyPage(options: SandboxProxyPageOptions): string {
  const hosts = JSON.stringify(hostOrigins(options));
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${SANDBOX_PROXY_CSP}">` +
    '<meta name="referrer" content="no-referrer"><title>MCP App sandbox</title>' +
    '<style>html,body{margin:0;height:100%;overflow:hidden}iframe{border:0;width:100%;height:100%;display:block}</style>' +
    `</head><body><script>${proxyScript(hosts)}</script></body></html>`
  );
}

/**
 * The HTTP headers to serve the proxy page with: its content type, and a policy whose
 * `frame-ancestors` lets only the host origins frame it (a `<meta>` cannot say that).
 */
export function sandboxProxyHeaders(options: SandboxProxyPageOptions): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `frame-ancestors ${hostOrigins(options).join(' ')}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}
