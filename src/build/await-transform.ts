import { AWAIT_HOOK_KEY } from '../core/await-hook.js';
import type { InsertedText } from './source-map-shift.js';

// Rewrites the async functions of a module (plain JavaScript, already parsed)
// so that they report their suspensions to the patch layer (see
// src/core/await-hook.ts). Only insertions: every original character stays
// where it was relative to its neighbours, and no line breaks are added
// before the end, which keeps source maps simple (source-map-shift.ts).
//
//   async function f() {            async function f() {
//     try {                            const $s = $enter(); try {
//       const a = await g();   =>       try {
//     } catch (e) { … }                   const a = $s.r(await $s.s((g())));
//   }                                  } catch (e) { $s.r(); … }
//                                    } finally { $s.x(); } }

/** The ESTree node fields the transform reads. */
export interface Node {
  type: string;
  start: number;
  end: number;
  async?: boolean;
  generator?: boolean;
  expression?: boolean;
  body?: Node | Node[];
  argument?: Node;
  directive?: string;
  finalizer?: Node | null;
  [key: string]: unknown;
}

interface Insertion {
  at: number;
  text: string;
  /** Among insertions at one offset: closings before openings, inner closings first, outer openings first. */
  order: number;
}

interface AsyncFunction {
  node: Node;
  /** await expressions, catch bodies and finally blocks that belong to it (not to a nested function). */
  awaits: Node[];
  blocks: Node[];
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** Every async function that awaits, with what belongs to it. */
function collect(program: Node): AsyncFunction[] {
  const found: AsyncFunction[] = [];
  const visit = (node: Node, owner: AsyncFunction | undefined): void => {
    let inner = owner;
    if (FUNCTIONS.has(node.type)) {
      // Async generators were lowered before (their `yield` suspends too).
      inner = node.async && !node.generator ? { node, awaits: [], blocks: [] } : undefined;
    } else if (owner) {
      if (node.type === 'AwaitExpression') owner.awaits.push(node);
      else if (node.type === 'CatchClause') owner.blocks.push(node.body as Node);
      else if (node.type === 'TryStatement' && node.finalizer) owner.blocks.push(node.finalizer);
    }
    for (const key in node) {
      const child = node[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item, inner);
      } else if (isNode(child) && key !== 'type') {
        visit(child, inner);
      }
    }
    if (inner && inner !== owner && inner.awaits.length > 0) found.push(inner);
  };
  visit(program, undefined);
  return found;
}

/** A name that does not occur in `code`. */
function freshName(code: string, base: string): string {
  let name = base;
  for (let i = 2; code.includes(name); i++) name = `${base}${i}`;
  return name;
}

/** Where the body of a block starts, past its `{` and any directive prologue. */
function blockStart(block: Node): number {
  let at = block.start + 1;
  for (const statement of (block.body as Node[]) ?? []) {
    if (typeof statement.directive !== 'string') break;
    at = statement.end;
  }
  return at;
}

/** The rewritten code, and where text went in (for the source map). */
export interface Rewritten {
  code: string;
  insertions: InsertedText[];
}

/**
 * `code` with its async functions rewritten, or undefined when none awaits.
 * `program` is its ESTree AST, with `start`/`end` offsets.
 */
export function transformAwaits(code: string, program: Node): Rewritten | undefined {
  const functions = collect(program);
  if (functions.length === 0) return undefined;
  const enter = freshName(code, '__taskcontextAwait');
  const scope = freshName(code, '__tcScope');
  const insertions: Insertion[] = [];
  const add = (at: number, text: string, order: number): void => void insertions.push({ at, text, order });

  for (const fn of functions) {
    const body = fn.node.body as Node;
    const prologue = `const ${scope} = ${enter}(); try {`;
    const epilogue = `} finally { ${scope}.x(); }`;
    if (fn.node.expression) {
      // `async (x) => expr`: a block body returning expr (its parentheses, if any, stay around it).
      const arrow = code.lastIndexOf('=>', body.start);
      add(arrow + 2, ` { ${prologue} return `, 1);
      add(fn.node.end, `; ${epilogue} }`, -1);
    } else {
      add(blockStart(body), ` ${prologue}`, 1);
      add(body.end - 1, `${epilogue} `, -1);
    }
    for (const block of fn.blocks) add(blockStart(block), ` ${scope}.r();`, 1);
    for (const node of fn.awaits) {
      const argument = node.argument as Node;
      // At one offset, an enclosing await (it starts earlier) opens first and
      // closes last; within one await, the s( call closes before the r( one.
      const rank = node.start * 2e-10;
      add(node.start, `${scope}.r(`, 2 + rank);
      // A sequence (`await (a, b)`) must stay one argument.
      const paren = argument.type === 'SequenceExpression' ? '(' : '';
      add(argument.start, `${scope}.s(${paren}`, 2 + rank);
      add(argument.end, `${paren && ')'})`, -2 - rank - 1e-10);
      add(node.end, ')', -2 - rank);
    }
  }

  insertions.sort((a, b) => a.at - b.at || a.order - b.order);
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let line = 0;
  let out = '';
  let from = 0;
  const inserted: InsertedText[] = [];
  for (const { at, text } of insertions) {
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= at) line++;
    inserted.push({ line, column: at - lineStarts[line]!, length: text.length });
    out += code.slice(from, at) + text;
    from = at;
  }
  // Last, so that nothing before moves to another line. A function
  // declaration: hoisted, it is there even for a call made before the module
  // body ran (an import cycle). The hook is looked up at each call: the patch
  // layer may be installed after this module loaded.
  const helper =
    `\nfunction ${enter}() { const f = ${enter}, hook = globalThis[f.k ||= Symbol.for(${JSON.stringify(AWAIT_HOOK_KEY)})]; ` +
    `return hook ? hook() : (f.n ||= { s: (v) => v, r: (v) => v, x() {} }); }\n`;
  return { code: out + code.slice(from) + helper, insertions: inserted };
}
