/**
 * The skills extension (`io.modelcontextprotocol/skills`, SEP-2640) on a client: `skills/list`
 * and `skills/get` once the server declares the extension, a skill loaded from its entry or its
 * URI alone, and every file read verified against the listing (SHA-256 digest and size; the
 * SKILL.md frontmatter against the listed one) before its content is returned. Nothing is read
 * ahead of need: listing reads no file, loading reads only SKILL.md, each other file is read
 * when asked for. Loaded skills are keyed by (server identity, SKILL.md URI), never by name.
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
  /** Allow `resources/directory/read` (for entries whose files are `'dynamic'`). Default `false`. */
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
  /** Reads one listed file of the skill, verified; an unlisted one is a {@link SkillVerificationError}. */
  read(uri: string): Promise<SkillFileContent>;
}

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
    if (entry.resources === 'dynamic') {
      throw new SkillsUnavailableError(`The files of '${uri}' are listed with resources/directory/read, which ${this.options.directoryRead === true ? 'rxmcp does not read yet' : 'needs directoryRead: true'}`);
    }
    const files = entry.resources;
    const read = (file: string): Promise<SkillFileContent> => this.readVerified(uri, files, file);
    const manifest = await read(uri);
    const text = manifest.text ?? new TextDecoder().decode(manifest.bytes);
    const frontmatter = await frontmatterOf(text);
    if (frontmatter === undefined || !sameJson(frontmatter, entry.frontmatter)) {
      throw new SkillVerificationError('frontmatter', uri, uri, `The frontmatter of '${uri}' differs from the listed one`);
    }
    return Object.freeze({ key: Object.freeze({ server: this.server, uri }), entry, text, frontmatter, read });
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
