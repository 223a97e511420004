/**
 * The skills extension (`io.modelcontextprotocol/skills`, SEP-2640) on a client: `skills/list`
 * and `skills/get` once the server declares the extension, a skill loaded from its entry or its
 * URI alone, and every file read verified against the listing (SHA-256 digest and size; the
 * SKILL.md frontmatter against the listed one) before its content is returned. Nothing is read
 * ahead of need: listing reads no file, loading reads only SKILL.md, each other file is read
 * when asked for. Loaded skills are keyed by (server identity, SKILL.md URI), never by name.
 * With `directoryRead` (both sides), `readDirectory` lists a directory resource's children
 * (`resources/directory/read`), and a `'dynamic'` entry loads: its files are found through its
 * directories and read without digests (the SEP gives such a skill no content integrity).
 *
 * ```ts
 * const client = await Client.connect(url, { extensions: [skillsExtension()] });
 * const skills = new Skills(client);
 * const [entry] = await skills.list();
 * const skill = await skills.load(entry.uri);   // SKILL.md verified
 * const forms = await skill.read('skill://pdf-processing/references/FORMS.md');
 * ```
 */
import { sha256 } from '../../cache/sha256.js';
import { ProtocolViolationError } from '../../protocol/errors.js';
import type { JsonObject } from '../../protocol/jsonrpc.js';
import type { Implementation } from '../../protocol/schemas/common.js';
import type { ReadResourceResult } from '../../protocol/schemas/resources.js';
import { advertise, type ClientExtension } from '../client-extension.js';
import { frontmatterOf, sameJson } from './frontmatter.js';
import { checkSkillEntry, type SkillEntry, type SkillFile } from './skill-entry.js';
import { SkillsUnavailableError, SkillVerificationError } from './skill-errors.js';

/** The identifier of the skills extension. */
export const SKILLS_EXTENSION = 'io.modelcontextprotocol/skills';

/** The most `skills/list` pages a listing follows. */
const MAX_PAGES = 100;

/** The ad of the skills extension, for `Client.connect`'s `extensions`. */
export function skillsExtension(): ClientExtension {
  return advertise(SKILLS_EXTENSION, {});
}

/** What {@link Skills} needs of a client (a `Client` has all of it). */
export interface SkillsHost {
  /** What the server offers (its `extensions` say whether it serves skills). */
  readonly serverCapabilities: { readonly extensions?: Readonly<Record<string, unknown>> };
  /** The server's identity, part of a loaded skill's key. */
  readonly serverInfo?: Implementation;
  /** An extension request (`skills/list`, `skills/get`, `resources/directory/read`). */
  request(method: string, params?: JsonObject): Promise<JsonObject>;
  /** `resources/read`. */
  readResource(uri: string): Promise<ReadResourceResult>;
}

/** Options of {@link Skills}. */
export interface SkillsOptions {
  /**
   * Allow `resources/directory/read` (sent only to a server declaring `directoryRead: true`):
   * {@link Skills.readDirectory}, and loading entries whose files are `'dynamic'`. Default `false`.
   */
  readonly directoryRead?: boolean;
  /** The server's identity in the keys of loaded skills. Default: `serverInfo` name and version. */
  readonly serverIdentity?: string;
}

/** A verified file of a skill. */
export interface SkillFileContent {
  /** The file's URI. */
  readonly uri: string;
  /** Its MIME type, when the server gave one. */
  readonly mimeType?: string;
  /** Its text, for a text resource. */
  readonly text?: string;
  /** Its bytes (text files: the UTF-8 encoding). */
  readonly bytes: Uint8Array;
}

/** A loaded skill: its entry, its verified SKILL.md, and its other files on demand. */
export interface LoadedSkill {
  /** The server identity and the SKILL.md URI: what the skill is known by. */
  readonly key: { readonly server: string; readonly uri: string };
  /** The entry it was loaded from. */
  readonly entry: SkillEntry;
  /** The SKILL.md text (verified). */
  readonly text: string;
  /** Its frontmatter (equal to the listed one). */
  readonly frontmatter: Readonly<Record<string, unknown>>;
  /**
   * Reads one listed file of the skill, verified; an unlisted one is a {@link SkillVerificationError}.
   * A `'dynamic'` skill has no digests to verify against: a file is read when a directory read of
   * its parent lists it as a file (`'unlisted'` otherwise).
   */
  read(uri: string): Promise<SkillFileContent>;
  /** True for a `'dynamic'` skill: its files are found by directory reads and carry no digest (SEP-2640: no content integrity). */
  readonly dynamic: boolean;
}

/** One child of a directory resource, as `resources/directory/read` lists it. */
export interface DirectoryEntry {
  /** Its URI (no trailing slash for a directory). */
  readonly uri: string;
  /** Its name within the directory. */
  readonly name: string;
  /** `inode/directory` for a directory, else the file's type when given. */
  readonly mimeType?: string;
}

