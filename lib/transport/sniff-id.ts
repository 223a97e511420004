/**
 * Reading the id of a JSON-RPC message too large to parse, from its first and last characters,
 * so the transport can fail the request it answered instead of leaving it to time out.
 * Browser-safe; shared by the stdio and WebSocket transports.
 */
import type { RequestId } from '../protocol/jsonrpc.js';

const HEAD_ID = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;
const TAIL_ID = /,\s*"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*\}\s*$/;

/**
 * Reads the top-level id of a JSON-RPC message from its first or last characters. Only positions
 * that can only be top-level members are trusted: the first member(s) after the opening brace, or
 * the last member before the closing brace.
 */
export function sniffId(head: string, tail: string): RequestId | undefined {
  const match = HEAD_ID.exec(head) ?? TAIL_ID.exec(tail.replace(/\r$/, ''));
  if (match === null) return undefined;
  try {
    const id: unknown = JSON.parse(match[1]!);
    return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : undefined;
  } catch {
    return undefined;
  }
}
