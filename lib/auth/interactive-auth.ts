/**
 * What a `Client` needs to know of an `auth` option that runs an interactive OAuth flow, without
 * importing the provider itself: `Client` checks membership here, so a browser bundle that never
 * constructs an `OAuthProvider` carries none of OAuth (the minimal-bundle spec checks it).
 */
import type { Observable } from 'rxjs';

/** Where an OAuth flow is: signed out, at the authorization server, holding tokens, renewing them, or refused. */
export type OAuthState = 'unauthorized' | 'authorizing' | 'authorized' | 'refreshing' | 'failed';

/** The parts of an interactive OAuth flow a client exposes and waits on (an `OAuthProvider` is one). */
export interface InteractiveAuth {
  /** Where the flow is; replays the current state. */
  readonly state$: Observable<OAuthState>;
  /** The current state. */
  readonly state: OAuthState;
  /** `true` while the user is at the authorization server. */
  readonly interaction$: Observable<boolean>;
  /** Resumes an authorization with its callback URL. */
  finishAuth(url: string | URL): Promise<void>;
  /** Forgets the credentials kept for this server. */
  signOut(): Promise<void>;
}

const interactive = new WeakSet<object>();

/** Records `flow` as an interactive OAuth flow (called by `OAuthProvider`'s constructor). */
export function registerInteractiveAuth(flow: InteractiveAuth): void {
  interactive.add(flow);
}

/** `auth` as an interactive OAuth flow when it registered as one, else `undefined`. */
export function interactiveAuthOf(auth: unknown): InteractiveAuth | undefined {
  return typeof auth === 'object' && auth !== null && interactive.has(auth) ? (auth as InteractiveAuth) : undefined;
}
