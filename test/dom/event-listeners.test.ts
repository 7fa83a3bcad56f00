// EventTarget listeners: the frame they run in under both event policies, and
// listener identity checked against the unpatched platform (happy-dom here).
import { describe, expect, it } from 'vitest';
import { install, uninstall, type InstallOptions } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { EMPTY, frame, inFrame, seen } from './frames.js';
import { scenarios, type Platform, type Scenario } from './identity-scenarios.js';
import { expectedFailure } from '../portable/expected-failure.js';

usePatchLayer();

/** Runs `scenario` unpatched, then under install(options); returns both logs. */
function unpatchedAndPatched(scenario: Scenario, platform: Platform, options?: InstallOptions) {
  const unpatched = scenario.run(platform);
  install(options);
  try {
    return { unpatched, patched: scenario.run(platform) };
  } finally {
    uninstall();
  }
}

const event = (type: string): Event => new Event(type, { cancelable: true });

const PLATFORMS: Array<{ name: string; platform: Platform; options: InstallOptions }> = [
  // Under 'registration' every listener is wrapped.
  { name: 'element, events: registration', platform: { target: () => document.createElement('div'), event }, options: {} },
  { name: 'new EventTarget(), events: registration', platform: { target: () => new EventTarget(), event }, options: { events: 'registration' } },
  // Under 'dispatch' only XMLHttpRequest listeners are wrapped (their events follow send()).
  { name: 'XMLHttpRequest, events: dispatch', platform: { target: () => new XMLHttpRequest(), event }, options: { events: 'dispatch' } },
];

/**
 * Where happy-dom itself differs from the DOM standard and the patch keeps
 * that difference: the patched log must still equal the unpatched one; only
 * the check against the standard's log is left out, with the reason.
 */
const HAPPY_DOM_DIFFERS: Record<string, string> = {
  'a null listener is a silent no-op':
    'happy-dom stores null as a listener and throws a TypeError at dispatch; browsers ignore it',
  "a non-object listener gets the platform's own TypeError":
    'happy-dom accepts 5 and "f" without throwing (browsers throw a TypeError at addEventListener)',
  'a listener that removes a later listener of the same event: the later one does not run':
    'happy-dom iterates a copy of the listener list and still calls a listener removed during the dispatch',
};

/**
 * Where happy-dom differs from the DOM standard and the patch, by registering
 * its own wrapper per (type, listener, capture), ends up following the
 * standard instead: the patched log is checked against the standard's log.
 * test/node/patch-without-dom.test.ts runs the same scenarios on Node's
 * EventTarget, which follows the standard here, and checks equality there.
 */
const HAPPY_DOM_PATCH_FOLLOWS_STANDARD: Record<string, string> = {
  'removing with the other capture flag leaves the listener in place':
    'happy-dom removeEventListener ignores the capture flag (removes the first match, bubbling list first)',
  'a function listener is called as a function even if it has a handleEvent property':
    'happy-dom calls listener.handleEvent whenever it exists, even on a function; the wrapper is a plain function',
  // The patch never adds a listener whose signal is already aborted (issue 12).
  'signal: an already aborted signal adds nothing': 'happy-dom registers the listener even though its signal is already aborted',
  'signal: after an add with an aborted signal, a plain add of the same listener makes one listener':
    'happy-dom keeps the listener added with an aborted signal, so its plain add of the same listener is a duplicate',
};

/** Scenarios where, on happy-dom only, the patch changes what the user sees: reported bugs, each with the exact wrong log (none now). */
const HAPPY_DOM_PATCH_BUGS: Record<string, { reason: string; patched: string[] }> = {};

describe.each(PLATFORMS)("listener identity is the platform's ($name)", ({ platform, options }) => {
  for (const scenario of scenarios) {
    const followsStandard = HAPPY_DOM_PATCH_FOLLOWS_STANDARD[scenario.name];
    const bug = HAPPY_DOM_PATCH_BUGS[scenario.name];
    if (followsStandard) {
      it(`${scenario.name} (happy-dom differs: patched run checked against the DOM standard)`, () => {
        const { patched } = unpatchedAndPatched(scenario, platform, options);
        expect(patched).toEqual(scenario.expected);
      });
    } else if (bug) {
      const runs = () => unpatchedAndPatched(scenario, platform, options);
      expectedFailure(scenario.name, bug.reason, runs, { unpatched: scenario.expected, patched: bug.patched }, { unpatched: scenario.expected, patched: scenario.expected });
    } else {
      it(scenario.name, () => {
        const { unpatched, patched } = unpatchedAndPatched(scenario, platform, options);
        expect(patched).toEqual(unpatched);
        if (!(scenario.name in HAPPY_DOM_DIFFERS)) expect(unpatched).toEqual(scenario.expected);
      });
    }
  }

  it('a listener that throws: the same error reaches the dispatcher (happy-dom rethrows it), and the frame is restored', () => {
    const run = (): string[] => {
      const log: string[] = [];
      const target = platform.target();
      const error = new Error('from the listener');
      target.addEventListener('x', () => {
        throw error;
      });
      inFrame('C', () => {
        try {
          target.dispatchEvent(event('x'));
          log.push('no error');
        } catch (caught) {
          log.push(`caught the same error: ${caught === error}`);
        }
        log.push(`after: ${seen()}`);
      });
      return log;
    };
    const unpatched = run();
    install(options);
    const patched = run();
    expect(patched).toEqual(unpatched);
    expect(patched).toEqual(['caught the same error: true', `after: ${frame('C')}`]);
  });
});

