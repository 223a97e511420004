/**
 * `client.auth`: the OAuth flow of a client whose `auth` option is an `OAuthProvider`, as a UI
 * needs it (where the flow is, resuming a redirect, signing out) and nothing more: no token,
 * no store.
 */
import type { Observable } from 'rxjs';
import { OAuthProvider, type OAuthState } from '../auth/oauth-provider.js';

/** The OAuth flow of a client (see `Client.auth`); never a token. */
export interface ClientAuthFlow {
  /** Where the flow is (`unauthorized`, `authorizing`, `authorized`, `refreshing`, `failed`); replays the current state. */
  readonly state$: Observable<OAuthState>;
  /** The current state. */
  readonly state: OAuthState;
  /** Resumes an authorization with the callback URL (see `OAuthProvider.finishAuth`). */
  finishAuth(url: string | URL): Promise<void>;
  /** Forgets the credentials kept for this server (see `OAuthProvider.signOut`). */
  signOut(): Promise<void>;
}

/** When the deadlines of a client with this `auth` option are held: an `OAuthProvider`'s `interaction$` (the user signing in), else `undefined`. */
export function deadlineHoldOf(auth: unknown): Observable<boolean> | undefined {
  return auth instanceof OAuthProvider ? auth.interaction$ : undefined;
}

/** The flow of `auth` when it is an `OAuthProvider`, else `undefined`. */
export function clientAuthFlow(auth: unknown): ClientAuthFlow | undefined {
  if (!(auth instanceof OAuthProvider)) return undefined;
  return {
    state$: auth.state$,
    get state() {
      return auth.state;
    },
    finishAuth: (url) => auth.finishAuth(url),
    signOut: () => auth.signOut(),
  };
}
