// What code built with the await transform does on the patch layer (as in a
// browser): after each await the frame of the await, generator bodies in the
// frame of their creation, `for await` loops in the loop's frame; and the
// same code left as written: the empty frame, never another task's.
import MagicString from 'magic-string';
import { parseSync } from 'oxc-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { install, uninstall, useBackend, Variable } from '../../src/index.js';
import { transformModule } from '../../src/await-transform/transform-module.js';

useBackend('patch');
install();
afterAll(() => void uninstall());

const id = new Variable<string>({ defaultValue: 'empty' });
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** Runs `source` (a module body defining `main`), built or as written; returns what `main` returns. */
function load(source: string, built: boolean): (...args: unknown[]) => Promise<unknown> {
  const code = built ? transformModule(source, '/app/scenario.js', { MagicString, parseSync })!.code : source;
  return new Function('id', 'tick', `${code}\nreturn main;`)(id, tick) as (...args: unknown[]) => Promise<unknown>;
}

/** Two tasks, 'a' and 'b', run `main` at once. */
async function twoTasks(main: (...args: unknown[]) => Promise<unknown>): Promise<unknown[]> {
  const results = await Promise.all(['a', 'b'].map((task) => id.run(task, () => main(task))));
  expect(id.get()).toBe('empty');
  return results;
}

const SCENARIOS: Record<string, { source: string; built: (task: string) => unknown; asWritten: (task: string) => unknown }> = {
  'await in an async function, a try/catch and a finally': {
    source: `
      async function main() {
        const seen = [];
        await tick(); seen.push(id.get());
        try { await Promise.reject(new Error('x')); } catch { seen.push(id.get()); } finally { await null; seen.push(id.get()); }
        return seen;
      }`,
    built: (task) => [task, task, task],
    asWritten: () => ['empty', 'empty', 'empty'],
  },
  'a generator body runs in the frame where the generator was made, its caller keeps its own': {
    source: `
      function* numbers() { yield id.get(); yield id.get(); }
      async function main(task) {
        const made = numbers();
        // next() from another task's frame: the body still sees the creator's.
        const first = id.run('other', () => [made.next().value, id.get()]);
        await tick();
        return [first, made.next().value, id.get()];
      }`,
    built: (task) => [[task, 'other'], task, task],
    asWritten: () => [['other', 'other'], 'empty', 'empty'],
  },
  'an async generator, iterated by for await in another frame': {
    source: `
      async function* rows() { for (let i = 0; i < 2; i++) { await tick(); yield id.get(); } }
      async function main(task) {
        const made = rows();
        const seen = [];
        await id.run('loop-' + task, async () => { for await (const row of made) seen.push(row, id.get()); seen.push(id.get()); });
        return seen;
      }`,
    built: (task) => [task, `loop-${task}`, task, `loop-${task}`, `loop-${task}`],
    asWritten: () => ['empty', 'empty', 'empty', 'empty', 'empty'],
  },
  'yield* delegation and return in an async generator': {
    source: `
      async function* inner() { await tick(); yield id.get(); }
      async function* outer() { yield* inner(); return await (async () => { await tick(); return id.get(); })(); }
      async function main() {
        const made = outer();
        const a = await made.next();
        const b = await made.next();
        return [a.value, b.value, id.get()];
      }`,
    built: (task) => [task, task, task],
    asWritten: () => ['empty', 'empty', 'empty'],
  },
  'break out of for await, then code after the loop': {
    source: `
      async function* forever() { for (;;) { await tick(); yield 1; } }
      async function main() {
        for await (const x of forever()) { if (x) break; }
        const after = id.get();
        await tick();
        return [after, id.get()];
      }`,
    built: (task) => [task, task],
    asWritten: () => ['empty', 'empty'],
  },
};

describe.each([true, false])('built with the transform: %s', (built) => {
  it.each(Object.entries(SCENARIOS))('%s', async (_name, scenario) => {
    const [a, b] = await twoTasks(load(scenario.source, built));
    const expected = built ? scenario.built : scenario.asWritten;
    expect(a).toEqual(expected('a'));
    expect(b).toEqual(expected('b'));
  });
});

it('a generator made outside any frame and resumed inside one runs in the empty frame; the resumer gets its frame back', () => {
  const main = load('function* g() { yield id.get(); }\nfunction main() { return g(); }', true) as unknown as () => Generator<string>;
  const made = main();
  expect(id.run('later', () => [made.next().value, id.get()])).toEqual(['empty', 'later']);
});
