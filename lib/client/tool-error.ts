/**
 * {@link ToolError}: a tool reported failure (`isError: true`) and the caller asked for that to
 * throw (`raiseOnError`, per call or client-wide: FastMCP's default), instead of reading it from
 * the result.
 */
import { RxMcpError } from '../protocol/errors.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';

/** A tool's `isError` result, thrown because `raiseOnError` was set. The full result is kept. */
export class ToolError extends RxMcpError {
  /** `'ToolError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ToolError';

  constructor(
    /** The tool that failed. */
    readonly toolName: string,
    /** The result as the server sent it (`isError: true`). */
    readonly result: CallToolResult,
  ) {
    super(`Tool ${toolName} failed: ${textOf(result) || '(no text content)'}`);
  }

  /** The result's content blocks: what the tool said about its failure. */
  get content(): CallToolResult['content'] {
    return this.result.content;
  }
}

/** The text blocks of a result, joined (the error's message). */
function textOf(result: CallToolResult): string {
  return result.content
    .map((block) => (block.type === 'text' ? block.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}
