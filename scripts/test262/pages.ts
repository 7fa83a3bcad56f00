// The pages a browser runs: a driver that loads each scenario in an iframe of
// its own, and the scenario's page (host prelude, a UMD bundle of the library,
// harness, test).
import type { Negative } from './tests.js';

/**
 * The host part of a test page: reports to the driver, defines $262 and print.
 * A negative test passes when an error of its type reaches onerror (a parse
 * error of the test's script does), and fails when the page completes.
 */
function prelude(index: number, negative: Negative | undefined, rejections: 'fail' | 'ignore'): string {
  return `
var __t262Negative = ${JSON.stringify(negative?.type ?? null)};
var __t262Send = function (ok, reason) {
  if (__t262Send.done) return;
  __t262Send.done = true;
  parent.postMessage({ t262: ${index}, ok: ok, reason: String(reason === undefined ? '' : reason).replace(/\\s+/g, ' ').slice(0, 300) }, '*');
};
var __t262Report = function (ok, reason) {
  if (__t262Negative !== null && ok) __t262Send(false, 'expected ' + __t262Negative + ', completed without it');
  else __t262Send(ok, reason);
};
var __t262Describe = function (e) {
  return e && typeof e === 'object' && 'message' in e ? (e.constructor && e.constructor.name || 'Error') + ': ' + e.message : 'thrown ' + String(e);
};
/** The thrown value's constructor name, or the one the message starts with (some engines give no error object for a parse error). */
var __t262ErrorName = function (error, message) {
  if (error !== undefined && error !== null && error.constructor && error.constructor.name) return error.constructor.name;
  var named = /(\\w*Error)\\b/.exec(String(message));
  return named ? named[1] : '';
};
window.onerror = function (message, source, line, column, error) {
  var reason = error !== undefined && error !== null ? __t262Describe(error) : message;
  if (__t262Negative !== null) __t262Send(__t262ErrorName(error, message) === __t262Negative, reason);
  else __t262Send(false, reason);
  return true;
};
${rejections === 'fail' ? "window.onunhandledrejection = function (event) { __t262Send(false, 'unhandled rejection ' + __t262Describe(event.reason)); };" : ''}`;
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
  /** The source of the UMD bundle loaded first (the polyfill, or the patch layer), or '' for none. */
  library: string;
  /** The harness files' sources, in order. */
  harness: string[];
  /** The test's code, as it runs. */
  code: string;
  async: boolean;
  module: boolean;
  negative?: Negative;
  /** Whether an unhandled rejection fails the test ('fail', the default) or is test262's business only ('ignore': test262 itself does not judge them). */
  rejections?: 'fail' | 'ignore';
}

/** A script element with `source` inline: one request per page (Firefox is slow to load many). */
function inline(source: string, module = false): string {
  return `<script${module ? ' type="module"' : ''}>${source.replace(/<\/script/gi, '<\\/script')}</script>`;
}

export function testPage({ index, library, harness, code, async, module, negative, rejections = 'fail' }: PageSpec): string {
  // Each file a script of its own, as separate files would be: a throw stops only that one (and onerror reports it).
  const scripts = [
    inline(prelude(index, negative, rejections)),
    library ? inline(library) : '', // the library first, as a page would load it
    inline(host),
    ...harness.map((source) => inline(source)),
    inline(code, module),
    // After the test ran (a throw was reported by onerror already).
    async ? '' : inline('__t262Report(true);', module),
  ];
  return `<!doctype html><meta charset="utf-8"><title>test262 #${index}</title>\n${scripts.join('\n')}\n`;
}

/**
 * Runs the scenarios `first` to `first + count - 1`, `parallel` iframes at a
 * time (1: each alone, for tests that measure timing or memory);
 * `window.__t262Done` resolves with their outcomes in order. With `write`,
 * each page is fetched and written into an about:blank iframe (a fresh realm
 * all the same) instead of navigated to: a navigation costs more than the
 * short tests it runs.
 */
export function driverPage(
  count: number,
  timeoutMs: number,
  { first = 0, parallel = 1, write = false }: { first?: number; parallel?: number; write?: boolean } = {},
): string {
  return `<!doctype html><meta charset="utf-8"><title>test262</title>
<script>
window.__t262Done = (async function () {
  // Iframes added before the load event would hold it back, and the drivers wait for it.
  if (document.readyState !== 'complete') await new Promise(function (resolve) { window.addEventListener('load', resolve); });
  var outcomes = [];
  var next = 0;
  var runOne = function (index) {
    return new Promise(function (resolve) {
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
      ${
        write
          ? `fetch('/page/' + index).then(function (response) { return response.text(); }).then(function (html) {
        document.documentElement.appendChild(frame);
        var page = frame.contentDocument;
        page.open();
        page.write(html);
        page.close();
      }, function (error) { done({ ok: false, reason: 'fetching the page: ' + error }); });`
          : `frame.src = '/page/' + index;
      document.documentElement.appendChild(frame);`
      }
    });
  };
  var lane = async function () {
    while (next < ${count}) {
      var position = next++;
      outcomes[position] = await runOne(${first} + position);
    }
  };
  var lanes = [];
  for (var i = 0; i < ${parallel}; i++) lanes.push(lane());
  await Promise.all(lanes);
  return outcomes;
})();
</script><body></body>
`;
}
