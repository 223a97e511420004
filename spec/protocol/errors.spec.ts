import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CancelledError,
  ConnectionClosedError,
  McpError,
  MessageTooLargeError,
  ProtocolViolationError,
  RxMcpError,
  TimeoutError,
  TransportError,
  UnsupportedProtocolVersionError,
} from '../../lib/protocol/errors.js';
import { ErrorCode } from '../../lib/protocol/error-codes.js';
import { RXMCP_VERSION } from '../../lib/protocol/rxmcp-version.js';

describe('error classes', () => {
  it('are all RxMcpErrors and Errors, each with its own name', () => {
    const errors = [
      new McpError(-32000, 'boom', { a: 1 }),
      new UnsupportedProtocolVersionError('no', ['2099-01-01'], '2026-07-28'),
      new TimeoutError('tools/call', 100, 'idle'),
      new CancelledError('tools/call', 'user'),
      new ConnectionClosedError(),
      new ProtocolViolationError('bad', 'raw'),
      new MessageTooLargeError(10, 5),
      new TransportError('spawn failed'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(RxMcpError);
    }
    expect(errors.map((error) => error.name)).toEqual([
      'McpError',
      'UnsupportedProtocolVersionError',
      'TimeoutError',
      'CancelledError',
      'ConnectionClosedError',
      'ProtocolViolationError',
      'MessageTooLargeError',
      'TransportError',
    ]);
  });

  it('keep a timeout and a cancellation apart', () => {
    const timeout = new TimeoutError('tools/call', 100, 'total');
    const cancelled = new CancelledError('tools/call');
    expect(timeout).not.toBeInstanceOf(CancelledError);
    expect(cancelled).not.toBeInstanceOf(TimeoutError);
    expect(timeout.message).toBe("Request 'tools/call' exceeded its total deadline of 100 ms");
    expect(new TimeoutError('tools/list', 50, 'idle').message).toBe("Request 'tools/list' timed out: nothing arrived for 50 ms");
  });

  it('carry what the server said', () => {
    const error = new McpError(ErrorCode.InvalidParams, 'Unknown tool', { tool: 'x' });
    expect(error.code).toBe(-32602);
    expect(error.data).toEqual({ tool: 'x' });
    const version = new UnsupportedProtocolVersionError('no', ['2030-01-01'], '2026-07-28');
    expect(version).toBeInstanceOf(McpError);
    expect(version.code).toBe(-32022);
    expect(version.data).toEqual({ supported: ['2030-01-01'], requested: '2026-07-28' });
  });

  it('chain a cause', () => {
    const cause = new Error('ENOENT');
    expect(new TransportError('failed', { cause }).cause).toBe(cause);
  });
});

describe('RXMCP_VERSION', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(RXMCP_VERSION).toBe(pkg.version);
  });
});