/** One page of `resources/directory/read`. */
export interface DirectoryPage {
  /** The directory's direct children on this page. */
  readonly resources: readonly DirectoryEntry[];
  /** The cursor of the next page, if any. */
  readonly nextCursor?: string;
}

/** The `mimeType` of a directory resource (SEP-2640). */
export const DIRECTORY_MIME_TYPE = 'inode/directory';

/** The skills of one client's server (see the module doc). */
export class Skills {
  private readonly loaded = new Map<string, Promise<LoadedSkill>>();
  private readonly entries = new Map<string, SkillEntry>();

  constructor(
    private readonly host: SkillsHost,
    private readonly options: SkillsOptions = {},
  ) {}

  /** True when the server declares the skills extension. */
  get available(): boolean {
    return this.host.serverCapabilities.extensions?.[SKILLS_EXTENSION] !== undefined;
  }

  /** The server identity the keys use. */
  get server(): string {
    const info = this.host.serverInfo;
    return this.options.serverIdentity ?? (info === undefined ? '' : `${info.name}@${info.version}`);
  }

  /** Every valid skill entry (`skills/list`, all pages); entries with missing or invalid `resources` are left out. Reads no file. */
  async list(): Promise<readonly SkillEntry[]> {
    this.requireExtension();
    const found: SkillEntry[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.host.request('skills/list', cursor === undefined ? {} : { cursor });
      const skills = Array.isArray(result.skills) ? (result.skills as unknown[]) : [];
      for (const raw of skills) {
        const entry = checkSkillEntry(raw);
        if (entry === undefined) continue;
        this.entries.set(entry.uri, entry);
        found.push(entry);
      }
      cursor = typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
      if (cursor === undefined) break;
    }
    return found;
  }

  /** One skill's entry by its SKILL.md URI (`skills/get`). */
  async get(uri: string): Promise<SkillEntry> {
    this.requireExtension();
    const result = await this.host.request('skills/get', { uri });
    const entry = checkSkillEntry(result.skill);
    if (entry === undefined || entry.uri !== uri) throw new ProtocolViolationError(`skills/get returned no valid entry for '${uri}'`, result);
    this.entries.set(uri, entry);
    return entry;
  }

  /**
   * Loads a skill: its entry (from the last listing, else `skills/get`), then its SKILL.md,
   * verified. Once per (server, URI): a second load returns the same skill.
   */
  load(uri: string): Promise<LoadedSkill> {
    const key = `${this.server}\n${uri}`;
    let skill = this.loaded.get(key);
    if (skill === undefined) {
      skill = this.loadOnce(uri);
      this.loaded.set(key, skill);
      // a failed load is not remembered: a later one tries again
      skill.catch(() => this.loaded.delete(key));
    }
    return skill;
  }

  private async loadOnce(uri: string): Promise<LoadedSkill> {
    const entry = this.entries.get(uri) ?? (await this.get(uri));
    const dynamic = entry.resources === 'dynamic';
    if (dynamic) this.requireDirectoryRead(`The files of '${uri}' are listed with resources/directory/read`);
    const files = entry.resources;
    const read = (file: string): Promise<SkillFileContent> => (files === 'dynamic' ? this.readDynamic(uri, file) : this.readVerified(uri, files, file));
    const manifest = await read(uri);
    const text = manifest.text ?? new TextDecoder().decode(manifest.bytes);
    const frontmatter = await frontmatterOf(text);
    if (frontmatter === undefined || !sameJson(frontmatter, entry.frontmatter)) {
      throw new SkillVerificationError('frontmatter', uri, uri, `The frontmatter of '${uri}' differs from the listed one`);
    }
    return Object.freeze({ key: Object.freeze({ server: this.server, uri }), entry, text, frontmatter, read, dynamic });
  }

  /**
   * One page of the direct children of a directory resource (`resources/directory/read`, SEP-2640),
   * e.g. `skill://pdf-processing/templates`. Needs the option `directoryRead` and a server declaring
   * `directoryRead: true` (else a {@link SkillsUnavailableError}, nothing sent).
   */
  async readDirectory(uri: string, options: { readonly cursor?: string } = {}): Promise<DirectoryPage> {
    this.requireDirectoryRead(`resources/directory/read of '${uri}'`);
    const result = await this.host.request('resources/directory/read', options.cursor === undefined ? { uri } : { uri, cursor: options.cursor });
    const raw = result.resources;
    if (!Array.isArray(raw) || !raw.every((item) => typeof (item as { uri?: unknown } | null)?.uri === 'string' && typeof (item as { name?: unknown }).name === 'string')) {
      throw new ProtocolViolationError(`resources/directory/read of '${uri}' answered no valid resources`, result);
    }
    const page: DirectoryPage = { resources: Object.freeze(raw.map((item) => Object.freeze({ ...(item as DirectoryEntry) }))) };
    return Object.freeze(typeof result.nextCursor === 'string' && result.nextCursor !== '' ? { ...page, nextCursor: result.nextCursor } : page);
  }

