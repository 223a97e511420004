/**
 * The Content Security Policy an MCP App runs under (SEP-1865): nothing from the network unless
 * the UI resource's `_meta.ui.csp` declares the origins (`connectDomains`, `resourceDomains`,
 * `frameDomains`, `baseUriDomains`); inline scripts and styles allowed (an app is one HTML
 * document). An origin with a character that could end a directive is dropped.
 */

/** The origins a UI resource declares in `_meta.ui.csp`. */
export interface AppCspDomains {
  /** Origins for fetch, XHR and WebSocket (`connect-src`). */
  readonly connectDomains?: readonly string[];
  /** Origins for scripts, styles, images, fonts and media. */
  readonly resourceDomains?: readonly string[];
  /** Origins for nested frames (`frame-src`). */
  readonly frameDomains?: readonly string[];
  /** Allowed `<base>` URIs (`base-uri`). */
  readonly baseUriDomains?: readonly string[];
}

const SAFE_SOURCE = /^[A-Za-z0-9*][A-Za-z0-9+.\-*:/[\]%_~]*$/;

/** The declared origins that are a single CSP source expression each. */
function sources(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((entry): entry is string => typeof entry === 'string' && SAFE_SOURCE.test(entry)) : [];
}

/** `_meta.ui.csp` of a resource content item, as {@link AppCspDomains} (an empty object when absent or malformed). */
export function appCspDomains(meta: Readonly<Record<string, unknown>> | undefined): AppCspDomains {
  const ui = meta?.['ui'];
  const csp = typeof ui === 'object' && ui !== null ? (ui as Record<string, unknown>)['csp'] : undefined;
  if (typeof csp !== 'object' || csp === null) return {};
  const record = csp as Record<string, unknown>;
  return { connectDomains: sources(record['connectDomains']), resourceDomains: sources(record['resourceDomains']), frameDomains: sources(record['frameDomains']), baseUriDomains: sources(record['baseUriDomains']) };
}

/** The policy text for `domains` (the spec's default policy when none are declared). */
export function appContentSecurityPolicy(domains: AppCspDomains = {}): string {
  const resource = sources(domains.resourceDomains).join(' ');
  const connect = sources(domains.connectDomains);
  const frame = sources(domains.frameDomains);
  const base = sources(domains.baseUriDomains);
  const join = (...parts: string[]): string => parts.filter((part) => part !== '').join(' ');
  return [
    "default-src 'none'",
    `script-src ${join("'self'", "'unsafe-inline'", resource)}`,
    `style-src ${join("'self'", "'unsafe-inline'", resource)}`,
    `img-src ${join("'self'", 'data:', resource)}`,
    `font-src ${join("'self'", resource)}`,
    `media-src ${join("'self'", 'data:', resource)}`,
    `connect-src ${connect.length > 0 ? connect.join(' ') : "'none'"}`,
    `frame-src ${frame.length > 0 ? frame.join(' ') : "'none'"}`,
    "object-src 'none'",
    `base-uri ${base.length > 0 ? base.join(' ') : "'self'"}`,
  ].join('; ');
}

/** `html` with the policy as the first element of its `<head>` (a `<meta http-equiv>`), so it governs everything after. */
export function withContentSecurityPolicy(html: string, policy: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return `<!doctype html><head>${tag}</head>${html.replace(/^\s*<!doctype[^>]*>/i, '')}`;
}
