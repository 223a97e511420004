/**
 * A {@link TokenStore} in a JSON file, for Node (exported from `rxmcp/node` only): one file holds
 * the records of every key, written whole to a temporary file of mode 0600 and renamed over the
 * old one, so a crash leaves the old file or the new one, never half of either, and no other
 * user can read the tokens. Writes are queued, so concurrent `set`s never lose each other.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isRecord, type OAuthRecord, type TokenStore } from './token-store.js';

/** A token store in the JSON file at `path` (created with mode 0600, its folder with 0700). */
export class FileTokenStore implements TokenStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** The JSON file the records are kept in. */
    readonly path: string,
  ) {}

  /** The record kept under `key`, once the writes queued before it are done. */
  async get(key: string): Promise<OAuthRecord | undefined> {
    await this.queue.catch(() => undefined);
    return (await this.read())[key];
  }

  /** Keeps `record` under `key`, rewriting the file whole; resolves once it is renamed into place. */
  set(key: string, record: OAuthRecord): Promise<void> {
    return this.update((records) => {
      records[key] = record;
    });
  }

  /** Drops the record under `key`, rewriting the file whole. */
  delete(key: string): Promise<void> {
    return this.update((records) => {
      delete records[key];
    });
  }

  private update(change: (records: Record<string, OAuthRecord>) => void): Promise<void> {
    const next = this.queue.catch(() => undefined).then(async () => {
      const records = await this.read();
      change(records);
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(records), { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, this.path);
    });
    this.queue = next;
    return next;
  }

  /** The records in the file; none when it is missing or does not parse. */
  private async read(): Promise<Record<string, OAuthRecord>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null) return {};
      const records: Record<string, OAuthRecord> = {};
      for (const [key, value] of Object.entries(parsed)) if (isRecord(value)) records[key] = value;
      return records;
    } catch {
      return {};
    }
  }
}
