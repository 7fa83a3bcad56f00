// A dedicated worker: no window, no document. The UMD bundle from importScripts.
importScripts('/dist/taskcontext.umd.min.js');
TaskContext.install();
const v = new TaskContext.Variable({ defaultValue: 'empty' });
const seen = {};
const channel = new MessageChannel();
const done = Promise.all([
  v.run('A', () =>
    Promise.all([
      Promise.resolve().then(() => (seen.then = v.get())),
      new Promise((r) => setTimeout(() => r((seen.timeout = v.get())), 1)),
      new Promise((r) => queueMicrotask(() => r((seen.microtask = v.get())))),
      new Promise((r) => {
        channel.port2.onmessage = () => r((seen.message = v.get()));
        channel.port1.postMessage('x');
      }),
    ]),
  ),
  v.run('B', () => Promise.resolve().then(() => (seen.thenB = v.get()))),
]);
done.then(() =>
  setTimeout(() =>
    postMessage({ backend: TaskContext.backend(), hasWindow: typeof window !== 'undefined', seen, outside: v.get() }),
  ),
);
