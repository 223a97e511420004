/**
 * The fuzzer's generators (fast-check arbitraries) of hostile inbound messages: arbitrary JSON,
 * near-valid JSON-RPC (wrong types for id, method, result and error; extra fields; `__proto__`,
 * `constructor` and `prototype` keys; huge numbers; nesting a few hundred levels deep; batches,
 * empty ones included; answers to unknown and duplicate ids; progress with bad params;
 * notifications of the wrong shape), mutated copies of the official example messages, and lines
 * of bytes that are not JSON at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { arr, num, obj, treeOf, type JsonTree } from './json-text.js';
import type { Mutation } from './mutate.js';
import { mutate } from './mutate.js';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'fixtures', 'spec-examples', '2026-07-28');

/** Every official 2026-07-28 example message, as trees. */
export const EXAMPLES: readonly JsonTree[] = readdirSync(EXAMPLES_DIR).flatMap((type) =>
  readdirSync(join(EXAMPLES_DIR, type))
    .filter((file) => file.endsWith('.json'))
    .map((file) => treeOf(JSON.parse(readFileSync(join(EXAMPLES_DIR, type, file), 'utf8')) as unknown)),
);

/** Keys that reach JavaScript's object machinery when code is careless. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'then', 'valueOf'] as const;

/** Methods a server may send, plus near misses. */
const METHODS = [
  'notifications/progress',
  'notifications/message',
  'notifications/cancelled',
  'notifications/tools/list_changed',
  'notifications/resources/updated',
  'notifications/resources/list_changed',
  'notifications/prompts/list_changed',
  'ping',
  'roots/list',
  'sampling/createMessage',
  'elicitation/create',
  'tools/call',
  'notifications/',
  '',
  '__proto__',
  'constructor',
] as const;

const key: fc.Arbitrary<string> = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE_KEYS));

const hugeNumber: fc.Arbitrary<JsonTree> = fc.constantFrom('1e400', '-1e400', '-0', '123456789012345678901234567890', '9007199254740993', '1e-400', '0.1e1', '5e-324').map(num);

const number: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.integer().map(num),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(num),
  hugeNumber,
);

const leaf: fc.Arbitrary<JsonTree> = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), number);

/** Arbitrary JSON, a few levels deep, with hostile keys. */
export const anyJson: fc.Arbitrary<JsonTree> = fc.letrec<{ tree: JsonTree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 4 }).map((items) => arr(...items)),
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 4 }).map((entries) => obj(...entries)),
  ),
})).tree;

/** A value nested `depth` levels in arrays or objects. */
const deep: fc.Arbitrary<JsonTree> = fc.record({ depth: fc.integer({ min: 100, max: 400 }), inObject: fc.boolean(), core: leaf }).map(({ depth, inObject, core }) => {
  let tree = core;
  for (let i = 0; i < depth; i++) tree = inObject ? obj(['content', tree]) : arr(tree);
  return tree;
});

/** An id: one in flight (as sent, or as a string), an unknown one, or not an id at all. */
const id: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: fc.record({ index: fc.nat(7), asString: fc.boolean() }).map(({ index, asString }): JsonTree => ({ k: 'id', index, asString })), weight: 5 },
  { arbitrary: fc.integer({ min: 100_000, max: 2 ** 40 }).map(num), weight: 1 },
  { arbitrary: fc.oneof(fc.constant(null), fc.boolean(), hugeNumber, fc.double({ noNaN: true, noDefaultInfinity: true }).map(num), fc.constant(arr()), fc.constant(obj(['__proto__', num(1)]))), weight: 2 },
);

/** A result: valid for some request, empty, junk, deep, or carrying hostile keys. */
const result: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.string({ maxLength: 6 }).map((text) => obj(['content', arr(obj(['type', 'text'], ['text', text]))])),
  fc.constant(obj()),
  fc.constant(obj(['tools', arr(obj(['name', 'echo'], ['inputSchema', obj(['type', 'object'])]))])),
  fc.constant(obj(['content', arr(obj(['type', 'text'], ['text', 'x']))], ['__proto__', obj(['polluted', true])])),
  fc.constant(obj(['__proto__', obj(['polluted', true])], ['constructor', obj(['prototype', obj(['polluted', true])])])),
  anyJson,
  deep,
);

const errorObject: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.record({ code: fc.oneof(fc.integer({ min: -32800, max: -32000 }).map(num), number, fc.string({ maxLength: 4 })), message: fc.oneof(fc.string({ maxLength: 10 }), number, fc.constant(null)), data: fc.option(anyJson) }).map(
    ({ code, message, data }) => obj(['code', code], ['message', message], ...(data === null ? [] : [['data', data] as const])),
  ),
  anyJson,
);

const extras: fc.Arbitrary<(readonly [string, JsonTree])[]> = fc.array(fc.tuple(key, anyJson), { maxLength: 2 });

