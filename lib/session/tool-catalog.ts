/**
 * What the client knows about the server's tools from its last listing: each tool's definition
 * (for output validation) and, on 2026-07-28 connections, its `x-mcp-header` bindings (for the
 * `Mcp-Param-*` headers of a call). Tools whose annotations are invalid are left out of the
 * listing the user sees, with a warning, as the spec requires of HTTP clients.
 */
import { analyzeToolHeaders, headerValues, type HeaderBinding } from '../protocol/x-mcp-header.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { CallToolResult, ListToolsResult, Tool } from '../protocol/schemas/tools.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { ToolOutputValidator } from '../validation/tool-output-validator.js';
import type { ClientWarning } from './client-warning.js';

interface KnownTool {
  readonly tool: Tool;
  readonly bindings: readonly HeaderBinding[];
}

/** The tool definitions of the last listing. */
export class ToolCatalog {
  private readonly tools = new Map<string, KnownTool>();
  /** True once a complete listing (first page without a next page) was absorbed and nothing changed since. */
  private current = false;
  /** The page `absorb` returned last: a cache hit of that same (frozen) page teaches nothing new. */
  private lastPage: ListToolsResult | undefined;

  constructor(
    private readonly validator: ToolOutputValidator,
    private readonly warn: (warning: ClientWarning) => void,
  ) {}

  /**
   * Takes in one page of `tools/list`: remembers each tool, and returns the page as the user
   * sees it (on modern connections without tools whose `x-mcp-header` annotations are invalid).
   * `complete` says the page is the whole list (no cursor asked, no next page): then tools no
   * longer listed are forgotten.
   */
  absorb(page: ListToolsResult, era: ProtocolEra, complete: boolean): ListToolsResult {
    const kept: Tool[] = [];
    for (const tool of page.tools) {
      let bindings: readonly HeaderBinding[] = [];
      if (era === 'modern') {
        const analysis = analyzeToolHeaders(tool);
        if (!analysis.valid) {
          this.tools.delete(tool.name);
          this.validator.forget(tool.name);
          this.warn({ code: 'tool-excluded', message: `Tool '${tool.name}' was left out: ${analysis.reason}`, tool: tool.name });
          continue;
        }
        bindings = analysis.bindings;
      }
      this.tools.set(tool.name, { tool, bindings });
      kept.push(tool);
    }
    if (complete) this.settle(kept.map((tool) => tool.name));
    const seen = kept.length === page.tools.length ? page : { ...page, tools: kept };
    this.lastPage = seen;
    return seen;
  }

  /**
   * Takes in a first page of `tools/list` as the client hands it out (fetched, or a cache hit, so
   * already without excluded tools). The page absorbed last is skipped, so a cache hit costs no
   * schema analysis; a different one (an entry another client stored) is absorbed in full.
   */
  absorbCached(page: ListToolsResult, era: ProtocolEra): void {
    if (page !== this.lastPage) this.absorb(page, era, page.nextCursor === undefined);
  }

  /** A complete listing (all pages) named exactly these tools: forget the others. */
  settle(names: Iterable<string>): void {
    const listed = new Set(names);
    for (const name of [...this.tools.keys()]) if (!listed.has(name)) this.tools.delete(name);
    this.validator.retain(listed);
    this.current = true;
  }

  /** The server said the list changed: the next unknown tool triggers a fresh listing. */
  invalidate(): void {
    this.current = false;
  }

  /** True while the last complete listing is current (nothing changed since). */
  get listed(): boolean {
    return this.current;
  }

  /** True when `name` is unknown and a listing could tell more (none yet, or the list changed). */
  needsListing(name: string): boolean {
    return !this.tools.has(name) && !this.current;
  }

  /**
   * True when a result of `name` is to be checked: the tool declares an output schema, or it is
   * unknown and a listing could tell more ({@link ToolCatalog.needsListing}). One lookup: every call asks.
   */
  needsCheck(name: string): boolean {
    const known = this.tools.get(name);
    return known === undefined ? !this.current : known.tool.outputSchema !== undefined;
  }

  /** The definition of `name`, if listed. */
  get(name: string): Tool | undefined {
    return this.tools.get(name)?.tool;
  }

  /** The `Mcp-Param-*` headers for a call of `name` with `args`; none for a tool never listed or without values. */
  headersFor(name: string, args: JsonObject | undefined): Record<string, string> | undefined {
    const bindings = this.tools.get(name)?.bindings;
    if (bindings === undefined || bindings.length === 0) return undefined;
    const headers = headerValues(bindings, args, name);
    for (const _ in headers) return headers;
    return undefined;
  }

  /** `undefined` when `validate` can run now; otherwise the Promise of loading the validator first. */
  validatorReady(): Promise<void> | undefined {
    return this.validator.ready();
  }

  /** Checks a result against the tool's output schema (nothing happens for unknown tools). */
  validate(name: string, result: CallToolResult): void {
    const known = this.tools.get(name);
    if (known !== undefined) this.validator.check(known.tool, result);
  }
}
