/**
 * The browser redirect helpers: user-agent steps (`authorize` of {@link OAuthProvider}) for web
 * pages, browser-safe (no Node import).
 *
 * - {@link fullPageRedirect}: the page itself goes to the authorization server. The provider
 *   keeps `state` and the PKCE verifier in its token store before leaving (use a
 *   `webStorageTokenStore(sessionStorage)` so they survive the page load); the request that
 *   needed credentials fails with `RedirectStartedError`; the page the user comes back to calls
 *   `provider.finishAuth(location.href)`.
 * - {@link popupRedirect}: a popup goes to the authorization server; the callback page (the
 *   redirect URI, same origin) calls {@link postPopupCallback}, the opener receives the callback
 *   URL, closes the popup and the flow goes on in place. A blocked popup, a popup closed by the
 *   user, or no callback within `timeoutMs` is a `PopupAuthorizationError`, never a hang.
 *
 * The types here are structural (no DOM lib needed to compile against them).
 */
import { PopupAuthorizationError, RedirectStartedError } from './errors.js';
import type { AuthorizationRequest } from './oauth-options.js';

/** The `type` of the message a callback page posts to its opener. */
const CALLBACK_MESSAGE = 'rxmcp:oauth-callback';

/** A `message` event as the popup flow reads it. */
export interface CallbackMessageEvent {
  /** The origin of the page that posted it. */
  readonly origin: string;
  /** What it posted. */
  readonly data: unknown;
  /** The window that posted it. */
  readonly source?: unknown;
}

/** The popup as the flow sees it (a `Window`). */
export interface PopupWindow {
  /** True once the popup is closed. */
  readonly closed: boolean;
  /** Closes the popup. */
  close(): void;
}

/** The part of `window` the popup flow uses. */
export interface PopupHost {
  /** `window.open`: the popup, or `null` when the browser blocked it. */
  open(url: string, target?: string, features?: string): PopupWindow | null;
  /** Subscribes to `message` events. */
  addEventListener(type: 'message', listener: (event: CallbackMessageEvent) => void): void;
  /** Unsubscribes from `message` events. */
  removeEventListener(type: 'message', listener: (event: CallbackMessageEvent) => void): void;
}

/** Options of {@link fullPageRedirect}. */
export interface FullPageRedirectOptions {
  /** Navigates the page. Default `location.assign`. */
  readonly navigate?: (url: string) => void;
}

/**
 * The user-agent step of a full-page redirect: navigates to the authorization URL and rejects
 * with `RedirectStartedError` (the page is leaving; `finishAuth` resumes on return).
 */
export function fullPageRedirect(options: FullPageRedirectOptions = {}): (request: AuthorizationRequest) => Promise<never> {
  return (request) => {
    const navigate = options.navigate ?? ((url: string) => (globalThis as unknown as { location: { assign(url: string): void } }).location.assign(url));
    navigate(request.url.href);
    return Promise.reject(new RedirectStartedError());
  };
}

/** Options of {@link popupRedirect}. */
export interface PopupRedirectOptions {
  /** The window that opens the popup and receives the callback. Default `globalThis` (the page's `window`). */
  readonly host?: PopupHost;
  /** `window.open`'s target name. Default `rxmcp-oauth`. */
  readonly target?: string;
  /** `window.open`'s features. Default `popup,width=500,height=650`. */
  readonly features?: string;
  /** How long to wait for the callback. Default 300 000 ms. */
  readonly timeoutMs?: number;
  /** How often to look whether the user closed the popup (a closed window sends no event). Default 500 ms. */
  readonly closedPollMs?: number;
}

/**
 * The user-agent step of the popup flow: opens the authorization URL in a popup and resolves
 * with the callback URL its redirect URI page posts back ({@link postPopupCallback}) with the
 * expected `state` and from the redirect URI's origin; other messages are ignored.
 */
export function popupRedirect(options: PopupRedirectOptions = {}): (request: AuthorizationRequest) => Promise<string> {
  return (request) =>
    new Promise<string>((resolve, reject) => {
      const host = options.host ?? (globalThis as unknown as PopupHost);
      const popup = host.open(request.url.href, options.target ?? 'rxmcp-oauth', options.features ?? 'popup,width=500,height=650');
      if (popup === null || popup === undefined) {
        reject(new PopupAuthorizationError('blocked'));
        return;
      }
      const origin = new URL(request.redirectUri).origin;
      const settle = (done: () => void): void => {
        clearInterval(poll);
        clearTimeout(timer);
        host.removeEventListener('message', onMessage);
        done();
      };
      const onMessage = (event: CallbackMessageEvent): void => {
        if (event.origin !== origin || (event.source !== undefined && event.source !== null && event.source !== popup)) return;
        const url = callbackUrlOf(event.data);
        if (url === undefined || stateOf(url) !== request.state) return;
        settle(() => resolve(url));
        popup.close();
      };
      host.addEventListener('message', onMessage);
      const poll = setInterval(() => {
        if (popup.closed) settle(() => reject(new PopupAuthorizationError('closed')));
      }, options.closedPollMs ?? 500);
      const timer = setTimeout(() => {
        settle(() => reject(new PopupAuthorizationError('timeout')));
        popup.close();
      }, options.timeoutMs ?? 300_000);
    });
}

/** The window a callback page posts to (its `window.opener`). */
export interface CallbackOpener {
  /** `window.postMessage`. */
  postMessage(message: unknown, targetOrigin: string): void;
  /** True once the opener is closed (nothing would receive the message). */
  readonly closed?: boolean;
}

/**
 * For the callback page of the popup flow (the redirect URI): posts this page's URL (`code`,
 * `state`, `iss`) to the opener, restricted to this page's origin. False when there is no
 * opener, or it is closed (the page was not opened by {@link popupRedirect}, or the user closed
 * the page that opened it: call `finishAuth` here instead, with a store the two pages share).
 */
export function postPopupCallback(page: { readonly href: string; readonly opener: CallbackOpener | null | undefined } = currentPage()): boolean {
  if (page.opener === null || page.opener === undefined || page.opener.closed === true) return false;
  page.opener.postMessage({ type: CALLBACK_MESSAGE, url: page.href }, new URL(page.href).origin);
  return true;
}

function currentPage(): { readonly href: string; readonly opener: CallbackOpener | null | undefined } {
  const window = globalThis as unknown as { location: { href: string }; opener?: CallbackOpener | null };
  return { href: window.location.href, opener: window.opener };
}

function callbackUrlOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as { type?: unknown; url?: unknown };
  return message.type === CALLBACK_MESSAGE && typeof message.url === 'string' ? message.url : undefined;
}

function stateOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('state');
  } catch {
    return null;
  }
}
