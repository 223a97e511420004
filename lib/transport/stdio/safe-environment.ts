/**
 * The environment a server process starts with.
 *
 * By default a server gets only the variables it needs to run (where the home directory is, the
 * PATH to find executables, the user, the terminal), never the client's secrets, plus whatever
 * the caller passes in `env`. Values that look like exported shell functions (`() {…`) are never
 * inherited: they are a classic injection vector.
 */

/** Variables inherited by default on POSIX systems. */
export const DEFAULT_INHERITED_ENV_POSIX = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'] as const;

/** Variables inherited by default on Windows. */
export const DEFAULT_INHERITED_ENV_WINDOWS = [
  'APPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'LOCALAPPDATA',
  'PATH',
  'PROCESSOR_ARCHITECTURE',
  'SYSTEMDRIVE',
  'SYSTEMROOT',
  'TEMP',
  'USERNAME',
  'USERPROFILE',
  'PROGRAMFILES',
] as const;

/** Which variables of the client's own environment a server inherits. */
export type InheritEnv = 'safe' | 'all' | 'none' | readonly string[];

/**
 * Builds a server's environment: the inherited variables (`inherit`) from `source`, then `env`
 * on top. `env` always wins, including over the allow-list.
 */
export function buildServerEnvironment(
  inherit: InheritEnv,
  env: Readonly<Record<string, string>> | undefined,
  source: Readonly<Record<string, string | undefined>>,
  platform: string,
): Record<string, string> {
  const result: Record<string, string> = {};
  const names =
    inherit === 'all'
      ? Object.keys(source)
      : inherit === 'none'
        ? []
        : inherit === 'safe'
          ? platform === 'win32'
            ? DEFAULT_INHERITED_ENV_WINDOWS
            : DEFAULT_INHERITED_ENV_POSIX
          : inherit;
  for (const name of names) {
    const value = lookup(source, name, platform);
    if (value === undefined || value.startsWith('()')) continue;
    result[name] = value;
  }
  return env === undefined ? result : { ...result, ...env };
}

/** Windows environment names are case-insensitive. */
function lookup(source: Readonly<Record<string, string | undefined>>, name: string, platform: string): string | undefined {
  const direct = source[name];
  if (direct !== undefined || platform !== 'win32') return direct;
  const key = Object.keys(source).find((candidate) => candidate.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : source[key];
}
