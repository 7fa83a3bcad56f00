// Node has AsyncLocalStorage: the patch layer, as on Hermes or in a browser, is forced.
const { AsyncContext, install, backend, useBackend } = require('taskcontext'); useBackend('patch');
install();
const task = new AsyncContext.Variable();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function flow(name) {
  const seen = [];
  await sleep(2); seen.push(task.get());
  await { then: (r) => setTimeout(r, 1) }; seen.push(task.get());
  try { await sleep(1); seen.push(task.get()); } finally { await sleep(1); seen.push(task.get()); }
  return seen;
}
test('context across native await', async () => {
  expect(backend()).toBe('patch');
  const [a, b] = await Promise.all([task.run('A', () => flow('A')), task.run('B', () => flow('B'))]);
  expect([a, b]).toEqual([['A', 'A', 'A', 'A'], ['B', 'B', 'B', 'B']]);
});
test('stack traces point at the file as written', async () => {
  async function fails() { await sleep(1); throw new Error('here'); }
  const error = await fails().catch((e) => e);
  expect(error.stack).toMatch(/trace\.test\.js:19:50/);
});
