/**
 * Tool-output validation bookkeeping: checks a `tools/call` result against the output schema the
 * last listing gave, listing the tools first (one shared `tools/list` for every waiting result)
 * when the tool is not known yet, and loading the validator first (its engine loads on first use)
 * when a result is to be validated and it is not loaded yet.
 */
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { ClientWarning } from './client-warning.js';
import type { ToolCatalog } from './tool-catalog.js';

/** Validates tool results against a {@link ToolCatalog}, listing when it must. */
export class ToolResultCheck {
  /** The `tools/list` in flight for output validation, shared by every result that waits for it. */
  private listing: Promise<unknown> | undefined;

  constructor(
    private readonly tools: ToolCatalog,
    /** Lists the tools (the catalog absorbs the listing); {@link listVia} replaces it. */
    private listTools: () => Promise<unknown>,
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

  /** Lists the tools with `list` from now on (the client's: through its request chain, so its interceptors see the listing). */
  listVia(list: () => Promise<unknown>): void {
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
    this.listing ??= this.listTools().finally(() => (this.listing = undefined));
    return this.listing;
  }
}
