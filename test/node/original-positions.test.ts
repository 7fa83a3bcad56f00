// The way back from our output to the module as written, which
// taskcontext/metro and taskcontext/jest use to move Babel's locations and
// the next transformer's source map (src/await-transform/original-positions.ts).
import { describe, expect, it } from 'vitest';
import { originalPositions } from '../../src/await-transform/original-positions.js';
import { loadTransformTools } from '../../src/await-transform/peers.js';
import { transformModule } from '../../src/await-transform/transform-module.js';

const tools = loadTransformTools('test');

describe('originalPositions', () => {
  it('every character of the input maps back from where it went in the output, on every line ending', () => {
    const input = 'export async function f(g) {\r\n  const a = await g(); // x\r\n  for await (const b of a) {\n    try { await b; } finally { await 1; }\u2028  }\n}\n';
    const result = transformModule(input, '/app/a.js', tools)!;
    const positions = originalPositions(input, result.code, result.insertions);
    // Each input character moved right by the text inserted at or before it.
    const shift = (i: number) => result.insertions.filter(({ at }) => at <= i).reduce((sum, { text }) => sum + text.length, 0);
    const lineOf = (text: string, offset: number) => {
      const before = text.slice(0, offset).split(/\r\n?|[\n\u2028\u2029]/);
      return { line: before.length, column: before.at(-1)!.length };
    };
    for (let i = 0; i < input.length; i++) {
      const out = i + shift(i);
      expect(result.code[out]).toBe(input[i]);
      expect(positions.offset(out)).toBe(i);
      expect(positions.place(lineOf(result.code, out))).toEqual(lineOf(input, i));
    }
  });

  it('a place inside inserted text maps to the character it went in before; the appended lookup to the end', () => {
    const input = 'async function f() { return await g(); }\n';
    const result = transformModule(input, '/app/a.js', tools)!;
    const positions = originalPositions(input, result.code, result.insertions);
    const scope = result.code.indexOf('__tcScope.s(');
    expect(positions.offset(scope + 3)).toBe(input.indexOf('g()'));
    const lookup = result.code.indexOf('function __taskcontextAwait');
    expect(positions.offset(lookup)).toBe(input.length);
    expect(positions.place({ line: 3, column: 5 })).toEqual({ line: 2, column: 0 });
  });

  it('with nothing inserted, every place is its own', () => {
    const positions = originalPositions('a\nb', 'a\nb', []);
    expect(positions.offset(2)).toBe(2);
    expect(positions.place({ line: 2, column: 1 })).toEqual({ line: 2, column: 1 });
  });
});
