import { MessageTooLargeError, ProtocolViolationError } from '../../lib/protocol/errors.js';
import { jsonFrame, oversizedFrame, parseJsonFrame, sniffFrameId } from '../../lib/transport/json-frames.js';

describe('json-frames: the one JSON-frame parser of every transport', () => {
  it('turns a JSON frame into a message item', () => {
    expect(jsonFrame('{"jsonrpc":"2.0","id":1,"result":{}}', 'unused')).toEqual({ type: 'message', message: { jsonrpc: '2.0', id: 1, result: {} } });
  });

  it('turns a frame that is not JSON into a ProtocolViolationError fault quoting it in the transport\'s words', () => {
    const item = jsonFrame('hello', 'Server wrote a line that is not JSON');
    expect(item.type).toBe('fault');
    if (item.type !== 'fault') return;
    expect(item.error).toBeInstanceOf(ProtocolViolationError);
    expect(item.error.message).toBe('Server wrote a line that is not JSON: hello');
    expect(item.error.raw).toBe('hello');
    expect(item.error.cause).toBeInstanceOf(SyntaxError);
  });

  it('throws the same error from parseJsonFrame, with a long frame clipped to an excerpt', () => {
    const text = `x${'y'.repeat(10_000)}`;
    let caught: unknown;
    try {
      parseJsonFrame(text, 'The server answered with a body that is not JSON');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProtocolViolationError);
    expect((caught as Error).message.startsWith('The server answered with a body that is not JSON: xyyy')).toBe(true);
    expect((caught as Error).message.length).toBeLessThan(1000);
  });

  it('reports an oversized frame as a MessageTooLargeError naming the request its edges name', () => {
    const frame = `{"jsonrpc":"2.0","id":42,"result":{"text":"${'a'.repeat(5000)}"}}`;
    const item = oversizedFrame(frame.length, 100, sniffFrameId(frame));
    expect(item.error).toBeInstanceOf(MessageTooLargeError);
    expect(item.requestId).toBe(42);
    expect(sniffFrameId(`{"jsonrpc":"2.0","result":{"t":"${'a'.repeat(5000)}"},"id":"k"}`)).toBe('k');
    expect(sniffFrameId(`{"result":{"id":3,"t":"${'a'.repeat(5000)}"}}`)).toBeUndefined();
  });
});
