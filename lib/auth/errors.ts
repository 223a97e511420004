/**
 * The refusals of the OAuth flow, each a class to `instanceof`. All extend `AuthenticationError`
 * (the request that needed credentials stays refused, with the status it got), so code that
 * already treats an `AuthenticationError` as "not retryable, ask the user" keeps working.
 *
 * No message quotes a token, a secret, a code or a code verifier: a message names the step,
 * the authorization server (its issuer URL) and the OAuth error code, nothing else.
 */
import { AuthenticationError } from '../protocol/http-errors.js';

/** Base class: the OAuth flow could not get credentials for a refused request. */
export class OAuthFlowError extends AuthenticationError {
  /** `'OAuthFlowError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'OAuthFlowError';

  constructor(
    message: string,
    /** The status of the refused MCP request (401 or 403). */
    status = 401,
    /** `cause`: what went wrong underneath (an error of a function given to the provider, of its store, of the network). */
    options?: { readonly cause?: unknown },
  ) {
    super(status, '');
    this.message = message;
    if (options !== undefined && 'cause' in options) this.cause = options.cause;
  }
}

/**
 * A function given to the provider (`authorize`: the user-agent step; `assertion`: the JWT of
 * the `jwt_bearer` grant) threw or rejected with an error of its own (not an `RxMcpError`):
 * that error is `cause`, untouched; the message names only the option.
 */
export class AuthCallbackError extends OAuthFlowError {
  /** `'AuthCallbackError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'AuthCallbackError';

  constructor(
    /** The option whose function failed. */
    readonly option: 'authorize' | 'assertion',
    cause: unknown,
  ) {
    super(`The ${option} function of the OAuth provider failed${cause instanceof Error ? ` (${cause.name})` : ''}`, 401, { cause });
  }
}

/** No usable metadata: the protected resource or authorization server metadata could not be found or read. */
export class DiscoveryFailedError extends OAuthFlowError {
  /** `'DiscoveryFailedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'DiscoveryFailedError';
}

/** The authorization server metadata names another issuer than the one it was discovered for (RFC 8414 §3.3). */
export class IssuerMismatchError extends OAuthFlowError {
  /** `'IssuerMismatchError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'IssuerMismatchError';

  constructor(
    /** The issuer the metadata was discovered for (the URL it was fetched from). */
    readonly expected: string,
    /** The issuer the metadata names instead. */
    readonly actual: string,
  ) {
    super(`The authorization server metadata at ${expected} names the issuer ${actual}; refusing it (RFC 8414 §3.3)`);
  }
}

/** The protected resource metadata names a resource this MCP server is not (RFC 8707 / RFC 9728 §3.3). */
export class ResourceMismatchError extends OAuthFlowError {
  /** `'ResourceMismatchError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ResourceMismatchError';

  constructor(
    /** The URL of the MCP server the metadata was fetched for. */
    readonly serverUrl: string,
    /** The resource the metadata names instead. */
    readonly resource: string,
  ) {
    super(`The protected resource metadata of ${serverUrl} names the resource ${resource}, which is not this server; refusing it`);
  }
}

/** The authorization server does not list PKCE `S256` in `code_challenge_methods_supported`. */
export class PkceUnsupportedError extends OAuthFlowError {
  /** `'PkceUnsupportedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'PkceUnsupportedError';

  constructor(
    /** The authorization server (its issuer URL) without PKCE S256. */
    readonly issuer: string,
  ) {
    super(`The authorization server ${issuer} does not advertise PKCE S256; refusing to authorize without it`);
  }
}

/** The `iss` of the authorization response is missing where required, or is not the issuer exactly (RFC 9207). */
export class IssuerResponseError extends OAuthFlowError {
  /** `'IssuerResponseError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'IssuerResponseError';

  constructor(
    /** The issuer the authorization response was expected to name. */
    readonly issuer: string,
    /** `missing`: no `iss` although the server advertises it; `mismatch`: an `iss` other than the issuer. */
    readonly problem: 'missing' | 'mismatch',
  ) {
    super(
      problem === 'missing'
        ? `The authorization response carries no iss although ${issuer} advertises it (RFC 9207); refusing it`
        : `The iss of the authorization response is not ${issuer} exactly (RFC 9207); refusing it`,
    );
  }
}

/** The authorization response is an error (`error=access_denied`, …) or does not match the request (`state`). */
export class AuthorizationDeniedError extends OAuthFlowError {
  /** `'AuthorizationDeniedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'AuthorizationDeniedError';

  constructor(
    /** The OAuth error code, or `invalid_response` for a response that does not fit the request. */
    readonly code: string,
  ) {
    super(`The authorization request was not granted (${code})`);
  }
}

/** No way to identify the client to this authorization server, or its registration endpoint refused. */
export class RegistrationRefusedError extends OAuthFlowError {
  /** `'RegistrationRefusedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'RegistrationRefusedError';

  constructor(
    /** The authorization server (its issuer URL) the client could not be registered with. */
    readonly issuer: string,
    reason: string,
  ) {
    super(`Cannot register a client with ${issuer}: ${reason}`);
  }
}

/** The token endpoint refused a grant (`invalid_grant`, `invalid_client`, …). */
export class TokenRequestError extends OAuthFlowError {
  /** `'TokenRequestError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'TokenRequestError';

  constructor(
    /** The grant that was refused (`authorization_code`, `refresh_token`, …). */
    readonly grant: string,
    /** The OAuth error code, or `invalid_response` when the answer was not a token response. */
    readonly code: string,
  ) {
    super(`The token endpoint refused the ${grant} grant (${code})`);
  }
}

/** The server kept refusing after as many authorizations (step-ups) as allowed. */
export class AuthRetryLimitError extends OAuthFlowError {
  /** `'AuthRetryLimitError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'AuthRetryLimitError';

  constructor(
    /** How many authorizations were tried for the same scopes before giving up. */
    readonly attempts: number,
    status = 403,
  ) {
    super(`Gave up after ${attempts} authorization attempts for the same scopes; the server still refuses`, status);
  }
}

/** A callback URL given to `finishAuth` that belongs to no authorization under way: none is pending, or its `state` is another one. */
export class CallbackStateError extends OAuthFlowError {
  /** `'CallbackStateError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'CallbackStateError';

  constructor(
    /** `no_pending` (nothing to resume) or `mismatch` (another `state`: a stale or forged callback). */
    readonly reason: 'no_pending' | 'mismatch',
  ) {
    super(reason === 'no_pending' ? 'No authorization is under way to finish with this callback' : 'The callback does not carry the state of the authorization under way');
  }
}

/**
 * The full-page redirect flow sent this page to the authorization server: the request that
 * needed credentials cannot finish on this page; call `finishAuth` on the page the user
 * comes back to.
 */
export class RedirectStartedError extends OAuthFlowError {
  /** `'RedirectStartedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'RedirectStartedError';

  constructor() {
    super('The page is redirecting to the authorization server; call finishAuth on return');
  }
}

/** The popup flow could not get its authorization to an end: the popup was `blocked`, `closed` by the user, or no callback came in time (`timeout`). */
export class PopupAuthorizationError extends OAuthFlowError {
  /** `'PopupAuthorizationError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'PopupAuthorizationError';

  constructor(
    /** What happened to the popup. */
    readonly reason: 'blocked' | 'closed' | 'timeout',
  ) {
    super(reason === 'blocked' ? 'The authorization popup was blocked' : reason === 'closed' ? 'The authorization popup was closed before the authorization finished' : 'No authorization callback came from the popup in time');
  }
}
