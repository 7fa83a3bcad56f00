// The small app every bundler builds (e2e/apps/build.ts): two buttons; a
// click sets its value, awaits fetch (the e2e server), awaits a timer,
// iterates an async generator, reads the value and starts a child span.
import { Variable, install } from 'taskcontext';

install();

const clickValue = new Variable({ name: 'click', defaultValue: 'empty' });
const activeSpan = new Variable({ name: 'span', defaultValue: undefined });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A span as a tracer would start it: under whatever span is active now. */
function startSpan(name) {
  return { name, parent: activeSpan.get()?.name ?? null };
}

async function* pages(count, ms) {
  for (let page = 0; page < count; page++) {
    await sleep(ms);
    yield clickValue.get();
  }
}

async function handle(value, ms) {
  const response = await fetch(`/api/echo?value=${value}&delay=${ms}`);
  const { echo } = await response.json();
  const afterFetch = clickValue.get();
  await sleep(ms);
  const afterTimer = clickValue.get();
  const inLoop = [];
  for await (const fromGenerator of pages(2, ms)) inLoop.push(fromGenerator, clickValue.get());
  const child = startSpan(`load-${echo}`);
  return { afterFetch, afterTimer, inLoop, final: clickValue.get(), child };
}

window.results = {};
for (const button of document.querySelectorAll('button[data-value]')) {
  const { value, ms } = button.dataset;
  button.addEventListener('click', () =>
    clickValue.run(value, () =>
      activeSpan.run(startSpan(`click-${value}`), async () => {
        window.results[value] = await handle(value, Number(ms));
      }),
    ),
  );
}
