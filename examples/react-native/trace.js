// The traced flow: two tasks at once, each with its own value of one
// Variable, each awaiting every kind of await an app writes. After each
// await the task records whether it still sees its own value.
import { AsyncContext } from 'taskcontext';

const task = new AsyncContext.Variable({ name: 'task' });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Store {
  async load(name, ms) {
    await sleep(ms);
    return task.get() === name;
  }
}

async function* ticks(name, ms, check) {
  for (let i = 0; i < 2; i++) {
    await sleep(ms);
    check(`async-generator-${i}`);
    yield i;
  }
}

async function flow(name, ms, seen) {
  const check = (step) => {
    const value = task.get();
    seen.push(`${name} ${step}: ${value === name ? 'kept' : `lost (${String(value)})`}`);
  };
  await sleep(ms);
  check('await-promise');
  await { then: (resolve) => setTimeout(() => resolve(1), ms) };
  check('await-thenable');
  for await (const i of ticks(name, ms, check)) check(`for-await-body-${i}`);
  check('after-for-await');
  try {
    await sleep(ms);
    check('try');
  } finally {
    await sleep(ms);
    check('finally');
  }
  const arrow = async () => {
    await sleep(ms);
    check('async-arrow-body');
  };
  await arrow();
  check('after-async-arrow');
  const kept = await new Store().load(name, ms);
  seen.push(`${name} class-method-body: ${kept ? 'kept' : 'lost'}`);
  check('after-class-method');
}

/** Runs tasks A and B interleaved; resolves with every check, sorted. */
export function runTrace() {
  const seen = [];
  return Promise.all([task.run('A', () => flow('A', 3, seen)), task.run('B', () => flow('B', 2, seen))]).then(() => seen.sort());
}