  /** A file of a `'dynamic'` skill: under the skill's root, listed as a file by its parent directory, read unverified (there is no digest). */
  private async readDynamic(skill: string, uri: string): Promise<SkillFileContent> {
    const root = skill.slice(0, -'/SKILL.md'.length);
    const parent = uri.slice(0, uri.lastIndexOf('/'));
    if (!uri.startsWith(`${root}/`) || uri.includes('/../') || uri.includes('/./')) throw new SkillVerificationError('unlisted', skill, uri, `'${uri}' is not within the skill '${skill}'`);
    if (!(await this.listsFile(parent, uri))) throw new SkillVerificationError('unlisted', skill, uri, `'${uri}' is not a file the directory '${parent}' lists`);
    const result = await this.host.readResource(uri);
    const content = result.contents.find((item) => item.uri === uri) ?? result.contents[0];
    const text = content !== undefined && 'text' in content && typeof content.text === 'string' ? content.text : undefined;
    const blob = content !== undefined && 'blob' in content && typeof content.blob === 'string' ? content.blob : undefined;
    if (text === undefined && blob === undefined) throw new SkillVerificationError('content', skill, uri, `'${uri}' came back with no text or blob`);
    const file: SkillFileContent = { uri, bytes: text !== undefined ? new TextEncoder().encode(text) : base64Bytes(blob!) };
    if (content!.mimeType !== undefined) Object.assign(file, { mimeType: content!.mimeType });
    if (text !== undefined) Object.assign(file, { text });
    return Object.freeze(file);
  }

  /** True when `directory`'s listing (all pages, at most `MAX_PAGES`) has `uri` as a file. */
  private async listsFile(directory: string, uri: string): Promise<boolean> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const listing = await this.readDirectory(directory, cursor === undefined ? {} : { cursor });
      const found = listing.resources.find((item) => item.uri === uri);
      if (found !== undefined) return found.mimeType !== DIRECTORY_MIME_TYPE;
      cursor = listing.nextCursor;
      if (cursor === undefined) return false;
    }
    return false;
  }

  private requireDirectoryRead(what: string): void {
    this.requireExtension();
    if (this.options.directoryRead !== true) throw new SkillsUnavailableError(`${what} needs the option directoryRead: true`);
    const settings = this.host.serverCapabilities.extensions?.[SKILLS_EXTENSION] as { directoryRead?: unknown } | undefined;
    if (settings?.directoryRead !== true) throw new SkillsUnavailableError(`${what} needs a server declaring directoryRead: true, which this one does not`);
  }

  private async readVerified(skill: string, files: readonly SkillFile[], uri: string): Promise<SkillFileContent> {
    const listed = files.find((file) => file.uri === uri);
    if (listed === undefined) throw new SkillVerificationError('unlisted', skill, uri, `'${uri}' is not a listed file of the skill '${skill}'`);
    const result = await this.host.readResource(uri);
    const content = result.contents.find((item) => item.uri === uri) ?? result.contents[0];
    const text = content !== undefined && 'text' in content && typeof content.text === 'string' ? content.text : undefined;
    const blob = content !== undefined && 'blob' in content && typeof content.blob === 'string' ? content.blob : undefined;
    if (text === undefined && blob === undefined) throw new SkillVerificationError('content', skill, uri, `'${uri}' came back with no text or blob`);
    const bytes = text !== undefined ? new TextEncoder().encode(text) : base64Bytes(blob!);
    if (bytes.length !== listed.size) {
      throw new SkillVerificationError('size', skill, uri, `'${uri}' has ${bytes.length} bytes; the listing says ${listed.size}`);
    }
    const digest = `sha256:${hex(sha256(bytes))}`;
    if (digest !== listed.digest) throw new SkillVerificationError('digest', skill, uri, `'${uri}' has the digest ${digest}; the listing says ${listed.digest}`);
    const file: SkillFileContent = { uri, bytes };
    if (content!.mimeType !== undefined) Object.assign(file, { mimeType: content!.mimeType });
    if (text !== undefined) Object.assign(file, { text });
    return Object.freeze(file);
  }

  private requireExtension(): void {
    if (!this.available) throw new SkillsUnavailableError(`The server does not declare the ${SKILLS_EXTENSION} extension`);
  }
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

function base64Bytes(blob: string): Uint8Array {
  const binary = atob(blob);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
