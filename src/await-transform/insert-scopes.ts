import { AWAIT_HOOK_KEY, GENERATOR_SCOPE } from '../core/await-hook.js';
import type { Node, Owner } from './find-suspensions.js';

// Inserts the scope calls of src/core/await-hook.ts, and only inserts: every
// character of the input stays, in order, and magic-string writes the map.
//
//   async function f() {            async function f() { const $s = $enter(); try {
//     try {                            try {
//       const a = await g();   =>        const a = $s.r(await $s.s(g()));
//     } catch (e) { … }                } catch (e) { $s.r(); … }
//   }                                } finally { $s.x(); } }
//
//   function* g(a) { yield a; }  =>  function* g(a, ...{ $s = $enter(1) }) { try { $s.r(); $s.r(yield $s.s(a)); } finally { $s.x(); } }
//
// A generator's parameters are evaluated when the generator object is
// created: the rest pattern (never given a `$s` property: an array has none)
// captures that frame without changing `length` or what the arguments bind.

/** A construct left as written, and why. */
export interface Skipped {
  at: number;
  reason: string;
}

/** The three insertions magic-string offers that are used here (see its docs for the side each one sticks to). */
export interface Inserter {
  appendLeft(at: number, text: string): unknown;
  prependRight(at: number, text: string): unknown;
  append(text: string): unknown;
}

export interface Names {
  enter: string;
  scope: string;
}

/** A name that does not occur in `code`. */
function freshName(code: string, base: string): string {
  let name = base;
  for (let i = 2; code.includes(name); i++) name = `${base}${i}`;
  return name;
}

export function freshNames(code: string): Names {
  return { enter: freshName(code, '__taskcontextAwait'), scope: freshName(code, '__tcScope') };
}

/** Where the body of a block (or program) starts, past its `{` and any directive prologue. */
function afterDirectives(block: Node, open: number): number {
  let at = open;
  for (const statement of (block.body as Node[] | undefined) ?? []) {
    if (typeof statement.directive !== 'string') break;
    at = statement.end;
  }
  return at;
}

function hasDirective(block: Node, directive: string): boolean {
  for (const statement of (block.body as Node[] | undefined) ?? []) {
    if (typeof statement.directive !== 'string') return false;
    if (statement.directive === directive) return true;
  }
  return false;
}

/** The offset of the first `char` at or after `from` outside comments, if only spaces and comments come before it; else -1. */
function nextToken(code: string, from: number, char: string): number {
  for (let i = from; i < code.length; i++) {
    if (code.startsWith('//', i)) i = code.indexOf('\n', i);
    else if (code.startsWith('/*', i)) i = code.indexOf('*/', i) + 1;
    else if (code[i] === char) return i;
    else if (!/\s/.test(code[i]!)) return -1;
    if (i < 0) break;
  }
  return -1;
}

/** The offset just past the `(` that opens `fn`'s parameters, skipping comments. */
function paramsOpen(code: string, fn: Node): number {
  let at = ((fn.typeParameters as Node | null | undefined) ?? (fn.id as Node | null | undefined))?.end ?? fn.start;
  // From the start of a declaration or expression: past `async`, `function` and `*`.
  while (at < code.length && code[at] !== '(') {
    if (code.startsWith('//', at)) at = code.indexOf('\n', at);
    else if (code.startsWith('/*', at)) at = code.indexOf('*/', at) + 1;
    at++;
  }
  return at + 1;
}

/** Text that starts with an identifier character needs a space after a keyword (`yield/re/`, `await(x)` stay as they are). */
function spaced(code: string, at: number, text: string): string {
  return /[\w$]/.test(code[at - 1] ?? '') ? ` ${text}` : text;
}

/** Why a generator's creation frame cannot be captured, if it cannot. */
function generatorProblem(owner: Owner, strict: boolean): string | undefined {
  const fn = owner.node;
  const params = fn.params as Node[];
  if (params.at(-1)?.type === 'RestElement') return 'a generator with a rest parameter';
  // Both need simple parameter lists, which the capture would end.
  if (hasDirective(fn.body as Node, 'use strict')) return "a generator with its own 'use strict'";
  if (!strict && owner.readsArguments) return 'a sloppy-mode generator that reads `arguments`';
  return undefined;
}

/** An await, a yield, or an async generator's `return x`: the operand is handed over at the suspension. */
function bracket(s: Inserter, code: string, scope: string, node: Node, operand: Node | null | undefined): void {
  s.prependRight(node.start, spaced(code, node.start, `${scope}.r(`));
  if (operand) {
    // A sequence must stay one argument.
    const paren = operand.type === 'SequenceExpression' ? '(' : '';
    s.prependRight(operand.start, spaced(code, operand.start, `${scope}.s(${paren}`));
    s.appendLeft(operand.end, `${paren && ')'})`);
  } else {
    s.appendLeft(node.end, ` ${scope}.s()`);
  }
  s.appendLeft(node.end, ')');
}

/**
 * Inserts the scope calls for `owners` (from findSuspensions) into `s`.
 * Returns what it left as written; `edited` is false when nothing needed a scope.
 */
