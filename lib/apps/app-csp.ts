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

/**
 * The policy's directives, as data: a name, its fixed sources, the `_meta.ui.csp` key whose origins
 * are appended, and the source used when the list would be empty. Data so that the sandbox proxy
 * page (`sandbox-proxy-page.ts`, plain browser code) builds the same policy as
 * {@link appContentSecurityPolicy} from the same table.
 */
export const APP_CSP_DIRECTIVES: readonly (readonly [name: string, fixed: readonly string[], from: keyof AppCspDomains | null, whenEmpty: string | null])[] = [
  ['default-src', ["'none'"], null, null],
  ['script-src', ["'self'", "'unsafe-inline'"], 'resourceDomains', null],
  ['style-src', ["'self'", "'unsafe-inline'"], 'resourceDomains', null],
  ['img-src', ["'self'", 'data:'], 'resourceDomains', null],
  ['font-src', ["'self'"], 'resourceDomains', null],
  ['media-src', ["'self'", 'data:'], 'resourceDomains', null],
  ['connect-src', [], 'connectDomains', "'none'"],
  ['frame-src', [], 'frameDomains', "'none'"],
  ['object-src', ["'none'"], null, null],
  ['base-uri', [], 'baseUriDomains', "'self'"],
];

/** The pattern a declared origin must match to be kept (one CSP source expression), as regex source text. */
export const APP_CSP_SOURCE_PATTERN = SAFE_SOURCE.source;

/** The policy text for `domains` (the spec's default policy when none are declared). */
export function appContentSecurityPolicy(domains: AppCspDomains = {}): string {
  return APP_CSP_DIRECTIVES.map(([name, fixed, from, whenEmpty]) => {
    const list = [...fixed, ...(from === null ? [] : sources(domains[from]))];
    return [name, ...(list.length === 0 && whenEmpty !== null ? [whenEmpty] : list)].join(' ');
  }).join('; ');
}

/** `html` with the policy as the first element of its `<head>` (a `<meta http-equiv>`), so it governs everything after. */
export function withContentSecurityPolicy(html: string, policy: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return `<!doctype html><head>${tag}</head>${html.replace(/^\s*<!doctype[^>]*>/i, '')}`;
}
