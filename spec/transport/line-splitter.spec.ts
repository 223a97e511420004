import { LineSplitter } from '../../lib/transport/stdio/line-splitter.js';
import { sniffId } from '../../lib/transport/sniff-id.js';
import type { RequestId } from '../../lib/protocol/jsonrpc.js';

function collect(max = 1024): { splitter: LineSplitter; lines: string[]; oversized: [number, RequestId | undefined][] } {
  const lines: string[] = [];
  const oversized: [number, RequestId | undefined][] = [];
  const splitter = new LineSplitter(max, { line: (text) => lines.push(text), oversized: (size, id) => oversized.push([size, id]) });
  return { splitter, lines, oversized };
}

describe('LineSplitter', () => {
  it('splits lines within and across chunks', () => {
    const { splitter, lines } = collect();
    splitter.push(Buffer.from('{"a":1}\n{"b"'));
    splitter.push(Buffer.from(':2}\n{"c":3}\n{"d'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    splitter.push(Buffer.from('":4}\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
  });

  it('strips CRLF and skips empty lines', () => {
    const { splitter, lines } = collect();
    splitter.push(Buffer.from('one\r\n\n\r\ntwo\n'));
    expect(lines).toEqual(['one', 'two']);
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const { splitter, lines } = collect();
    const bytes = Buffer.from('{"t":"héllo 世界 🚀"}\n', 'utf8');
    for (let i = 0; i < bytes.length; i++) splitter.push(bytes.subarray(i, i + 1));
    expect(lines).toEqual(['{"t":"héllo 世界 🚀"}']);
  });

  it('assembles a 20 MB line from small chunks with one join', () => {
    const max = 64 * 1024 * 1024;
    const lines: string[] = [];
    const splitter = new LineSplitter(max, { line: (text) => lines.push(text), oversized: () => undefined });
    const payload = Buffer.alloc(20 * 1024 * 1024, 0x61);
    const join = jest.spyOn(Array.prototype, 'join');
    for (let offset = 0; offset < payload.length; offset += 65536) splitter.push(payload.subarray(offset, offset + 65536));
    splitter.push(Buffer.from('\n'));
    const joins = join.mock.instances.length;
    join.mockRestore();
    expect(joins).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBe(payload.length);
    expect(lines[0] === payload.toString('latin1')).toBe(true);
  });

  it('counts bytes, not characters, against the limit', () => {
    const { splitter, lines, oversized } = collect(10);
    splitter.push(Buffer.from('ééééé\n')); // 5 characters, 10 bytes: fits
    splitter.push(Buffer.from('éééééé\n')); // 12 bytes: too long
    splitter.push(Buffer.from('ééé'));
    splitter.push(Buffer.from('ééé\n')); // 12 bytes across two chunks: too long
    expect(lines).toEqual(['ééééé']);
    expect(oversized.map(([size]) => size)).toEqual([12, 12]);
  });

  it('drops an oversized line, reports it once with its id, and carries on', () => {
    const { splitter, lines, oversized } = collect(64);
    const big = `{"jsonrpc":"2.0","id":42,"result":{"text":"${'x'.repeat(200)}"}}`;
    splitter.push(Buffer.from(big.slice(0, 30)));
    splitter.push(Buffer.from(big.slice(30, 150)));
    splitter.push(Buffer.from(`${big.slice(150)}\n{"ok":true}\n`));
    expect(oversized).toEqual([[big.length, 42]]);
    expect(lines).toEqual(['{"ok":true}']);
  });

  it('finds the id of an oversized line at its end (the SDK serializes it last)', () => {
    const { splitter, oversized } = collect(64);
    splitter.push(Buffer.from(`{"result":{"content":[{"type":"text","text":"${'y'.repeat(500)}"}]},"jsonrpc":"2.0","id":"req-7"}\n`));
    expect(oversized).toEqual([[expect.any(Number), 'req-7']]);
  });

  it('reports an oversized line that arrives in one chunk', () => {
    const { splitter, lines, oversized } = collect(16);
    splitter.push(Buffer.from(`${'z'.repeat(40)}\nshort\n`));
    expect(oversized).toEqual([[40, undefined]]);
    expect(lines).toEqual(['short']);
  });

  it('flush drops a partial line and says how much', () => {
    const { splitter, lines } = collect();
    splitter.push(Buffer.from('{"partial":'));
    expect(splitter.flush()).toBe(11);
    splitter.push(Buffer.from('{"next":1}\n'));
    expect(lines).toEqual(['{"next":1}']);
  });
});

describe('sniffId', () => {
  it('reads only top-level ids', () => {
    expect(sniffId('{"jsonrpc":"2.0","id":5,"result":', '')).toBe(5);
    expect(sniffId('{"id":"a\\"b","result":', '')).toBe('a"b');
    expect(sniffId('', 'xx"}]},"jsonrpc":"2.0","id":9}')).toBe(9);
    // an "id" nested inside the result is not the message's id
    expect(sniffId('{"result":{"id":3,', '"id":4}}')).toBeUndefined();
    expect(sniffId('', '"id":1.5}')).toBeUndefined();
  });
});