export function insertScopes(
  s: Inserter,
  code: string,
  owners: readonly Owner[],
  names: Names,
  strict: boolean,
): { edited: boolean; skipped: Skipped[] } {
  const { enter, scope } = names;
  const skipped: Skipped[] = [];
  let edited = false;
  for (const owner of owners) {
    const { kind, node } = owner;
    const generator = kind === 'generator' || kind === 'async-generator';
    const suspends = owner.awaits.length + owner.forAwaits.length > 0;
    if (kind === 'plain' || (!generator && !suspends)) continue;
    if (owner.unsupported) {
      skipped.push({ at: owner.unsupported.start, reason: '`await using` (its disposal awaits where no call can be placed)' });
      continue;
    }
    const problem = generator ? generatorProblem(owner, strict) : undefined;
    if (problem !== undefined) {
      skipped.push({ at: node.start, reason: problem });
      continue;
    }
    edited = true;
    // At a shared offset, text for an inner node must close before and open
    // after text for an outer one: appendLeft keeps call order, prependRight
    // reverses it, so inner nodes go first (shorter first; owners come inner
    // first too), and each owner's prologue last.
    const edits: { node: Node; rank: number; apply: () => void }[] = [];
    for (const body of owner.handlers) edits.push({ node: body, rank: 0, apply: () => s.appendLeft(body.start + 1, ` ${scope}.r();`) });
    for (const await_ of owner.awaits) edits.push({ node: await_, rank: 0, apply: () => bracket(s, code, scope, await_, await_.argument as Node) });
    for (const yield_ of owner.yields) edits.push({ node: yield_, rank: 0, apply: () => bracket(s, code, scope, yield_, yield_.argument as Node | null) });
    for (const argument of owner.returns) {
      edits.push({
        node: argument,
        rank: 1,
        apply: () => {
          s.prependRight(argument.start, spaced(code, argument.start, `${scope}.s(`));
          s.appendLeft(argument.end, ')');
        },
      });
    }
    for (const forAwait of owner.forAwaits) edits.push({ node: forAwait.loop, rank: 2, apply: () => bracketForAwait(s, code, scope, forAwait) });
    edits.sort((a, b) => a.node.end - a.node.start - (b.node.end - b.node.start) || a.rank - b.rank);
    for (const edit of edits) edit.apply();
    insertPrologue(s, code, owner, enter, scope);
  }
  if (edited) s.append(hookLookup(enter));
  return { edited, skipped };
}

/**
 * The iterator is asked for each value after `s`; each run of the body starts
 * with `r`, and so does the code after the loop.
 */
function bracketForAwait(s: Inserter, code: string, scope: string, { loop, statement, parent }: Owner['forAwaits'][number]): void {
  const iterable = loop.right as Node;
  s.prependRight(iterable.start, spaced(code, iterable.start, `${scope}.s(`));
  s.appendLeft(iterable.end, ')');
  const body = loop.body as Node;
  s.prependRight(body.start, `{ ${scope}.r(); try { `);
  s.appendLeft(body.end, ` } finally { ${scope}.s(); } }`);
  const inList = parent === undefined || ['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase'].includes(parent.type);
  if (!inList) s.prependRight(statement.start, '{ ');
  s.appendLeft(statement.end, ` ${scope}.r();${inList ? '' : ' }'}`);
}

function insertPrologue(s: Inserter, code: string, owner: Owner, enter: string, scope: string): void {
  const { kind, node } = owner;
  if (kind === 'module') {
    // Top-level await: no try around the module (exports cannot move into it).
    const first = (node.body as Node[]).find((statement) => typeof statement.directive !== 'string');
    s.prependRight(first ? first.start : afterDirectives(node, node.start), `const ${scope} = ${enter}(); `);
    s.append(`\n;${scope}.x();`);
    return;
  }
  const body = node.body as Node;
  if (kind === 'async') {
    if (node.expression) {
      // `async (x) => expr`: a block body that returns expr.
      s.prependRight(body.start, `{ const ${scope} = ${enter}(); try { return `);
      s.appendLeft(body.end, `; } finally { ${scope}.x(); } }`);
    } else {
      s.appendLeft(afterDirectives(body, body.start + 1), ` const ${scope} = ${enter}(); try {`);
      s.prependRight(body.end - 1, `} finally { ${scope}.x(); } `);
    }
    return;
  }
  const params = node.params as Node[];
  const capture = `...{ ${scope} = ${enter}(${GENERATOR_SCOPE}) }`;
  const last = params.at(-1);
  if (last) {
    // After a trailing comma, if there is one: a rest parameter must be last.
    const comma = nextToken(code, last.end, ',');
    if (comma >= 0) s.appendLeft(comma + 1, ` ${capture}`);
    else s.appendLeft(last.end, `, ${capture}`);
  } else s.appendLeft(paramsOpen(code, node), capture);
  // The body starts in the frame of the generator's creation.
  s.appendLeft(afterDirectives(body, body.start + 1), ` try { ${scope}.r();`);
  s.prependRight(body.end - 1, `} finally { ${scope}.x(); } `);
}

/**
 * Last, so that nothing before moves to another line. A function
 * declaration: hoisted, it is there even for a call made before the module
 * body ran (an import cycle). The hook is looked up at each call: the patch
 * layer may be installed after this module loaded. The function keeps the
 * hook's registered symbol and, for when no hook is there, a scope that does
 * nothing, as its own properties `symbol` and `idle` (made on first use).
 */
function hookLookup(enter: string): string {
  return (
    `\nfunction ${enter}(kind) { const own = ${enter}, hook = globalThis[own.symbol ||= Symbol.for(${JSON.stringify(AWAIT_HOOK_KEY)})]; ` +
    `return hook ? hook(kind) : (own.idle ||= { s: (value) => value, r: (value) => value, x() {} }); }\n`
  );
}
