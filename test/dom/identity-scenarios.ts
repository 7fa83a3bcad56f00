// Listener identity, as a user observes it: which listeners ran, in what
// order, how many times, what dispatchEvent returned, what threw.
//
// Each scenario only uses EventTarget's public API and returns a log, so the
// same scenario can run on the unpatched platform and under install(): the
// patch keeps identity the platform's exactly when the two logs are equal.
// `expected` is the log the DOM standard gives; a runner checks the
// unpatched log against it too, so a scenario that logs nothing useful (or
// a platform that silently differs) cannot make the comparison vacuous.
//
// Runtime-neutral: it runs on happy-dom's EventTarget (test/dom) and on
// Node's own (test/node/patch-without-dom.test.ts).
import { errorKind, errorOf, inFrame } from './frames.js';

export interface Platform {
  /** A fresh event target with no listeners. */
  target(): EventTarget;
  /** A fresh cancelable, non-bubbling event. */
  event(type: string): Event;
}

export interface Scenario {
  name: string;
  run(platform: Platform): string[];
  expected: string[];
}

type Listener = EventListenerOrEventListenerObject;

/** Dispatches a cancelable `type` event and logs what the dispatcher observes. */
function fire(platform: Platform, target: EventTarget, type: string, log: string[]): Event {
  const event = platform.event(type);
  let returned: boolean;
  try {
    returned = target.dispatchEvent(event);
  } catch (error) {
    log.push(`dispatch threw ${errorKind(error)}`);
    return event;
  }
  log.push(`dispatch returned ${returned}, defaultPrevented ${event.defaultPrevented}`);
  return event;
}

/** A listener that logs its name each time it runs. */
function named(log: string[], name: string): (event: Event) => void {
  return () => void log.push(name);
}

