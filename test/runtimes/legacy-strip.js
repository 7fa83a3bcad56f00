// Makes the engine one that has ES2015's built-ins and nothing later, for the
// legacy bundle (dist/taskcontext.legacy.umd.min.js): run after
// script-host.js and before the bundle, which is loaded as it is, then
// legacy-check.js. ES5, so that Hermes 0.12 reads it as it is.
//
// The built-ins deleted: every one newer than ES2015 that an engine of the
// support table's oldest rows lacks, and queueMicrotask (a host API those
// browsers lack too). The host's own code captured what it needs before.
// LATER_BUILT_INS_DELETED lists those the engine had.
var LATER_BUILT_INS_DELETED = (function (global) {
  var deleted = [];
  function remove(owner, ownerName, key) {
    if (owner && Object.prototype.hasOwnProperty.call(owner, key) && delete owner[key]) deleted.push(ownerName + '.' + String(key));
  }
  var statics = {
    Object: ['hasOwn', 'fromEntries', 'entries', 'values', 'getOwnPropertyDescriptors', 'groupBy'],
    Promise: ['allSettled', 'any', 'withResolvers'],
    Array: ['fromAsync'],
    Symbol: ['asyncIterator', 'asyncDispose', 'dispose'],
  };
  var methods = {
    Array: ['includes', 'flat', 'flatMap', 'at', 'findLast', 'findLastIndex', 'toReversed', 'toSorted', 'toSpliced', 'with'],
    String: ['padStart', 'padEnd', 'trimStart', 'trimEnd', 'trimLeft', 'trimRight', 'matchAll', 'replaceAll', 'at', 'isWellFormed', 'toWellFormed'],
    Promise: ['finally'],
  };
  var name;
  for (name in statics) for (var i = 0; i < statics[name].length; i++) remove(global[name], name, statics[name][i]);
  for (name in methods) for (var j = 0; j < methods[name].length; j++) remove(global[name].prototype, name + '.prototype', methods[name][j]);
  var globals = ['WeakRef', 'FinalizationRegistry', 'AggregateError', 'queueMicrotask', 'structuredClone', 'BigInt', 'Atomics', 'SharedArrayBuffer'];
  for (var k = 0; k < globals.length; k++) remove(global, 'globalThis', globals[k]);
  // Last: the name itself (ES2020).
  remove(global, 'globalThis', 'globalThis');
  return deleted;
})(this);
