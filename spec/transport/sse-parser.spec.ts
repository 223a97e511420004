/**
 * The `text/event-stream` parser: the WHATWG event-stream format, fed in chunks of any size.
 */
import { SseParser, type SseEvent } from '../../lib/transport/http/sse-parser.js';

interface Collected {
  readonly parser: SseParser;
  readonly events: SseEvent[];
  readonly retries: number[];
  readonly oversized: number[];
}

function collect(maxEventSize?: number): Collected {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const oversized: number[] = [];
  const parser = new SseParser(
    { event: (event) => events.push(event), retry: (ms) => retries.push(ms), oversized: (size) => oversized.push(size) },
    maxEventSize,
  );
  return { parser, events, retries, oversized };
}

/** Parses `input` fed as the given chunks of its UTF-8 bytes (`sizes` repeat until the end). */
function parseChunked(input: string | Uint8Array, sizes: (index: number) => number): Collected {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const collected = collect();
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const size = Math.max(1, sizes(index));
    collected.parser.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return collected;
}

/** Parses `input` in one piece. */
function parse(input: string): Collected {
  const collected = collect();
  collected.parser.push(new TextEncoder().encode(input));
  return collected;
}

/** A small deterministic PRNG (mulberry32), so a failing chunking can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREAM = [
  '\uFEFF: a comment first\r\n',
  'event: endpoint\r\n',
  'data: /message?sessionId=abc\r\n',
  '\r\n',
  'id: 1\n',
  'data: {"jsonrpc":"2.0","method":"héllo 世界 🚀"}\n',
  '\n',
  'retry: 2500\r',
  ': keep-alive\r',
  'data: first\r',
  'data:second\r',
  'data\r',
  'unknown: field\r',
  '\r',
  'event: custom\n',
  'data: x\n',
  'id\n',
  '\n',
].join('');

const EXPECTED: SseEvent[] = [
  { event: 'endpoint', data: '/message?sessionId=abc', id: undefined },
  { event: 'message', data: '{"jsonrpc":"2.0","method":"héllo 世界 🚀"}', id: '1' },
  { event: 'message', data: 'first\nsecond\n', id: '1' },
  { event: 'custom', data: 'x', id: '' },
];

describe('SseParser', () => {
  describe('chunking', () => {
    it('parses the stream in one piece', () => {
      const { events, retries } = parse(STREAM);
      expect(events).toEqual(EXPECTED);
      expect(retries).toEqual([2500]);
    });

    it('gives the same events fed one byte at a time', () => {
      const { events, retries } = parseChunked(STREAM, () => 1);
      expect(events).toEqual(EXPECTED);
      expect(retries).toEqual([2500]);
    });

    it('gives the same events split at every possible byte boundary', () => {
      const bytes = new TextEncoder().encode(STREAM);
      for (let cut = 1; cut < bytes.length; cut++) {
        const collected = collect();
        collected.parser.push(bytes.subarray(0, cut));
        collected.parser.push(bytes.subarray(cut));
        expect({ cut, events: collected.events }).toEqual({ cut, events: EXPECTED });
      }
    });

    it('gives the same events in random chunk sizes', () => {
      for (let seed = 1; seed <= 200; seed++) {
        const next = random(seed);
        const { events, retries } = parseChunked(STREAM, () => 1 + Math.floor(next() * 24));
        expect({ seed, events, retries }).toEqual({ seed, events: EXPECTED, retries: [2500] });
      }
    });

    it('keeps a pending CR across an empty chunk', () => {
      const { parser, events } = collect();
      parser.push('data: a\r');
      parser.push(new Uint8Array(0));
      parser.push('');
      parser.push('\ndata: b\r\n\r\n');
      expect(events).toEqual([{ event: 'message', data: 'a\nb', id: undefined }]);
    });
  });

  describe('line endings', () => {
    it.each([
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['CR', '\r'],
    ])('accepts %s', (_name, eol) => {
      const { events } = parse(`data: a${eol}data: b${eol}${eol}data: c${eol}${eol}`);
      expect(events.map((event) => event.data)).toEqual(['a\nb', 'c']);
    });

    it('accepts a mix of them in one stream', () => {
      const { events } = parse('data: a\rdata: b\r\n\ndata: c\n\r\n');
      expect(events.map((event) => event.data)).toEqual(['a\nb', 'c']);
    });

    it('treats a CR at the end of a chunk and an LF at the start of the next as one line end', () => {
      const { parser, events } = collect();
      parser.push('data: a\r');
      parser.push('\ndata: b\r');
      parser.push('\n\r');
      parser.push('\n');
      expect(events).toEqual([{ event: 'message', data: 'a\nb', id: undefined }]);
    });

    it('treats a CR at the end of a chunk followed by something else as a line end', () => {
      const { parser, events } = collect();
      parser.push('data: a\r');
      parser.push('\r');
      expect(events).toEqual([{ event: 'message', data: 'a', id: undefined }]);
    });
  });

  describe('byte-order mark', () => {
    it('skips one leading BOM, in bytes or in text', () => {
      expect(parse('\uFEFFdata: a\n\n').events.map((event) => event.data)).toEqual(['a']);
      const { parser, events } = collect();
      parser.push('\uFEFFdata: b\n\n');
      expect(events.map((event) => event.data)).toEqual(['b']);
    });

    it('skips a BOM whose bytes arrive one at a time', () => {
      expect(parseChunked('\uFEFFdata: a\n\n', () => 1).events.map((event) => event.data)).toEqual(['a']);
    });

    it('skips only one: a second BOM makes the first field name unknown', () => {
      expect(parse('\uFEFF\uFEFFdata: a\n\ndata: b\n\n').events.map((event) => event.data)).toEqual(['b']);
    });

    it('keeps a BOM that does not start the stream', () => {
      expect(parse('data: a\n\n\uFEFFdata: b\n\ndata: \uFEFFc\n\n').events.map((event) => event.data)).toEqual(['a', '\uFEFFc']);
    });
  });

  describe('fields', () => {
    it('ignores comments, including long ones split across chunks', () => {
      const { parser, events } = collect(100);
      parser.push(': one\n:\ndata: a\n: two\n');
      parser.push(`:${'x'.repeat(500)}`);
      parser.push(`${'y'.repeat(500)}\n\n`);
      expect(events).toEqual([{ event: 'message', data: 'a', id: undefined }]);
    });

    it('joins multi-line data with LF, without a trailing LF', () => {
      expect(parse('data: one\ndata: two\ndata: three\n\n').events[0]!.data).toBe('one\ntwo\nthree');
    });

    it('removes one space after the colon, and only one', () => {
      expect(parse('data:a\n\ndata:  b\n\ndata: \n\n').events.map((event) => event.data)).toEqual(['a', ' b', '']);
    });

    it('takes a line without a colon as a field name with an empty value', () => {
      expect(parse('data\ndata\n\n').events.map((event) => event.data)).toEqual(['\n']);
      expect(parse('data\n\n').events.map((event) => event.data)).toEqual(['']);
    });

    it('takes everything after the first colon as the value', () => {
      expect(parse('data: a: b:c\n\n').events[0]!.data).toBe('a: b:c');
    });

    it('names events with `event:` and falls back to `message` for the next one', () => {
      const { events } = parse('event: endpoint\ndata: /x\n\ndata: y\n\nevent:\ndata: z\n\n');
      expect(events.map((event) => event.event)).toEqual(['endpoint', 'message', 'message']);
    });

    it('does not dispatch an event without data, and forgets its event name', () => {
      const { events } = parse('event: endpoint\n\nid: 7\n\nretry: 10\n\n: c\n\ndata: x\n\n');
      expect(events).toEqual([{ event: 'message', data: 'x', id: '7' }]);
    });

    it('keeps the id across events until the server sets another one', () => {
      const { parser, events } = parse('id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\ndata: d\n\n');
      expect(events.map((event) => [event.data, event.id])).toEqual([
        ['a', '1'],
        ['b', '1'],
        ['c', '2'],
        ['d', '2'],
      ]);
      expect(parser.lastEventId).toBe('2');
    });

    it('resets the id with an empty `id:` field', () => {
      const { parser, events } = parse('id: 1\ndata: a\n\nid\ndata: b\n\n');
      expect(events.map((event) => event.id)).toEqual(['1', '']);
      expect(parser.lastEventId).toBe('');
    });

    it('ignores an id that contains NUL', () => {
      const { parser, events } = parse('id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n');
      expect(events.map((event) => event.id)).toEqual(['1', '1']);
      expect(parser.lastEventId).toBe('1');
    });

    it('sets the last event id when the event ends, even without data', () => {
      const { parser } = collect();
      parser.push('id: 5\n');
      expect(parser.lastEventId).toBeUndefined();
      parser.push('\n');
      expect(parser.lastEventId).toBe('5');
    });

    it('reports numeric `retry:` values and ignores the rest', () => {
      const { retries, events } = parse('retry: 3000\nretry: 12a\nretry: -5\nretry: 1.5\nretry:\nretry: ٣\nretry:0\ndata: x\n\n');
      expect(retries).toEqual([3000, 0]);
      expect(events).toHaveLength(1);
    });

    it('ignores unknown fields and field names that differ in case', () => {
      const { events } = parse('foo: bar\nDATA: no\nData: no\nevent : no\ndata: yes\n\n');
      expect(events).toEqual([{ event: 'message', data: 'yes', id: undefined }]);
    });
  });

  describe('end of stream', () => {
    it('discards an unfinished event, and its id', () => {
      const { parser, events } = collect();
      parser.push('id: 1\ndata: done\n\nid: 2\ndata: half');
      parser.end();
      expect(events).toEqual([{ event: 'message', data: 'done', id: '1' }]);
      expect(parser.lastEventId).toBe('1');
    });

    it('discards an event whose blank line never came', () => {
      const { parser, events } = collect();
      parser.push('event: x\ndata: complete line\n');
      parser.end();
      expect(events).toEqual([]);
    });

    it('starts the next stream afresh, keeping the last event id', () => {
      const { parser, events } = collect();
      parser.push('id: 1\ndata: a\n\nevent: e\ndata: half\r');
      parser.end();
      parser.push('\uFEFFdata: b\n\n'); // a new stream may start with a BOM again
      expect(events).toEqual([
        { event: 'message', data: 'a', id: '1' },
        { event: 'message', data: 'b', id: '1' },
      ]);
    });
  });

  describe('UTF-8', () => {
    it('decodes multi-byte characters split across chunks at every byte', () => {
      const text = 'data: é世🚀ß\n\n';
      const bytes = new TextEncoder().encode(text);
      for (let cut = 1; cut < bytes.length; cut++) {
        const { parser, events } = collect();
        parser.push(bytes.subarray(0, cut));
        parser.push(bytes.subarray(cut));
        expect(events.map((event) => event.data)).toEqual(['é世🚀ß']);
      }
      expect(parseChunked(text, () => 1).events.map((event) => event.data)).toEqual(['é世🚀ß']);
    });

    it('replaces invalid bytes with U+FFFD', () => {
      const { parser, events } = collect();
      parser.push(new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0x0a, 0x0a]));
      expect(events.map((event) => event.data)).toEqual(['\uFFFD']);
    });
  });

  describe('large events', () => {
    it('assembles a 30 MB event from 64 KiB chunks with at most one join per line', () => {
      const size = 30 * 1024 * 1024;
      const payload = new Uint8Array(size).fill(0x61);
      const { parser, events } = collect();
      const join = jest.spyOn(Array.prototype, 'join');
      let joins: number;
      try {
        parser.push('data: ');
        for (let offset = 0; offset < size; offset += 65536) parser.push(payload.subarray(offset, offset + 65536));
        parser.push('\ndata: tail\n\n');
        joins = join.mock.calls.length;
      } finally {
        join.mockRestore();
      }
      // two data lines: one join assembles the long line, one joins the data lines
      expect(joins).toBeLessThanOrEqual(2);
      expect(events).toHaveLength(1);
      expect(events[0]!.data.length).toBe(size + '\ntail'.length);
      expect(events[0]!.data.startsWith('aaaa')).toBe(true);
      expect(events[0]!.data.endsWith('a\ntail')).toBe(true);
    });

    it('does not join at all for lines that arrive whole', () => {
      const { parser, events } = collect();
      const join = jest.spyOn(Array.prototype, 'join');
      let joins: number;
      try {
        for (let i = 0; i < 1000; i++) parser.push(`data: ${i}\n\n`);
        joins = join.mock.calls.length;
      } finally {
        join.mockRestore();
      }
      expect(joins).toBe(0);
      expect(events).toHaveLength(1000);
    });

    it('drops an oversized event, reports it once, and delivers the next event', () => {
      const { parser, events, oversized } = collect(1000);
      parser.push('data: small\n\n');
      parser.push('event: big\nid: 9\ndata: ');
      for (let i = 0; i < 100; i++) parser.push('x'.repeat(100));
      parser.push('\ndata: more\nid: 10\n\n');
      parser.push('data: after\n\n');
      expect(oversized).toHaveLength(1);
      expect(oversized[0]).toBeGreaterThan(1000);
      expect(events).toEqual([
        { event: 'message', data: 'small', id: undefined },
        // the id seen before the event crossed the limit still counts; the dropped event's name does not leak
        { event: 'message', data: 'after', id: '9' },
      ]);
    });

    it('drops an event whose many small data lines add up past the limit, once', () => {
      const { parser, events, oversized } = collect(1000);
      parser.push(`${'data: 0123456789\n'.repeat(200)}\ndata: next\n\n`);
      expect(oversized).toHaveLength(1);
      expect(events.map((event) => event.data)).toEqual(['next']);
    });

    it('reports the same oversized events whatever the chunking', () => {
      const input = `data: a\n\n${'data: 0123456789\n'.repeat(100)}\ndata: ${'y'.repeat(2000)}\n\ndata: b\n\n`;
      const reference = collect(1000);
      reference.parser.push(input);
      expect(reference.oversized).toHaveLength(2);
      expect(reference.events.map((event) => event.data)).toEqual(['a', 'b']);
      for (let seed = 1; seed <= 50; seed++) {
        const next = random(seed);
        const collected = collect(1000);
        const bytes = new TextEncoder().encode(input);
        for (let offset = 0; offset < bytes.length; ) {
          const size = 1 + Math.floor(next() * 300);
          collected.parser.push(bytes.subarray(offset, offset + size));
          offset += size;
        }
        expect({ seed, events: collected.events, count: collected.oversized.length }).toEqual({ seed, events: reference.events, count: 2 });
      }
    });

    it('keeps nothing of an endless oversized line', () => {
      const { parser, events, oversized } = collect(1000);
      parser.push('data: ');
      for (let i = 0; i < 1000; i++) parser.push('z'.repeat(1000));
      // the parser holds no parts of the line it is dropping
      expect((parser as unknown as { line: string[] }).line).toEqual([]);
      parser.push('\n\ndata: ok\n\n');
      expect(oversized).toHaveLength(1);
      expect(events.map((event) => event.data)).toEqual(['ok']);
    });
  });
});
