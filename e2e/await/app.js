// The await scenarios, as a browser app would write them. Built twice by
// build.ts: once with the taskcontext/rollup plugin, once without.
import { AsyncLocalStorage, Context, Variable, install } from 'taskcontext';
import { warnOnLostAwait } from 'taskcontext/dev';

install();

const variable = new Variable({ defaultValue: 'empty' });
const context = new Context();
const storage = new AsyncLocalStorage({ defaultValue: 'empty' });

/** What each API sees now: the three must agree. */
function seen() {
  return [variable.get(), context.get('id', 'empty'), storage.getStore()].join('/');
}

/** Runs `body` in a task where all three APIs hold `id`. */
function inTask(id, body) {
  return variable.run(id, () => storage.run(id, () => context.run({ id }, body)));
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

class Base {
  async describe() {
    await tick();
    return seen();
  }
}

class Derived extends Base {
  constructor() {
    super();
    this.label = 'derived';
  }
  async describe() {
    const fromSuper = await super.describe();
    await null;
    return `${this.label}:${arguments.length}:${fromSuper}:${seen()}`;
  }
}

async function* numbers() {
  for (let i = 0; i < 2; i++) {
    await tick();
    yield seen();
  }
}

const scenarios = {
  async 'native promise'() {
    await Promise.resolve();
    return seen();
  },
  async 'timer promise'() {
    await tick();
    return seen();
  },
  async fetch() {
    const response = await fetch('/api/echo?delay=5&value=x');
    await response.json();
    return seen();
  },
  async thenable() {
    await { then: (resolve) => setTimeout(() => resolve(1), 1) };
    return seen();
  },
  async 'rejected promise caught'() {
    try {
      await Promise.reject(new Error('no'));
    } catch {
      return seen();
    }
    return 'not reached';
  },
  async 'for await'() {
    const values = [];
    for await (const value of numbers()) values.push(value, seen());
    return values.every((v) => v === values[0]) ? values[0] : values.join(',');
  },
  async 'async generator'() {
    const iterator = numbers();
    const first = await iterator.next();
    return `${first.value}|${seen()}`;
  },
  async 'class method with super, this and arguments'() {
    return new Derived().describe('one argument');
  },
  async 'async arrow'() {
    const arrow = async () => {
      await tick();
      return seen();
    };
    return arrow();
  },
};

/** Runs every scenario in its own task; the value a scenario must see is its task id. */
async function runScenarios() {
  const results = {};
  await Promise.all(
    Object.entries(scenarios).map(([name, scenario], i) =>
      inTask(`t${i}`, async () => {
        results[name] = { expected: `t${i}`, seen: await scenario() };
      }),
    ),
  );
  return results;
}

/** 1,000 concurrent tasks awaiting timers and promises; counts mismatches and empty frames. */
async function runConcurrent() {
  let mismatches = 0;
  let empty = 0;
  let checks = 0;
  await Promise.all(
    Array.from({ length: 1000 }, (_, i) =>
      inTask(`c${i}`, async () => {
        for (let hop = 0; hop < 3; hop++) {
          await (hop % 2 ? tick() : Promise.resolve());
          const now = seen();
          checks++;
          if (now === 'empty/empty/empty') empty++;
          else if (now !== `c${i}/c${i}/c${i}`) mismatches++;
        }
      }),
    ),
  );
  return { checks, mismatches, empty };
}

/** Turns the development check on; its reports collect in `window.lostAwaits`. */
function watchLostAwaits() {
  window.lostAwaits = [];
  warnOnLostAwait((message) => window.lostAwaits.push(message));
}

window.awaitApp = { runScenarios, runConcurrent, watchLostAwaits };
