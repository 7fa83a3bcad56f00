// The pages a browser runs: a driver that loads each scenario in an iframe of
// its own, and the scenario's page (host prelude, UMD polyfill, harness, test).

/** The host part of a test page: reports to the driver, defines $262 and print. */
function prelude(index: number): string {
  return `
var __t262Report = function (ok, reason) {
  if (__t262Report.done) return;
  __t262Report.done = true;
  parent.postMessage({ t262: ${index}, ok: ok, reason: String(reason === undefined ? '' : reason).replace(/\\s+/g, ' ').slice(0, 300) }, '*');
};
var __t262Describe = function (e) {
  return e && typeof e === 'object' && 'message' in e ? (e.constructor && e.constructor.name || 'Error') + ': ' + e.message : 'thrown ' + String(e);
};
window.onerror = function (message, source, line, column, error) {
  __t262Report(false, error !== undefined && error !== null ? __t262Describe(error) : message);
  return true;
};
window.onunhandledrejection = function (event) { __t262Report(false, 'unhandled rejection ' + __t262Describe(event.reason)); };`;
}

/** $262 once the polyfill is there: createRealm shares this agent's AsyncContext with a fresh iframe. */
const host = `
var __t262Gc = typeof gc === 'function' ? gc : function () {
  // No gc() exposed (Firefox, WebKit): pressure, now and for a few turns.
  var churn = function () { for (var i = 0; i < 40; i++) { var a = []; for (var j = 0; j < 50000; j++) a.push({ j: j }); } };
  churn();
  for (var k = 1; k <= 20; k++) setTimeout(churn, k * 100);
};
var __t262CreateRealm = function () {
  var frame = document.createElement('iframe');
  frame.style.display = 'none';
  document.documentElement.appendChild(frame);
  var global = frame.contentWindow;
  var descriptor = Object.getOwnPropertyDescriptor(window, 'AsyncContext');
  if (descriptor) Object.defineProperty(global, 'AsyncContext', descriptor);
  var realm = { global: global, evalScript: function (source) { return global.eval(source); }, createRealm: __t262CreateRealm, gc: __t262Gc, agent: {} };
  global.$262 = realm;
  return realm;
};
var $262 = { global: window, evalScript: function (source) { return (0, eval)(source); }, createRealm: __t262CreateRealm, gc: __t262Gc, agent: {} };
var print = function (message) {
  var text = String(message);
  if (text === 'Test262:AsyncTestComplete') __t262Report(true);
  else if (text.indexOf('Test262:AsyncTestFailure:') === 0) __t262Report(false, text.slice('Test262:AsyncTestFailure:'.length));
};`;

export interface PageSpec {
  index: number;
  /** The UMD polyfill's source. */
  polyfill: string;
  /** The harness files' sources, in order. */
  harness: string[];
  /** The test's code, as it runs. */
  code: string;
  async: boolean;
  module: boolean;
}

/** A script element with `source` inline: one request per page (Firefox is slow to load many). */
function inline(source: string, module = false): string {
  return `<script${module ? ' type="module"' : ''}>${source.replace(/<\/script/gi, '<\\/script')}</script>`;
}

export function testPage({ index, polyfill, harness, code, async, module }: PageSpec): string {
  // Each file a script of its own, as separate files would be: a throw stops only that one (and onerror reports it).
  const scripts = [
    inline(prelude(index)),
    inline(polyfill), // the polyfill first, as a page would load it
    inline(host),
    ...harness.map((source) => inline(source)),
    inline(code, module),
    // After the test ran (a throw was reported by onerror already).
    async ? '' : inline('__t262Report(true);', module),
  ];
  return `<!doctype html><meta charset="utf-8"><title>test262 #${index}</title>\n${scripts.join('\n')}\n`;
}

/** Runs every scenario in turn; `window.__t262Done` resolves with the outcomes in order. */
export function driverPage(count: number, timeoutMs: number): string {
  return `<!doctype html><meta charset="utf-8"><title>test262</title>
<script>
window.__t262Done = (async function () {
  var outcomes = [];
  for (var index = 0; index < ${count}; index++) {
    outcomes.push(await new Promise(function (resolve) {
      var frame = document.createElement('iframe');
      var started = performance.now();
      var timer;
      var done = function (outcome) {
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        frame.remove();
        resolve(outcome);
      };
      var onMessage = function (event) {
        if (event.data && event.data.t262 === index) done({ ok: event.data.ok, reason: event.data.reason || undefined, ms: Math.round(performance.now() - started) });
      };
      window.addEventListener('message', onMessage);
      timer = setTimeout(function () { done({ ok: false, reason: 'timed out after ${timeoutMs} ms' }); }, ${timeoutMs});
      frame.src = '/page/' + index;
      document.documentElement.appendChild(frame);
    }));
  }
  return outcomes;
})();
</script><body></body>
`;
}