export const scenarios: Scenario[] = [
  {
    name: 'the same (type, listener, capture) added twice is one listener',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = named(log, 'l');
      target.addEventListener('x', l);
      target.addEventListener('x', l);
      target.addEventListener('x', l, false);
      target.addEventListener('x', l, { capture: false });
      target.addEventListener('x', l, { passive: true, once: false }); // options other than capture are no part of the key
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['l', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'capture true and {capture: true} are one key, capture false is another listener',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = named(log, 'l');
      target.addEventListener('x', l, true);
      target.addEventListener('x', l, { capture: true });
      target.addEventListener('x', l, false);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['l', 'l', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'a listener is removed by the same capture flag, given as a boolean or as {capture}',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => named(log, name));
      target.addEventListener('x', a!, { capture: true });
      target.removeEventListener('x', a!, true);
      target.addEventListener('x', b!, true);
      target.removeEventListener('x', b!, { capture: true });
      target.addEventListener('x', c!);
      target.removeEventListener('x', c!, { capture: false });
      target.addEventListener('x', d!, { once: true, passive: true });
      target.removeEventListener('x', d!, false);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'a listener removed and added again with the same capture is one listener',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const a = named(log, 'a');
      target.addEventListener('x', a, { capture: true });
      target.removeEventListener('x', a, true);
      target.addEventListener('x', a, { capture: true });
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['a', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'removing with the other capture flag leaves the listener in place',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const a = named(log, 'a');
      const b = named(log, 'b');
      target.addEventListener('x', a, true);
      target.removeEventListener('x', a); // capture false: another key
      target.addEventListener('x', b);
      target.removeEventListener('x', b, { capture: true });
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['a', 'b', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'removeEventListener works from another frame than addEventListener',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const a = named(log, 'a');
      const b = named(log, 'b');
      const c = named(log, 'c');
      inFrame('A', () => target.addEventListener('x', a));
      inFrame('B', () => target.removeEventListener('x', a));
      inFrame('A', () => target.addEventListener('x', b, true));
      target.removeEventListener('x', b, true); // from outside any frame
      target.addEventListener('x', c);
      inFrame('B', () => target.removeEventListener('x', c));
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'a listener added twice from different frames is still one listener',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = named(log, 'l');
      inFrame('A', () => target.addEventListener('x', l));
      inFrame('B', () => target.addEventListener('x', l));
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['l', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'once: fires once, and the same listener can be added again after it fired',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = named(log, 'l');
      target.addEventListener('x', l, { once: true });
      target.addEventListener('x', l, { once: true });
      fire(platform, target, 'x', log);
      fire(platform, target, 'x', log);
      target.addEventListener('x', l, { once: true });
      fire(platform, target, 'x', log);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: [
      'l',
      'dispatch returned true, defaultPrevented false',
      'dispatch returned true, defaultPrevented false',
      'l',
      'dispatch returned true, defaultPrevented false',
      'dispatch returned true, defaultPrevented false',
    ],
  },
  {
    name: 'once: a listener removed before it fired never runs',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = named(log, 'l');
      target.addEventListener('x', l, { once: true });
      target.removeEventListener('x', l);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'passive: preventDefault is ignored, a non-passive listener still cancels',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const cancel = (event: Event): void => {
        event.preventDefault();
        log.push(`cancel ran, defaultPrevented ${event.defaultPrevented}`);
      };
      target.addEventListener('x', cancel, { passive: true });
      fire(platform, target, 'x', log);
      target.addEventListener('y', cancel);
      fire(platform, target, 'y', log);
      return log;
    },
    expected: [
      'cancel ran, defaultPrevented false',
      'dispatch returned true, defaultPrevented false',
      'cancel ran, defaultPrevented true',
      'dispatch returned false, defaultPrevented true',
    ],
  },
  {
    name: 'signal: abort removes the listener, and re-adding it afterwards works',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = named(log, 'l');
      const controller = new AbortController();
      target.addEventListener('x', l, { signal: controller.signal });
      fire(platform, target, 'x', log);
      controller.abort();
      fire(platform, target, 'x', log);
      target.addEventListener('x', l); // a new registration, not the aborted one
      fire(platform, target, 'x', log);
      return log;
    },
    expected: [
      'l',
      'dispatch returned true, defaultPrevented false',
      'dispatch returned true, defaultPrevented false',
      'l',
      'dispatch returned true, defaultPrevented false',
    ],
  },
  {
    name: 'signal: an already aborted signal adds nothing',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      target.addEventListener('x', named(log, 'm'), { signal: AbortSignal.abort() });
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'signal: after an add with an aborted signal, a plain add of the same listener makes one listener',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const m = named(log, 'm');
      target.addEventListener('x', m, { signal: AbortSignal.abort() });
      target.addEventListener('x', m);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['m', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'handleEvent objects: this is the object, handleEvent is looked up at each dispatch',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const object: { handleEvent: (event: Event) => void } = {
        handleEvent(this: unknown) {
          log.push(`first, this is the object: ${this === object}`);
        },
      };
      target.addEventListener('x', object);
      target.addEventListener('x', object); // same object: one listener
      fire(platform, target, 'x', log);
      object.handleEvent = function (this: unknown) {
        log.push(`second, this is the object: ${this === object}`);
      };
      fire(platform, target, 'x', log);
      target.removeEventListener('x', object);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: [
      'first, this is the object: true',
      'dispatch returned true, defaultPrevented false',
      'second, this is the object: true',
      'dispatch returned true, defaultPrevented false',
      'dispatch returned true, defaultPrevented false',
    ],
  },
  {
    name: 'a function listener is called as a function even if it has a handleEvent property',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = Object.assign(
        function (this: unknown) {
          log.push(`function called, this is the target: ${this === target}`);
        },
        { handleEvent: () => log.push('handleEvent called') },
      );
      target.addEventListener('x', l);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['function called, this is the target: true', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'a listener that removes itself during dispatch runs once',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const self = (): void => {
        log.push('self');
        target.removeEventListener('x', self);
      };
      target.addEventListener('x', self);
      target.addEventListener('x', named(log, 'other'));
      fire(platform, target, 'x', log);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: [
      'self',
      'other',
      'dispatch returned true, defaultPrevented false',
      'other',
      'dispatch returned true, defaultPrevented false',
    ],
  },
  {
    name: 'a listener that removes a later listener of the same event: the later one does not run',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const later = named(log, 'later');
      target.addEventListener('x', () => {
        log.push('first');
        target.removeEventListener('x', later);
      });
      target.addEventListener('x', later);
      target.addEventListener('x', named(log, 'last'));
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['first', 'last', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'a listener added during dispatch runs from the next dispatch on',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const added = named(log, 'added');
      target.addEventListener('x', () => {
        log.push('adder');
        target.addEventListener('x', added);
      });
      fire(platform, target, 'x', log);
      fire(platform, target, 'x', log);
      return log;
    },
    expected: [
      'adder',
      'dispatch returned true, defaultPrevented false',
      'adder',
      'added',
      'dispatch returned true, defaultPrevented false',
    ],
  },
  {
    name: 'registration order is kept across removal and re-adding',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const [a, b, c] = ['a', 'b', 'c'].map((name) => named(log, name));
      target.addEventListener('x', a!);
      target.addEventListener('x', b!);
      target.addEventListener('x', c!);
      target.removeEventListener('x', b!);
      target.addEventListener('x', b!);
      target.addEventListener('x', a!); // already there: keeps its place
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['a', 'c', 'b', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'a listener for another type is another listener',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      const l = (event: Event): void => void log.push(`l ${event.type}`);
      target.addEventListener('x', l);
      target.addEventListener('y', l);
      target.removeEventListener('y', l);
      fire(platform, target, 'x', log);
      fire(platform, target, 'y', log);
      return log;
    },
    expected: ['l x', 'dispatch returned true, defaultPrevented false', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'a null listener is a silent no-op',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      log.push(`add null: ${errorKind(errorOf(() => target.addEventListener('x', null)))}`);
      log.push(`remove null: ${errorKind(errorOf(() => target.removeEventListener('x', null)))}`);
      target.addEventListener('x', named(log, 'l'));
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['add null: no error', 'remove null: no error', 'l', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: "a non-object listener gets the platform's own TypeError",
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      log.push(`add 5: ${errorKind(errorOf(() => target.addEventListener('x', 5 as unknown as Listener)))}`);
      log.push(`add "f": ${errorKind(errorOf(() => target.addEventListener('y', 'f' as unknown as Listener)))}`);
      return log;
    },
    expected: ['add 5: TypeError', 'add "f": TypeError'],
  },
  {
    name: 'this in a function listener is the target, and it gets the event',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      target.addEventListener('x', function (this: unknown, event: Event) {
        log.push(`this is the target: ${this === target}, event.type ${event.type}, arguments ${arguments.length}`);
      });
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['this is the target: true, event.type x, arguments 1', 'dispatch returned true, defaultPrevented false'],
  },
  {
    name: 'stopImmediatePropagation still stops the listeners after it',
    run(platform) {
      const log: string[] = [];
      const target = platform.target();
      target.addEventListener('x', (event) => {
        log.push('stopper');
        event.stopImmediatePropagation();
      });
      target.addEventListener('x', named(log, 'after'));
      fire(platform, target, 'x', log);
      return log;
    },
    expected: ['stopper', 'dispatch returned true, defaultPrevented false'],
  },
];
