/**
 * The categories the `instructions` part splits a process's instructions into, by the name of the
 * function that executed them (cachegrind's demangled symbol). Only a name is known, so these are
 * heuristics over V8's and Node's C++ namespaces and class names; the first rule that matches wins.
 */

/** The categories, in table order (`rest` is whatever no rule claims). */
export const INSTRUCTION_CATEGORIES = ['compiler', 'gc', 'json', 'builtins', 'jit', 'rest'] as const;
/** One of {@link INSTRUCTION_CATEGORIES}. */
export type InstructionCategory = (typeof INSTRUCTION_CATEGORIES)[number];

/** The column heading of each category. */
export const CATEGORY_LABELS: Readonly<Record<InstructionCategory, string>> = {
  compiler: 'opt. compiler',
  gc: 'GC',
  json: 'JSON',
  builtins: 'builtins',
  jit: 'JIT code',
  rest: 'rest',
};

/** What each category holds, for the table's header. */
export const CATEGORY_NOTES: Readonly<Record<InstructionCategory, string>> = {
  compiler: "V8's optimizing compilers (TurboFan, `v8::internal::compiler::`; turboshaft, maglev), on any thread",
  gc: 'the garbage collector (Heap::, Scavenger, MarkCompact, Sweeper, concurrent and incremental marking, evacuation, remembered sets)',
  json: "V8's JSON.parse and JSON.stringify (JsonParser, JsonStringifier)",
  builtins: "V8's builtins (`Builtins_*`: inline caches, interpreter handlers, baseline stubs, Promise and object machinery)",
  jit: 'code V8 generated at run time (no symbol: `???`): baseline (Sparkplug) and optimized (TurboFan) code of the JavaScript',
  rest: 'everything else: the interpreter and runtime in C++, property lookup and maps, Node, libuv, libc',
};

/** V8's JSON code. */
const JSON_PATTERN = /Json(Parser|Stringifier)|Builtin_Json/;
/** V8's garbage collector, by its classes (checked after the compiler, JSON and builtins). */
const GC_PATTERN =
  /\bHeap::|\bheap::base::|\bcppgc::|Scaveng|MarkCompact|Sweep|Marking|Marker|Evacuat|RememberedSet|SlotSet|TypedSlot|MemoryReducer|GCTracer|GarbageCollect|PagedSpace|SemiSpace|NewSpace|LargeObjectSpace|MemoryAllocator|MemoryChunk|Compactor|Worklist|ObjectStats|IterateObjectCache/;
/** Methods of `Heap` that the running JavaScript calls (trimming, fillers, allocation): not collection. */
const MUTATOR_HEAP_PATTERN = /\bHeap::(NotifyObject|CreateFiller|RightTrim|LeftTrim|AllocateRaw)/;

/**
 * The name without its parameter list (`(anonymous namespace)` kept), so that a parameter's type
 * (`Handle<HeapObject>`) does not decide the category of the function that takes it.
 */
function qualifiedName(symbol: string): string {
  const name = symbol.replaceAll('(anonymous namespace)', '{anonymous}');
  const paren = name.indexOf('(');
  return paren === -1 ? name : name.slice(0, paren);
}

/** The category of the instructions of the function named `symbol`. */
export function categoryOf(symbol: string): InstructionCategory {
  if (symbol.startsWith('???')) return 'jit';
  const name = qualifiedName(symbol);
  if (name.includes('v8::internal::compiler::') || /turboshaft|maglev/i.test(name)) return 'compiler';
  if (JSON_PATTERN.test(name)) return 'json';
  if (name.startsWith('Builtins_')) return 'builtins';
  if (GC_PATTERN.test(name) && !MUTATOR_HEAP_PATTERN.test(name)) return 'gc';
  return 'rest';
}

/** Instructions per category of a set of per-function counts. */
export function byCategory(byFunction: ReadonlyMap<string, number>): Record<InstructionCategory, number> {
  const sums: Record<InstructionCategory, number> = { compiler: 0, gc: 0, json: 0, builtins: 0, jit: 0, rest: 0 };
  for (const [symbol, count] of byFunction) sums[categoryOf(symbol)] += count;
  return sums;
}
