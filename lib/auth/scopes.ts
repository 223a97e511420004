/**
 * Which scopes to ask for (MCP "scope selection strategy"): the challenge's `scope`, else the
 * resource metadata's `scopes_supported`, else the configured scope, else none (the `scope`
 * parameter is then omitted). `offline_access` is added when refresh tokens are wanted and the
 * authorization server lists it (SEP-2207). A re-authorization asks for the union of what was
 * asked before and what is asked now (SEP-2350), so a step-up never loses a granted scope.
 */

/** The scope string to request, or `undefined` to omit `scope`. */
export function selectScope(input: {
  readonly challenge: readonly string[] | undefined;
  readonly scopesSupported: readonly string[] | undefined;
  readonly configured: string | undefined;
  readonly previous: string | undefined;
  readonly offlineAccess: boolean;
}): string | undefined {
  const base = input.challenge !== undefined && input.challenge.length > 0 ? input.challenge : input.scopesSupported !== undefined && input.scopesSupported.length > 0 ? input.scopesSupported : split(input.configured);
  const scopes = union(split(input.previous), base);
  if (input.offlineAccess && scopes.length > 0 && !scopes.includes('offline_access')) scopes.push('offline_access');
  return scopes.length === 0 ? undefined : scopes.join(' ');
}

/** The scopes of a space-separated string. */
export function split(scope: string | undefined): string[] {
  return scope === undefined ? [] : scope.split(/\s+/).filter((s) => s !== '');
}

/** `a` then the members of `b` not in it, in order. */
export function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const s of b) if (!out.includes(s)) out.push(s);
  return out;
}
