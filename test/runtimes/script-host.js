// The host of an engine that runs scripts with almost nothing around them
// (Hermes' CLI VM, QuickJS through quickjs-emscripten): what a React Native
// app or an embedder provides, and no more. Prepended to the suite's script.
// ES5, so that Hermes 0.12 (no classes, `let` read as `var`) takes it as it is.
//
// It gives:
// - timers (setTimeout, clearTimeout, setInterval, clearInterval) that run one
//   callback per turn, in order of due time, then of scheduling, with the
//   engine's jobs (microtasks) drained between turns; the host's own
//   `__hostLater(fn, ms)` is the only way a turn starts (Hermes' CLI timer,
//   which ignores the delay; a Node timer from quickjs-emscripten's driver);
// - queueMicrotask where the engine has none (Hermes: its job queue, as React
//   Native's runtime does);
// - console.log/error/warn/info/debug over the host's `__hostPrint`;
// - addEventListener/removeEventListener on the global scope for 'error' (a
//   timer callback that threw) and 'unhandledrejection' (Hermes' rejection
//   tracker; quickjs-emscripten exposes none), which the suite's runner
//   listens to as it does in a browser. An error no listener prevents is printed
//   as HOST-UNCAUGHT and fails the run.
// - a minimal Event, EventTarget and structuredClone (plain data), which
//   chai and the suite use.
(function (global) {
  'use strict';
  var later = global.__hostLater;
  var print = global.__hostPrint;
  if (typeof later !== 'function' || typeof print !== 'function') throw new Error('script-host.js: the engine driver must define __hostLater and __hostPrint');

  function text(value) {
    if (value instanceof Error) return value.name + ': ' + value.message + (value.stack ? '\n' + value.stack : '');
    if (typeof value === 'string') return value;
    try {
      var json = JSON.stringify(value);
      return json === undefined ? String(value) : json;
    } catch (e) {
      return String(value);
    }
  }
  function printer(prefix) {
    return function () {
      var parts = [];
      for (var i = 0; i < arguments.length; i++) parts.push(text(arguments[i]));
      print(prefix + parts.join(' '));
    };
  }
  global.console = { log: printer(''), info: printer(''), debug: printer(''), warn: printer('WARN '), error: printer('ERROR ') };

  // The global scope's 'error' and 'unhandledrejection' listeners.
  var listeners = { error: [], unhandledrejection: [] };
  global.addEventListener = function (type, listener) {
    var list = listeners[type];
    if (list && list.indexOf(listener) < 0) list.push(listener);
  };
  global.removeEventListener = function (type, listener) {
    var list = listeners[type];
    var at = list ? list.indexOf(listener) : -1;
    if (at >= 0) list.splice(at, 1);
  };
  function report(type, event, what) {
    var prevented = false;
    event.type = type;
    event.preventDefault = function () {
      prevented = true;
    };
    var list = listeners[type].slice();
    for (var i = 0; i < list.length; i++) list[i].call(global, event);
    if (!prevented) print('HOST-UNCAUGHT ' + JSON.stringify(type + ': ' + text(what)));
  }
  global.__hostReportError = function (error) {
    report('error', { error: error, message: text(error) }, error);
  };

  if (typeof global.queueMicrotask !== 'function') {
    var enqueue = global.HermesInternal && global.HermesInternal.enqueueJob;
    var resolved = Promise.resolve();
    global.queueMicrotask = function queueMicrotask(callback) {
      if (typeof callback !== 'function') throw new TypeError('queueMicrotask: the callback must be a function');
      var job = function () {
        try {
          callback();
        } catch (error) {
          global.__hostReportError(error);
        }
      };
      if (enqueue) enqueue(job);
      else resolved.then(job);
    };
  }

  // Hermes: the rejection tracker React Native enables (its Promise is the engine's own).
  if (global.HermesInternal && typeof global.HermesInternal.enablePromiseRejectionTracker === 'function') {
    global.HermesInternal.enablePromiseRejectionTracker({
      allRejections: true,
      onUnhandled: function (id, reason) {
        report('unhandledrejection', { reason: reason }, reason);
      },
      onHandled: function () {},
    });
  }

  // A minimal Event and EventTarget (type, listeners in order, once, handleEvent
  // objects, preventDefault): chai needs them to load, and the suite's
  // listener tests use them; the patch layer patches this EventTarget as it
  // would a browser's.
  if (typeof global.Event !== 'function') {
    var Event = function Event(type, init) {
      if (!(this instanceof Event)) throw new TypeError("Event: use 'new'");
      this.type = String(type);
      this.cancelable = !!(init && init.cancelable);
      this.defaultPrevented = false;
      this.target = null;
      this.currentTarget = null;
    };
    Event.prototype.preventDefault = function () {
      if (this.cancelable) this.defaultPrevented = true;
    };
    Event.prototype.stopPropagation = function () {};
    Event.prototype.stopImmediatePropagation = function () {
      this._stopped = true;
    };
    global.Event = Event;
  }
  if (typeof global.EventTarget !== 'function') {
    var EventTarget = function EventTarget() {
      if (!(this instanceof EventTarget)) throw new TypeError("EventTarget: use 'new'");
      Object.defineProperty(this, '_listeners', { value: {} });
    };
    var listenerList = function (target, type) {
      var all = target._listeners;
      return Object.prototype.hasOwnProperty.call(all, type) ? all[type] : (all[type] = []);
    };
    var captureOf = function (options) {
      return typeof options === 'boolean' ? options : !!(options && options.capture);
    };
    EventTarget.prototype.addEventListener = function addEventListener(type, listener, options) {
      if (listener === null || listener === undefined) return;
      var list = listenerList(this, String(type));
      var capture = captureOf(options);
      for (var i = 0; i < list.length; i++) if (list[i].listener === listener && list[i].capture === capture) return;
      list.push({ listener: listener, capture: capture, once: !!(options && typeof options === 'object' && options.once), removed: false });
    };
    EventTarget.prototype.removeEventListener = function removeEventListener(type, listener, options) {
      var list = listenerList(this, String(type));
      var capture = captureOf(options);
      for (var i = 0; i < list.length; i++) {
        if (list[i].listener === listener && list[i].capture === capture) {
          list[i].removed = true;
          list.splice(i, 1);
          return;
        }
      }
    };
    EventTarget.prototype.dispatchEvent = function dispatchEvent(event) {
      var list = listenerList(this, event.type).slice();
      event.target = event.currentTarget = this;
      for (var i = 0; i < list.length && !event._stopped; i++) {
        var entry = list[i];
        if (entry.removed) continue;
        if (entry.once) this.removeEventListener(event.type, entry.listener, entry.capture);
        try {
          if (typeof entry.listener === 'function') entry.listener.call(this, event);
          else entry.listener.handleEvent(event);
        } catch (error) {
          global.__hostReportError(error);
        }
      }
      event.currentTarget = null;
      return !event.defaultPrevented;
    };
    global.EventTarget = EventTarget;
  }

  // structuredClone for plain data (objects, arrays, Map, Set, Date, primitives):
  // what the suite's `copy` tests hand it.
  if (typeof global.structuredClone !== 'function') {
    var cloneOf = function (value, seen) {
      if (value === null || typeof value !== 'object') {
        if (typeof value === 'function' || typeof value === 'symbol') throw new Error('structuredClone: ' + String(value) + ' could not be cloned');
        return value;
      }
      for (var i = 0; i < seen.length; i++) if (seen[i][0] === value) return seen[i][1];
      var copy;
      if (value instanceof Date) copy = new Date(value.getTime());
      else if (value instanceof Map) {
        copy = new Map();
        seen.push([value, copy]);
        value.forEach(function (v, k) {
          copy.set(cloneOf(k, seen), cloneOf(v, seen));
        });
        return copy;
      } else if (value instanceof Set) {
        copy = new Set();
        seen.push([value, copy]);
        value.forEach(function (v) {
          copy.add(cloneOf(v, seen));
        });
        return copy;
      } else copy = Array.isArray(value) ? [] : {};
      seen.push([value, copy]);
      var keys = Object.keys(value);
      for (var k = 0; k < keys.length; k++) copy[keys[k]] = cloneOf(value[keys[k]], seen);
      return copy;
    };
    global.structuredClone = function structuredClone(value) {
      return cloneOf(value, []);
    };
  }

  var timers = [];
  var nextId = 1;
  // The due time the turn asked of the host is for: a timer due earlier asks for
  // another turn; a turn asked for a time no longer wanted does nothing.
  var turnFor = Infinity;
  function schedule(callback, ms, args, repeat) {
    if (typeof callback !== 'function') throw new TypeError('setTimeout: only functions are run here, not strings');
    var delay = +ms > 0 ? +ms : 0;
    var timer = { id: nextId++, due: Date.now() + delay, delay: delay, callback: callback, args: args, repeat: repeat };
    timers.push(timer);
    wake();
    return timer.id;
  }
  function cancel(id) {
    for (var i = 0; i < timers.length; i++) {
      if (timers[i].id === id) {
        timers.splice(i, 1);
        return;
      }
    }
  }
  function first() {
    var best;
    for (var i = 0; i < timers.length; i++) if (!best || timers[i].due < best.due) best = timers[i];
    return best;
  }
  function wake() {
    var next = first();
    if (!next || next.due >= turnFor) return;
    var due = (turnFor = next.due);
    later(function () {
      if (due === turnFor) turn();
    }, Math.max(0, due - Date.now()));
  }
  function turn() {
    turnFor = Infinity;
    var timer = first();
    if (timer && timer.due <= Date.now()) {
      timers.splice(timers.indexOf(timer), 1);
      // An interval goes behind the timers already due: a zero-delay one cannot starve them.
      if (timer.repeat) {
        timer.due = Date.now() + timer.delay;
        timers.push(timer);
      }
      try {
        timer.callback.apply(global, timer.args);
      } catch (error) {
        global.__hostReportError(error);
      }
    }
    wake();
  }
  function rest(args) {
    return Array.prototype.slice.call(args, 2);
  }
  global.setTimeout = function setTimeout(callback, ms) {
    return schedule(callback, ms, rest(arguments), false);
  };
  global.setInterval = function setInterval(callback, ms) {
    return schedule(callback, ms, rest(arguments), true);
  };
  global.clearTimeout = function clearTimeout(id) {
    cancel(id);
  };
  global.clearInterval = function clearInterval(id) {
    cancel(id);
  };
})(this);
