/**
 * Mutations of a JSON tree (the fuzzer's near-valid messages and the official examples): replace
 * a node, delete an object entry, or add one, each at a node chosen by its index in document
 * order, so a mutation is plain data that fast-check can generate and shrink.
 */
import type { JsonTree } from './json-text.js';

/** One mutation. `at` picks a node (modulo the number of nodes). */
export type Mutation =
  | { readonly op: 'replace'; readonly at: number; readonly value: JsonTree }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'add'; readonly at: number; readonly key: string; readonly value: JsonTree };

/** Applies the mutations in order. */
export function mutate(tree: JsonTree, mutations: readonly Mutation[]): JsonTree {
  return mutations.reduce(applyOne, tree);
}

function applyOne(tree: JsonTree, mutation: Mutation): JsonTree {
  const count = countNodes(tree);
  const target = mutation.at % count;
  let index = -1;
  const visit = (node: JsonTree): JsonTree => {
    index++;
    if (index === target) return change(node, mutation);
    if (node === null || typeof node !== 'object') return node;
    if (node.k === 'arr') return { k: 'arr', items: node.items.map(visit) };
    if (node.k === 'obj') return { k: 'obj', entries: node.entries.map(([key, value]) => [key, visit(value)] as const) };
    return node;
  };
  return visit(tree);
}

function change(node: JsonTree, mutation: Mutation): JsonTree {
  if (mutation.op === 'replace') return mutation.value;
  if (node === null || typeof node !== 'object' || node.k !== 'obj') return mutation.op === 'add' ? mutation.value : null;
  if (mutation.op === 'delete') return { k: 'obj', entries: node.entries.slice(1) };
  return { k: 'obj', entries: [...node.entries, [mutation.key, mutation.value] as const] };
}

function countNodes(tree: JsonTree): number {
  let count = 0;
  const stack: JsonTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    count++;
    if (node === null || typeof node !== 'object') continue;
    if (node.k === 'arr') stack.push(...node.items);
    else if (node.k === 'obj') for (const [, value] of node.entries) stack.push(value);
  }
  return count;
}
