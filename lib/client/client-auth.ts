/**
 * `client.auth`: the OAuth flow of a client whose `auth` option is an `OAuthProvider`, as a UI
 * needs it (where the flow is, resuming a redirect, signing out) and nothing more: no token,
 * no store.
 */
import type { Observable } from 'rxjs';
import { interactiveAuthOf, type OAuthState } from '../auth/interactive-auth.js';

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
  return interactiveAuthOf(auth)?.interaction$;
}

/** The flow of `auth` when it is an `OAuthProvider`, else `undefined`. */
export function clientAuthFlow(auth: unknown): ClientAuthFlow | undefined {
  const flow = interactiveAuthOf(auth);
  if (flow === undefined) return undefined;
  return {
    state$: flow.state$,
    get state() {
      return flow.state;
    },
    finishAuth: (url) => flow.finishAuth(url),
    signOut: () => flow.signOut(),
  };
}
