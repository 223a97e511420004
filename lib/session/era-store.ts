/**
 * Era memory: in `mode: 'auto'`, what a server at a URL turned out to speak, so the next connect
 * to it (a reconnect, a new client, a page reload with a `sessionStorage` store) skips the
 * `server/discover` probe a legacy server refuses (the red 400 in a browser console) and goes
 * straight to `initialize`. A wrong memory (the server was upgraded) costs one failed
 * `initialize`, then the client forgets it and probes as usual. Modern servers are remembered too,
 * but they are probed all the same: their probe is the discovery itself and never fails.
 */
import type { WebStorageLike } from '../protocol/web-storage.js';

/** What a server turned out to speak: the handshake era, or a modern (`server/discover`) one. */
export type RememberedEra = 'legacy' | 'modern';

/**
 * Where eras are remembered, keyed by the server's URL. Synchronous and small on purpose: it is
 * read once per connect. {@link InMemoryEraStore} and {@link webStorageEraStore} are the two
 * built in; anything with these three methods will do.
 */
export interface EraStore {
  /** The era remembered for `serverUrl`, if any. */
  get(serverUrl: string): RememberedEra | undefined;
  /** Remembers `era` for `serverUrl`. */
  set(serverUrl: string, era: RememberedEra): void;
  /** Forgets `serverUrl` (its remembered era was wrong). */
  delete(serverUrl: string): void;
}

/** Default most servers an {@link InMemoryEraStore} remembers; the least recently set go first. */
export const DEFAULT_ERA_STORE_LIMIT = 256;

/** An {@link EraStore} in this process's memory, bounded (least recently set servers go first). */
export class InMemoryEraStore implements EraStore {
  private readonly eras = new Map<string, RememberedEra>();

  constructor(private readonly limit = DEFAULT_ERA_STORE_LIMIT) {}

  /** The era remembered for `serverUrl`, if any. */
  get(serverUrl: string): RememberedEra | undefined {
    return this.eras.get(serverUrl);
  }

  /** Remembers `era` for `serverUrl`, dropping the oldest entry past the limit. */
  set(serverUrl: string, era: RememberedEra): void {
    this.eras.delete(serverUrl);
    this.eras.set(serverUrl, era);
    while (this.eras.size > Math.max(1, this.limit)) this.eras.delete(this.eras.keys().next().value as string);
  }

  /** Forgets `serverUrl`. */
  delete(serverUrl: string): void {
    this.eras.delete(serverUrl);
  }
}

/**
 * An {@link EraStore} on Web Storage (`sessionStorage` in a browser: it survives a reload of the
 * tab, not the tab itself). Storage that throws (quota, privacy mode) is treated as empty.
 */
export function webStorageEraStore(storage: WebStorageLike, prefix = 'rxmcp.era.'): EraStore {
  return {
    get(serverUrl) {
      try {
        const value = storage.getItem(prefix + serverUrl);
        return value === 'legacy' || value === 'modern' ? value : undefined;
      } catch {
        return undefined;
      }
    },
    set(serverUrl, era) {
      try {
        storage.setItem(prefix + serverUrl, era);
      } catch {
        // a full or disabled storage only costs the next connect its probe
      }
    },
    delete(serverUrl) {
      try {
        storage.removeItem(prefix + serverUrl);
      } catch {
        // as above
      }
    },
  };
}

/** The store {@link platformEraStore} found, once: `null` when the platform has none. */
let platformStore: EraStore | null | undefined;

/**
 * The default era memory: `webStorageEraStore(sessionStorage)` where the platform has a
 * `sessionStorage` that works (browsers, so a reload does not probe a legacy server again),
 * `undefined` elsewhere (Node 20–24) and where touching it throws (a sandboxed iframe with an
 * opaque origin, storage disabled by the user). Looked up once per process.
 */
export function platformEraStore(): EraStore | undefined {
  if (platformStore === undefined) platformStore = findSessionStorage();
  return platformStore ?? undefined;
}

function findSessionStorage(): EraStore | null {
  try {
    const storage = (globalThis as { sessionStorage?: WebStorageLike }).sessionStorage;
    if (storage === undefined || storage === null) return null;
    storage.getItem('rxmcp.era.'); // a storage that throws here (SecurityError) is not used
    return webStorageEraStore(storage);
  } catch {
    return null;
  }
}
