// What the legacy bundle (dist/taskcontext.legacy.umd.min.js) must do in an
// engine left with ES2015's built-ins (legacy-strip.js ran before the bundle):
// the API is there, and install() carries context through then and the
// host's setTimeout. ES5, so that Hermes 0.12 reads it as it is. Prints one
// line: LEGACY-REPORT {"passed":[…],"failed":[{"name","error"}],"deleted":[…]}.
(function (global) {
  var T = global.TaskContext;
  // The host's own timer, taken before install(): the harness's turns start in the empty
  // frame, not in the frame of the check that scheduled them.
  var hostSetTimeout = global.setTimeout;
  var hostClearTimeout = global.clearTimeout;
  var checks = [];
  // `fn(done)`: synchronous checks call done() themselves; an async one calls it later.
  function check(name, fn) {
    checks.push({ name: name, fn: fn });
  }
  function expectEqual(actual, expected, what) {
    if (actual !== expected) throw new Error(what + ': expected ' + String(expected) + ', got ' + String(actual));
  }

  check('the API: Variable, Snapshot, AsyncContext, Context, AsyncLocalStorage, runTask, install, backend', function (done) {
    var functions = ['Variable', 'Snapshot', 'Context', 'AsyncLocalStorage', 'runTask', 'install', 'backend'];
    for (var i = 0; i < functions.length; i++) expectEqual(typeof T[functions[i]], 'function', 'typeof TaskContext.' + functions[i]);
    expectEqual(T.AsyncContext.Variable, T.Variable, 'AsyncContext.Variable');
    expectEqual(T.AsyncContext.Snapshot, T.Snapshot, 'AsyncContext.Snapshot');
    expectEqual(T.Variable.name, 'Variable', 'Variable.name');
    done();
  });

  check('install() puts the patch layer in place', function (done) {
    T.install();
    expectEqual(T.backend(), 'patch', 'backend()');
    done();
  });

  check('Variable: run, get, the default outside', function (done) {
    var v = new T.Variable({ defaultValue: 'none' });
    expectEqual(
      v.run('a', function () {
        return v.get();
      }),
      'a',
      'inside run'
    );
    expectEqual(v.get(), 'none', 'after run');
    done();
  });

  check('then keeps the value; what runs after the run does not see it', function (done) {
    var v = new T.Variable();
    var seen = [];
    v.run('then', function () {
      Promise.resolve()
        .then(function () {
          seen.push(v.get());
        })
        .then(function () {
          seen.push(v.get());
        });
    });
    Promise.resolve().then(function () {
      seen.push(v.get());
    });
    setTimeout(function () {
      expectEqual(seen.join(','), 'then,,then', 'values seen');
      done();
    }, 0);
  });

  check('setTimeout keeps the value, and so does a then inside its callback', function (done) {
    var v = new T.Variable();
    v.run('timer', function () {
      setTimeout(function () {
        var inTimer = v.get();
        Promise.resolve().then(function () {
          expectEqual(inTimer, 'timer', 'in the timer');
          expectEqual(v.get(), 'timer', 'in a then from the timer');
          done();
        });
      }, 5);
    });
    expectEqual(v.get(), undefined, 'after run');
  });

  check('Snapshot: run in the captured frame, and wrap', function (done) {
    var v = new T.Variable();
    var snapshot = v.run('captured', function () {
      return new T.Snapshot();
    });
    var wrapped = v.run('wrapped', function () {
      return T.Snapshot.wrap(function () {
        return v.get();
      });
    });
    expectEqual(
      snapshot.run(function () {
        return v.get();
      }),
      'captured',
      'snapshot.run'
    );
    expectEqual(wrapped(), 'wrapped', 'wrap');
    done();
  });

  check('Context: one dict per task, through then and setTimeout', function (done) {
    var request = new T.Context({ name: 'request' });
    request.run({ id: 'r1' }, function () {
      Promise.resolve().then(function () {
        request.set('user', 'ada');
        setTimeout(function () {
          expectEqual(JSON.stringify(request.toObject()), '{"id":"r1","user":"ada"}', 'the dict');
          done();
        }, 1);
      });
    });
  });

  check('AsyncLocalStorage: run, then and setTimeout', function (done) {
    var als = new T.AsyncLocalStorage();
    als.run({ id: 7 }, function () {
      Promise.resolve().then(function () {
        setTimeout(function () {
          expectEqual(als.getStore() && als.getStore().id, 7, 'getStore().id');
          done();
        }, 1);
      });
    });
  });

  check('setInterval keeps the value on every run', function (done) {
    var v = new T.Variable();
    var seen = [];
    v.run('interval', function () {
      var id = setInterval(function () {
        seen.push(v.get());
        if (seen.length < 3) return;
        clearInterval(id);
        expectEqual(seen.join(','), 'interval,interval,interval', 'values seen');
        done();
      }, 1);
    });
  });

  check('an EventTarget listener runs in the frame it was added in', function (done) {
    var v = new T.Variable();
    var target = new EventTarget();
    var seen = [];
    v.run('added', function () {
      target.addEventListener('ping', function () {
        seen.push(v.get());
      });
    });
    v.run('dispatched', function () {
      target.dispatchEvent(new Event('ping'));
    });
    target.dispatchEvent(new Event('ping'));
    expectEqual(seen.join(','), 'added,added', 'values seen');
    done();
  });

  check('ContextError: a Context write outside any task throws it', function (done) {
    var thrown;
    try {
      new T.Context({ name: 'outside' }).set('key', 1);
    } catch (error) {
      thrown = error;
    }
    expectEqual(thrown instanceof T.ContextError && thrown instanceof Error, true, 'a ContextError');
    expectEqual(thrown.name, 'ContextError', 'its name');
    done();
  });

  check('the built-ins deleted before the bundle stay deleted (the bundle added none)', function (done) {
    expectEqual(typeof Object.hasOwn, 'undefined', 'Object.hasOwn');
    expectEqual(typeof Object.fromEntries, 'undefined', 'Object.fromEntries');
    expectEqual(typeof Array.prototype.flatMap, 'undefined', 'Array.prototype.flatMap');
    expectEqual(typeof global.globalThis, 'undefined', 'globalThis');
    done();
  });

  // Last: uninstall() takes the patches back, and then is the engine's own again.
  check('uninstall(): what stays says why, then is put back, and setTimeout no longer carries the value', function (done) {
    var patchedThen = Promise.prototype.then;
    T.uninstall();
    // The removeEventListener shim stays while listeners added under install() are registered.
    var left = T.installed();
    var properties = left ? left.properties : [];
    for (var i = 0; i < properties.length; i++) expectEqual(typeof properties[i].stays, 'string', 'why ' + String(properties[i].key) + ' stays');
    expectEqual(Promise.prototype.then === patchedThen, false, 'then put back');
    var v = new T.Variable();
    v.run('gone', function () {
      setTimeout(function () {
        expectEqual(v.get(), undefined, 'in the timer');
        done();
      }, 1);
    });
  });

  var report = { passed: [], failed: [], deleted: LATER_BUILT_INS_DELETED };
  var at = 0;
  function next() {
    if (at === checks.length) {
      __hostPrint('LEGACY-REPORT ' + JSON.stringify(report));
      return;
    }
    var current = checks[at++];
    var settled = false;
    // A check that never calls done fails after a second instead of hanging the run.
    var guard = hostSetTimeout(function () {
      finish(new Error('done() was not called within 1 s'));
    }, 1000);
    function finish(error) {
      if (settled) return;
      settled = true;
      hostClearTimeout(guard);
      if (error) report.failed.push({ name: current.name, error: String((error && error.message) || error) });
      else report.passed.push(current.name);
      hostSetTimeout(next, 0);
    }
    // An assertion thrown later (in a then or a timer) reaches the host's error events.
    pending = finish;
    try {
      current.fn(function () {
        finish();
      });
    } catch (error) {
      finish(error);
    }
  }
  var pending;
  global.addEventListener('error', function (event) {
    event.preventDefault();
    if (pending) pending(event.error);
  });
  global.addEventListener('unhandledrejection', function (event) {
    event.preventDefault();
    if (pending) pending(event.reason);
  });
  next();
})(this);
