/**
 * Tool-output validation bookkeeping: checks a `tools/call` result against the output schema the
 * last listing gave, listing the tools first (one shared `tools/list` for every waiting result)
 * when the tool is not known yet, and loading the validator first (its engine loads on first use)
 * when a result is to be validated and it is not loaded yet. The client starts that listing as
 * the call goes out (`anticipate`), held by the calls that may need it: if they all end without
 * a result that waits for it, it is given up (cancelled on the wire), so no listing outlives them.
 */
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { ClientWarning } from './client-warning.js';
import type { ToolCatalog } from './tool-catalog.js';

/** Lists the tools (the catalog absorbs the listing); aborting `signal` gives the listing up. */
export type ListTools = (signal: AbortSignal) => Promise<unknown>;

/** Gives up a hold on an anticipated listing (idempotent). */
export type ReleaseListing = () => void;

/** The shared listing in flight: the calls holding it, and whether a result waits for it. */
interface SharedListing {
  readonly done: Promise<unknown>;
  readonly abort: AbortController;
  holds: number;
  /** A result waits for it: it is no longer given up when its holds are released. */
  awaited: boolean;
}

/** Validates tool results against a {@link ToolCatalog}, listing when it must. */
export class ToolResultCheck {
  /** The `tools/list` in flight for output validation, shared by every result that waits for it. */
  private listing: SharedListing | undefined;

  constructor(
    private readonly tools: ToolCatalog,
    /** Lists the tools; {@link listVia} replaces it. */
    private listTools: ListTools,
    private readonly warn: (warning: ClientWarning) => void,
  ) {}

  /**
   * Validates at once (throwing its `ToolOutputValidationError`) and returns `undefined` when the
   * tool's schema is known (and the validator loaded) or the result is an error; otherwise returns
   * the Promise of listing the tools and loading the validator as needed, then validating. A
   * listing that fails leaves the result unvalidated, with a warning; a validator that cannot be
   * loaded rejects with its `PartLoadError`.
   */
  check(name: string, result: CallToolResult): Promise<void> | undefined {
    if (!this.needed(name, result)) return undefined;
    if (!this.tools.needsListing(name)) {
      // needed and listed: the tool declares an output schema
      const loading = this.tools.validatorReady();
      if (loading !== undefined) return loading.then(() => this.tools.validate(name, result));
      this.tools.validate(name, result);
      return undefined;
    }
    return this.listThenValidate(name, result);
  }

  /**
   * A call of `name` was sent: when the tool is unknown (its result may need the listing), the
   * shared listing starts now (or is joined), so it travels beside the call; {@link check} then
   * waits for it, or finds the tool listed. Returns the call's hold on it, to release once the
   * call is over (after its result was checked); `undefined` when the tool is known. A listing
   * whose holds are all released before any result waited for it is given up.
   */
  anticipate(name: string): ReleaseListing | undefined {
    if (!this.tools.needsListing(name)) return undefined;
    const listing = this.current();
    listing.holds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--listing.holds > 0 || listing.awaited) return;
      // given up: forgotten at once, so a result checked from now on lists afresh rather than join it
      if (this.listing === listing) this.listing = undefined;
      listing.abort.abort();
    };
  }

  /**
   * Waits for the listing in flight, if there is one (a result waits for it from now on): true
   * when it settled a complete listing, so the catalog is current; false when there was none, or
   * it failed or was incomplete.
   */
  async joinListing(): Promise<boolean> {
    const listing = this.listing;
    if (listing === undefined) return false;
    listing.awaited = true;
    try {
      await listing.done;
    } catch {
      return false;
    }
    return this.tools.listed;
  }

  /** Lists the tools with `list` from now on (the client's: through its request chain, so its interceptors see the listing). */
  listVia(list: ListTools): void {
    this.listTools = list;
  }

  /**
   * False when {@link check} has nothing to do for this result (an error result, or a tool known
   * to declare no output schema): a cheap test, no listing, no validation.
   */
  needed(name: string, result: CallToolResult): boolean {
    if (result.isError === true) return false;
    return this.tools.needsCheck(name);
  }

  private async listThenValidate(name: string, result: CallToolResult): Promise<void> {
    try {
      await this.sharedListing();
    } catch (error) {
      this.warn({ code: 'unknown-tool', message: `Could not list tools to validate the result of '${name}'; it was not validated`, tool: name, cause: error });
      return;
    }
    if (this.tools.get(name) === undefined) {
      this.warn({ code: 'unknown-tool', message: `Tool '${name}' is not in the server's listing; its result was not validated`, tool: name });
    } else if (this.tools.get(name)?.outputSchema !== undefined) {
      await this.tools.validatorReady();
    }
    this.tools.validate(name, result);
  }

  /**
   * One `tools/list` for every result waiting to be validated: the first caller starts it, the
   * others join it while it is in flight. Once settled (either way) it is forgotten, so a failed
   * listing leaves only its own waiters unvalidated and the next unknown tool lists again.
   */
  private sharedListing(): Promise<unknown> {
    const listing = this.current();
    listing.awaited = true;
    return listing.done;
  }

  /** The listing in flight, started if there is none. */
  private current(): SharedListing {
    if (this.listing !== undefined) return this.listing;
    const abort = new AbortController();
    const listing: SharedListing = { done: this.listTools(abort.signal), abort, holds: 0, awaited: false };
    this.listing = listing;
    const forget = (): void => {
      if (this.listing === listing) this.listing = undefined;
    };
    // settled either way: forgotten; its failure is the waiting results' (a warning each), or nobody's when given up
    listing.done.then(forget, forget);
    return listing;
  }
}