const jsonrpc: fc.Arbitrary<JsonTree> = fc.oneof({ arbitrary: fc.constant('2.0'), weight: 6 }, { arbitrary: fc.constantFrom<JsonTree>('1.0', null, num(2)), weight: 1 });

const response: fc.Arbitrary<JsonTree> = fc
  .record({ jsonrpc, id, body: fc.oneof(result.map((value) => [['result', value] as const]), errorObject.map((value) => [['error', value] as const]), fc.tuple(result, errorObject).map(([r, e]) => [['result', r] as const, ['error', e] as const])), extras })
  .map(({ jsonrpc: version, id: value, body, extras: more }) => obj(['jsonrpc', version], ['id', value], ...body, ...more));

const progressParams: fc.Arbitrary<JsonTree> = fc
  .record({ token: id, progress: fc.oneof(number, fc.string({ maxLength: 3 }), fc.constant(null)), total: fc.option(fc.oneof(number, fc.string({ maxLength: 3 }))), message: fc.option(anyJson) })
  .map(({ token, progress, total, message }) =>
    obj(['progressToken', token], ['progress', progress], ...(total === null ? [] : [['total', total] as const]), ...(message === null ? [] : [['message', message] as const])),
  );

const notification: fc.Arbitrary<JsonTree> = fc
  .record({ jsonrpc, method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 8 }), number, fc.constant(null)), params: fc.oneof(progressParams, anyJson, deep), extras })
  .map(({ jsonrpc: version, method, params, extras: more }) => obj(['jsonrpc', version], ['method', method], ['params', params], ...more));

const serverRequest: fc.Arbitrary<JsonTree> = fc
  .record({ jsonrpc, id: fc.oneof(fc.integer({ min: 1, max: 50 }).map(num), fc.string({ maxLength: 4 }), id), method: fc.constantFrom(...METHODS), params: fc.oneof(anyJson, deep), extras })
  .map(({ jsonrpc: version, id: value, method, params, extras: more }) => obj(['jsonrpc', version], ['id', value], ['method', method], ['params', params], ...more));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(anyJson, id, hugeNumber) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key, value: anyJson }),
);

/** An official example, as it is or wrapped as a response to a request in flight, then mutated. */
const mutatedExample: fc.Arbitrary<JsonTree> = fc
  .record({ index: fc.nat(EXAMPLES.length - 1), wrap: fc.constantFrom('none', 'result', 'params'), responseId: id, mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) })
  .map(({ index, wrap, responseId, mutations }) => {
    const example = EXAMPLES[index]!;
    const message =
      wrap === 'result'
        ? obj(['jsonrpc', '2.0'], ['id', responseId], ['result', example])
        : wrap === 'params'
          ? obj(['jsonrpc', '2.0'], ['method', 'notifications/progress'], ['params', example])
          : example;
    return mutate(message, mutations);
  });

/** One JSON-RPC-ish message (not a batch). */
const single: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: response, weight: 4 },
  { arbitrary: notification, weight: 3 },
  { arbitrary: serverRequest, weight: 1 },
  { arbitrary: mutatedExample, weight: 3 },
  { arbitrary: anyJson, weight: 2 },
);

/** A batch: empty, or up to five messages, possibly answering the same id twice. */
const batch: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.constant(arr()),
  fc.array(single, { minLength: 1, maxLength: 5 }).map((items) => arr(...items)),
  response.map((message) => arr(message, message)),
);

/** One hostile inbound message. */
export const hostileMessage: fc.Arbitrary<JsonTree> = fc.oneof({ arbitrary: single, weight: 8 }, { arbitrary: batch, weight: 2 });

/**
 * One line for a pipe that is not valid JSON: random text, random bytes, a message cut short, a
 * message with a byte flipped, a BOM, NULs, a CR.
 */
export function invalidLine(renderMessage: (tree: JsonTree) => string): fc.Arbitrary<Uint8Array> {
  const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }).map((value) => text(value.replace(/\n/g, ''))),
    fc.uint8Array({ maxLength: 40 }).map((bytes) => bytes.filter((byte) => byte !== 0x0a)),
    fc.tuple(hostileMessage, fc.nat()).map(([tree, cut]) => {
      const whole = renderMessage(tree);
      return text(whole.slice(0, whole.length <= 1 ? 0 : cut % (whole.length - 1)));
    }),
    fc.tuple(response, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([tree, at, flip]) => {
      const bytes = text(renderMessage(tree));
      const index = at % bytes.length;
      bytes[index] = bytes[index]! ^ flip;
      return bytes.filter((byte) => byte !== 0x0a);
    }),
    fc.constantFrom('\uFEFF{"jsonrpc":"2.0","method":"ping"', '\u0000\u0000', '{"jsonrpc":"2.0","id":1,"result":{}}}', '}{', '{"a":1}\r', 'null null', '[', '"unterminated').map(text),
  );
}
