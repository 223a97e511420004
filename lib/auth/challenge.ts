/**
 * Reads the `Bearer` challenge of a `WWW-Authenticate` header (RFC 6750 §3, RFC 9728 §5.1):
 * `resource_metadata`, `scope` and `error` are what the OAuth flow acts on. Parameters are
 * `name=token` or `name="quoted string"`; other schemes' challenges in the same header are skipped.
 */

/** The parameters of a Bearer challenge; names lowercased. */
export interface BearerChallenge {
  readonly params: Readonly<Record<string, string>>;
  /** `resource_metadata`: the URL of the protected resource metadata. */
  readonly resourceMetadata: string | undefined;
  /** `scope`, split on spaces. */
  readonly scopes: readonly string[] | undefined;
  /** `error` (`invalid_token`, `insufficient_scope`, …). */
  readonly error: string | undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/** The first Bearer (or DPoP, RFC 9449 §7.1, same parameters) challenge in `header`, or `undefined` when there is none. */
export function parseBearerChallenge(header: string | undefined): BearerChallenge | undefined {
  if (header === undefined) return undefined;
  let rest = header.trim();
  let params: Record<string, string> | undefined;
  let current: Record<string, string> | undefined;
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) break;
    rest = rest.slice(name.length);
    const afterName = rest.replace(/^\s+/, '');
    if (afterName.startsWith('=')) {
      // an auth-param of the current challenge
      rest = afterName.slice(1).replace(/^\s+/, '');
      let value: string;
      if (rest.startsWith('"')) {
        let i = 1;
        value = '';
        for (; i < rest.length && rest[i] !== '"'; i++) {
          if (rest[i] === '\\' && i + 1 < rest.length) i++;
          value += rest[i];
        }
        rest = rest.slice(i + 1);
      } else {
        value = /^[^\s,]*/.exec(rest)![0];
        rest = rest.slice(value.length);
      }
      if (current !== undefined) current[name.toLowerCase()] = value;
    } else {
      // a new challenge: `scheme` then params (or a token68, which Bearer does not use)
      const scheme = name.toLowerCase();
      current = (scheme === 'bearer' || scheme === 'dpop') && params === undefined ? (params = {}) : undefined;
      rest = afterName;
    }
  }
  if (params === undefined) return undefined;
  const scope = params['scope'];
  return {
    params,
    resourceMetadata: params['resource_metadata'],
    scopes: scope === undefined ? undefined : scope.split(/\s+/).filter((s) => s !== ''),
    error: params['error'],
  };
}
