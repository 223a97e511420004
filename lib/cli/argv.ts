/**
 * The two parts of the command line: what commander parses, and the server to connect to when it
 * is given after `--` (a command and its arguments, run over stdio, or a single URL). A URL may
 * also come first (`rxmcp https://host/mcp tools`).
 */

/** The command line split into commander's part and the target's. */
export interface SplitArgv {
  /** What commander parses: the command, its arguments and the options. */
  readonly own: readonly string[];
  /** A URL given first or as the only word after `--`. */
  readonly url?: string;
  /** The server command after `--` (empty when there is none or it is a URL). */
  readonly serverCommand: readonly string[];
}

const URL_PATTERN = /^(https?|wss?):\/\//i;

/** True for an `http(s)://` or `ws(s)://` URL. */
export function looksLikeUrl(word: string): boolean {
  return URL_PATTERN.test(word);
}

/** Splits `argv` (without `node` and the script) at the first `--`, and takes a leading URL out. */
export function splitArgv(argv: readonly string[]): SplitArgv {
  const dashes = argv.indexOf('--');
  let own = dashes === -1 ? [...argv] : argv.slice(0, dashes);
  const after = dashes === -1 ? [] : argv.slice(dashes + 1);
  let url: string | undefined;
  if (own.length > 0 && looksLikeUrl(own[0]!)) {
    url = own[0];
    own = own.slice(1);
  }
  if (after.length === 1 && looksLikeUrl(after[0]!)) return { own, url: after[0]!, serverCommand: [] };
  return url === undefined ? { own, serverCommand: after } : { own, url, serverCommand: after };
}