describe("events: 'registration' (the default): listeners run in the frame of addEventListener", () => {
  it('two listeners registered from A and B each see their own frame, whoever dispatches', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    inFrame('A', () => element.addEventListener('x', () => log.push(`a ${seen()}`)));
    inFrame('B', () => element.addEventListener('x', () => log.push(`b ${seen()}`)));
    element.addEventListener('x', () => log.push(`outside ${seen()}`));
    inFrame('C', () => element.dispatchEvent(new Event('x')));
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([
      `a ${frame('A')}`,
      `b ${frame('B')}`,
      `outside ${EMPTY}`,
      `a ${frame('A')}`,
      `b ${frame('B')}`,
      `outside ${EMPTY}`,
    ]);
    expect(seen()).toBe(EMPTY);
  });

  it('el.click() from inside frame B runs a listener registered in A in A', () => {
    install({ events: 'registration' });
    const button = document.createElement('button');
    document.body.append(button);
    const log: string[] = [];
    inFrame('A', () => button.addEventListener('click', () => log.push(seen())));
    inFrame('B', () => button.click());
    button.remove();
    expect(log).toEqual([frame('A')]);
  });

  it('along the event path (capture on document, bubbling on a parent) each listener keeps its own frame', () => {
    install();
    const parent = document.createElement('section');
    const child = document.createElement('button');
    parent.append(child);
    document.body.append(parent);
    const log: string[] = [];
    const onDocument = (): number => log.push(`document capture ${seen()}`);
    inFrame('D', () => document.addEventListener('click', onDocument, true));
    inFrame('P', () => parent.addEventListener('click', () => log.push(`parent ${seen()}`)));
    inFrame('K', () => child.addEventListener('click', () => log.push(`child ${seen()}`)));
    inFrame('C', () => child.click());
    document.removeEventListener('click', onDocument, true);
    parent.remove();
    expect(log).toEqual([`document capture ${frame('D')}`, `child ${frame('K')}`, `parent ${frame('P')}`]);
  });

  it('a nested dispatch runs the inner listener in its frame and gives the outer one its frame back', () => {
    install();
    const outer = document.createElement('div');
    const inner = document.createElement('div');
    const log: string[] = [];
    inFrame('I', () => inner.addEventListener('x', () => log.push(`inner ${seen()}`)));
    inFrame('O', () =>
      outer.addEventListener('x', () => {
        log.push(`outer before ${seen()}`);
        inner.dispatchEvent(new Event('x'));
        log.push(`outer after ${seen()}`);
      }),
    );
    outer.dispatchEvent(new Event('x'));
    expect(log).toEqual([`outer before ${frame('O')}`, `inner ${frame('I')}`, `outer after ${frame('O')}`]);
  });

  it('a handleEvent object runs in its registration frame', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const object = { handleEvent: () => log.push(seen()) };
    inFrame('A', () => element.addEventListener('x', object));
    inFrame('B', () => element.dispatchEvent(new Event('x')));
    expect(log).toEqual([frame('A')]);
  });

  it('listener objects without a callable handleEvent: what runs and what is thrown are as without the patch', () => {
    const run = (): string[] => {
      const log: string[] = [];
      const element = document.createElement('div');
      const object = { handleEvent(this: unknown) { log.push(`handleEvent ${this === object} ${seen()}`); } };
      for (const listener of [{}, { handleEvent: 5 }, { handleEvent: null }, object]) {
        inFrame('A', () => element.addEventListener('x', listener as EventListenerObject));
      }
      try {
        inFrame('B', () => element.dispatchEvent(new Event('x')));
      } catch (error) {
        log.push(`threw ${(error as Error).constructor.name}: ${(error as Error).message}`);
      }
      return log;
    };
    const unpatched = run().map((line) => line.replace(frame('B'), frame('A')));
    install();
    expect(run()).toEqual(unpatched);
  });

  it('a listener object whose handleEvent is added after the registration runs it, in the registration frame', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const object: { handleEvent?: () => void } = {};
    inFrame('A', () => element.addEventListener('x', object as EventListenerObject));
    object.handleEvent = () => log.push(seen());
    inFrame('B', () => element.dispatchEvent(new Event('x')));
    expect(log).toEqual([frame('A')]);
  });

  it('a duplicate add from frame B keeps the registration from A (the platform keeps the first)', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    inFrame('A', () => element.addEventListener('x', listener));
    inFrame('B', () => element.addEventListener('x', listener));
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([frame('A')]);
  });

  it('re-adding a removed listener from another frame captures the new frame', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    inFrame('A', () => element.addEventListener('x', listener));
    element.removeEventListener('x', listener);
    inFrame('B', () => element.addEventListener('x', listener));
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([frame('B')]);
  });

  it('once: re-adding after it fired captures the NEW frame', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    inFrame('A', () => element.addEventListener('x', listener, { once: true }));
    element.dispatchEvent(new Event('x'));
    inFrame('B', () => element.addEventListener('x', listener, { once: true }));
    element.dispatchEvent(new Event('x'));
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([frame('A'), frame('B')]);
  });

  it('signal: re-adding after abort captures the NEW frame', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    const controller = new AbortController();
    inFrame('A', () => element.addEventListener('x', listener, { signal: controller.signal }));
    element.dispatchEvent(new Event('x'));
    controller.abort();
    inFrame('B', () => element.addEventListener('x', listener));
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([frame('A'), frame('B')]);
  });

  it('capture and bubbling registrations of one listener keep separate frames', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (event: Event): number => log.push(`${event.eventPhase === Event.CAPTURING_PHASE ? 'capture' : 'bubble'} ${seen()}`);
    inFrame('A', () => element.addEventListener('x', listener, true));
    inFrame('B', () => element.addEventListener('x', listener, false));
    element.dispatchEvent(new Event('x'));
    expect(log.sort()).toEqual([`bubble ${frame('B')}`, `capture ${frame('A')}`]);
  });

  it('after uninstall() a new listener is not wrapped: it runs in the dispatcher\'s frame', () => {
    install();
    uninstall();
    const element = document.createElement('div');
    const log: string[] = [];
    inFrame('A', () => element.addEventListener('x', () => log.push(seen())));
    inFrame('C', () => element.dispatchEvent(new Event('x')));
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([frame('C'), EMPTY]);
  });

  it('a listener added while installed keeps its frame after uninstall() and can still be removed', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    inFrame('A', () => element.addEventListener('x', listener));
    uninstall();
    inFrame('C', () => element.dispatchEvent(new Event('x')));
    element.removeEventListener('x', listener);
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([frame('A')]);
  });

  it('a once listener added while installed, removed after uninstall(), never runs', () => {
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    inFrame('A', () => element.addEventListener('x', listener, { once: true, capture: true }));
    uninstall();
    element.removeEventListener('x', listener, { capture: true });
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([]);
  });
});

