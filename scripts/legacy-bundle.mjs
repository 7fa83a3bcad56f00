// The legacy script bundle (dist/taskcontext.legacy.umd.min.js): the full UMD
// bundle lowered to ES5 syntax for engines without classes (Hermes 0.12,
// which also reads `let`/`const` as `var`) and browsers before ES2015 syntax
// was complete, needing only ES2015 built-ins (Promise, Map, WeakMap, Symbol).
//
// A Rollup output plugin, run on the UMD chunk before terser:
// 1. the library's few calls of later built-ins become calls of local
//    functions that do the same with ES5/ES2015 ones (LATER_BUILT_INS), and
//    `globalThis` the global object found without it;
// 2. @babel/preset-env lowers the syntax to ES5 (helpers inlined once);
// 3. the whole is wrapped in a function, so that Babel's helpers, placed at
//    the top of the program, stay out of the page's global scope.
// test/node/legacy-bundle.test.ts checks the result: ES5 syntax (acorn,
// ecmaVersion 5), and the library's behaviour in QuickJS and Hermes with
// every built-in newer than ES2015 deleted.
import { transformAsync } from '@babel/core';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Each later built-in the library's browser code calls, and the local
 * function the call becomes. A method (`x.includes(y)`) becomes `f(x, y)`
 * whatever `x` is, so each helper does what the method does on every
 * receiver the library has: arrays (and strings, for includes).
 */
export const LATER_BUILT_INS = {
  // ES2022
  'Object.hasOwn': '__legacyHasOwn',
  // ES2019
  'Object.fromEntries': '__legacyFromEntries',
  // ES2017
  'Object.getOwnPropertyDescriptors': '__legacyOwnDescriptors',
  // ES2019 (methods)
  '.flatMap': '__legacyFlatMap',
  // ES2016 (method)
  '.includes': '__legacyIncludes',
};

const HELPERS = `
var __legacyGlobal = typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : typeof window !== 'undefined' ? window : typeof global !== 'undefined' ? global : this;
var __legacyOwn = Object.prototype.hasOwnProperty;
function __legacyHasOwn(object, key) {
  return __legacyOwn.call(Object(object), key);
}
function __legacyFromEntries(entries) {
  var result = {};
  // Any iterable of pairs (the library hands it a Map): Array.from walks it as for-of would.
  Array.from(entries).forEach(function (entry) {
    Object.defineProperty(result, entry[0], { value: entry[1], writable: true, enumerable: true, configurable: true });
  });
  return result;
}
function __legacyOwnDescriptors(object) {
  var result = {};
  Object.getOwnPropertyNames(object).concat(Object.getOwnPropertySymbols(object)).forEach(function (key) {
    var descriptor = Object.getOwnPropertyDescriptor(object, key);
    if (descriptor !== undefined) result[key] = descriptor;
  });
  return result;
}
function __legacyFlatMap(array, fn, thisArg) {
  var result = [];
  for (var i = 0; i < array.length; i++) {
    if (!(i in array)) continue;
    var mapped = fn.call(thisArg, array[i], i, array);
    if (Array.isArray(mapped)) for (var j = 0; j < mapped.length; j++) result.push(mapped[j]);
    else result.push(mapped);
  }
  return result;
}
function __legacyIncludes(receiver, search, from) {
  if (typeof receiver === 'string') return receiver.indexOf(search, from) !== -1;
  for (var i = from || 0; i < receiver.length; i++) {
    var item = receiver[i];
    if (item === search || (item !== item && search !== search)) return true;
  }
  return false;
}
`;

/** A Babel plugin (unbound names only: a local `Object` is left alone): the calls of LATER_BUILT_INS become calls of their helpers; `globalThis` becomes __legacyGlobal. */
function replaceLaterBuiltIns({ types: t }) {
  return {
    name: 'taskcontext-legacy-built-ins',
    visitor: {
      CallExpression(path) {
        const callee = path.node.callee;
        if (!t.isMemberExpression(callee) || callee.computed || !t.isIdentifier(callee.property)) return;
        const method = callee.property.name;
        const statics = t.isIdentifier(callee.object) && !path.scope.getBinding(callee.object.name) ? LATER_BUILT_INS[`${callee.object.name}.${method}`] : undefined;
        if (statics) {
          path.node.callee = t.identifier(statics);
          return;
        }
        const helper = LATER_BUILT_INS[`.${method}`];
        if (helper) path.replaceWith(t.callExpression(t.identifier(helper), [callee.object, ...path.node.arguments]));
      },
      Identifier(path) {
        // getBinding, not hasBinding: hasBinding also answers true for Babel's list of known globals.
        if (path.node.name !== 'globalThis' || path.scope.getBinding('globalThis')) return;
        // Only references: not a property name (x.globalThis), not the guard's own `typeof globalThis`.
        if (!path.isReferencedIdentifier()) return;
        if (path.parentPath.isUnaryExpression({ operator: 'typeof' })) return;
        path.replaceWith(t.identifier('__legacyGlobal'));
      },
    },
  };
}

/** The Rollup output plugin (see the top of this file). */
export function legacyBundle() {
  return {
    name: 'taskcontext-legacy',
    async renderChunk(code) {
      const result = await transformAsync(code, {
        babelrc: false,
        configFile: false,
        sourceType: 'script',
        sourceMaps: true,
        compact: false,
        // Babel's helpers are ES5 and use nothing past ES2015's built-ins; no polyfills are added.
        presets: [[require.resolve('@babel/preset-env'), { targets: { ie: '11' }, modules: false, bugfixes: true }]],
        plugins: [replaceLaterBuiltIns],
      });
      if (!result?.code) throw new Error('taskcontext.legacy: Babel gave no code');
      // The helpers and Babel's own before the bundle, all inside one function; the UMD
      // wrapper reads the global object from its `this`, which the call passes through.
      const opening = `(function () {\n${HELPERS}\n`;
      const closing = '\n}).call(this);\n';
      const map = result.map && { ...result.map, mappings: ';'.repeat(opening.split('\n').length - 1) + result.map.mappings };
      return { code: opening + result.code + closing, map };
    },
  };
}
