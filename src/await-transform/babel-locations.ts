import type { OriginalPositions } from './original-positions.js';

// A Babel plugin that moves the locations of a freshly parsed AST from our
// output back to the module as written, before any other plugin reads them
// (its `pre` runs first when it comes first). Every place Babel derives from
// the AST then names the user's code: the generated source map, Metro's
// function map, coverage. Structural types: Babel is the app's, not ours.

interface Position {
  line: number;
  column: number;
  index?: number;
}

interface Located {
  loc?: { start?: Position; end?: Position } | null;
  start?: number | null;
  end?: number | null;
}

/** What Babel passes to a plugin's `pre`: the file, whose `ast` is the parsed File node. */
export interface BabelFileLike {
  ast: object;
}

/** A Babel plugin, as an object (Babel accepts one in place of a factory's result). */
export interface LocationPlugin {
  name: string;
  pre(this: unknown, file: BabelFileLike): void;
}

function moveAll(root: object, positions: OriginalPositions): void {
  const moved = new WeakSet<Position>();
  const movePosition = (position: Position | undefined) => {
    if (!position || moved.has(position)) return;
    moved.add(position);
    const { line, column } = positions.place(position);
    position.line = line;
    position.column = column;
    if (typeof position.index === 'number') position.index = positions.offset(position.index);
  };
  const seen = new WeakSet<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    const located = node as Located;
    if (typeof (node as { type?: unknown }).type === 'string') {
      if (located.loc) {
        movePosition(located.loc.start);
        movePosition(located.loc.end);
      }
      if (typeof located.start === 'number') located.start = positions.offset(located.start);
      if (typeof located.end === 'number') located.end = positions.offset(located.end);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || value === null || typeof value !== 'object') continue;
      stack.push(value as object);
    }
  }
}

/** The plugin that moves the AST's locations back through `positions`. */
export function locationPlugin(positions: OriginalPositions): LocationPlugin {
  return {
    name: 'taskcontext-original-locations',
    pre(file) {
      moveAll(file.ast, positions);
    },
  };
}