describe("events: 'dispatch': listeners run in the dispatcher's frame", () => {
  it('synchronous dispatchEvent and click() run listeners in the frame of the dispatcher', () => {
    install({ events: 'dispatch' });
    const button = document.createElement('button');
    const log: string[] = [];
    inFrame('A', () => button.addEventListener('click', () => log.push(seen())));
    inFrame('B', () => button.click());
    inFrame('C', () => button.dispatchEvent(new Event('click')));
    button.click();
    expect(log).toEqual([frame('B'), frame('C'), EMPTY]);
  });

  it('identity and once/signal still work under this policy (no wrapper on DOM targets)', () => {
    install({ events: 'dispatch' });
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    const controller = new AbortController();
    inFrame('A', () => element.addEventListener('x', listener, { signal: controller.signal }));
    inFrame('A', () => element.addEventListener('y', listener, { once: true }));
    inFrame('B', () => element.dispatchEvent(new Event('x')));
    controller.abort();
    element.dispatchEvent(new Event('x'));
    inFrame('B', () => element.dispatchEvent(new Event('y')));
    element.dispatchEvent(new Event('y'));
    expect(log).toEqual([frame('B'), frame('B')]);
  });

  it('switching the policy with install({ events }) applies to listeners added from then on', () => {
    install({ events: 'registration' });
    const element = document.createElement('div');
    const log: string[] = [];
    inFrame('A', () => element.addEventListener('x', () => log.push(`registered under registration ${seen()}`)));
    install({ events: 'dispatch' });
    inFrame('A', () => element.addEventListener('x', () => log.push(`registered under dispatch ${seen()}`)));
    inFrame('C', () => element.dispatchEvent(new Event('x')));
    expect(log).toEqual([`registered under registration ${frame('A')}`, `registered under dispatch ${frame('C')}`]);
  });
});
