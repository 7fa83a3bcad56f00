// Walks an ESTree AST (oxc-parser's) and gathers, for each function and for
// the module body, the places where its code suspends and resumes: what the
// scope calls are inserted around (insert-scopes.ts).

/** The ESTree node fields the transform reads. */
export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export type OwnerKind = 'module' | 'plain' | 'async' | 'generator' | 'async-generator';

/** A function (or the module body) and what belongs to it, not to a function nested in it. */
export interface Owner {
  node: Node;
  kind: OwnerKind;
  awaits: Node[];
  yields: Node[];
  /** `for await` statements, each with the statement that holds it (past its labels) and that one's parent. */
  forAwaits: { loop: Node; statement: Node; parent: Node | undefined }[];
  /** `return x` of an async generator: the engine awaits x. */
  returns: Node[];
  /** Bodies of catch clauses and finally blocks: they start after a resumption. */
  handlers: Node[];
  /** A construct the scope cannot bracket (`await using`), if any. */
  unsupported: Node | undefined;
  /** Whether the body reads `arguments`. */
  readsArguments: boolean;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
// Class members evaluated apart from the code around them (no await allowed there).
const BOUNDARIES = new Set(['StaticBlock', 'PropertyDefinition', 'AccessorProperty']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

function kindOf(fn: Node): OwnerKind {
  if (fn.async) return fn.generator ? 'async-generator' : 'async';
  return fn.generator ? 'generator' : 'plain';
}

function newOwner(node: Node, kind: OwnerKind): Owner {
  return { node, kind, awaits: [], yields: [], forAwaits: [], returns: [], handlers: [], unsupported: undefined, readsArguments: false };
}

/** Every function, inner ones before outer ones, then the module body. */
export function findSuspensions(program: Node): Owner[] {
  const owners: Owner[] = [];
  // The nodes enclosing the one visited, outermost first.
  const ancestors: Node[] = [];
  const visit = (node: Node, owner: Owner): void => {
    let inner = owner;
    if (FUNCTIONS.has(node.type)) inner = newOwner(node, kindOf(node));
    else if (BOUNDARIES.has(node.type)) inner = newOwner(node, 'plain');
    else record(node, owner, ancestors);
    ancestors.push(node);
    for (const key in node) {
      if (key === 'type') continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item, inner);
      } else if (isNode(child)) {
        visit(child, inner);
      }
    }
    ancestors.pop();
    if (inner !== owner) owners.push(inner);
  };
  const module = newOwner(program, 'module');
  visit(program, module);
  return [...owners, module];
}

function record(node: Node, owner: Owner, ancestors: readonly Node[]): void {
  switch (node.type) {
    case 'AwaitExpression':
      owner.awaits.push(node);
      break;
    case 'YieldExpression':
      owner.yields.push(node);
      break;
    case 'ForOfStatement':
      if (node.await) {
        // Labels belong to the loop: what follows the loop follows them.
        let statement = node;
        let up = ancestors.length - 1;
        while (ancestors[up]?.type === 'LabeledStatement') statement = ancestors[up--]!;
        owner.forAwaits.push({ loop: node, statement, parent: ancestors[up] });
      }
      break;
    case 'ReturnStatement':
      if (owner.kind === 'async-generator' && node.argument) owner.returns.push(node.argument as Node);
      break;
    case 'CatchClause':
      owner.handlers.push(node.body as Node);
      break;
    case 'TryStatement':
      if (node.finalizer) owner.handlers.push(node.finalizer as Node);
      break;
    case 'VariableDeclaration':
      if (node.kind === 'await using') owner.unsupported ??= node;
      break;
    case 'Identifier':
      if (node.name === 'arguments') owner.readsArguments = true;
      break;
  }
}
