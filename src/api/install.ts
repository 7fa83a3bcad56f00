import { expected, optionsObject } from '../core/checks.js';
import { kept, placed, policy, staysNow, takeBack } from '../instrument/ledger.js';
import { installPatches } from '../patch/installer.js';
import { placeServerGenerators } from '../patch/server-generators.js';
import { backendName } from '../seam/seam.js';

/**
 * Which frame an event listener runs in: `'registration'` (the frame at
 * `addEventListener` or `on*` assignment, as zone.js) or `'dispatch'` (the
 * TC39 web integration). See {@link InstallOptions.events}.
 */
export type EventPolicy = 'registration' | 'dispatch';

/** Options of `install()`. */
export interface InstallOptions {
  /**
   * Which frame an event listener runs in. `'registration'` (default, as
   * zone.js): the frame at `addEventListener` or `on*` assignment.
   * `'dispatch'` (the TC39 web integration): the dispatcher's frame for
   * `dispatchEvent`/`click()`, the `send()` frame for XHR events, the empty
   * frame for events from outside (input, messages) and observers.
   */
  events?: EventPolicy;
}

/** One property of a platform object that taskcontext replaced or defined. */
export interface InstalledProperty {
  /** The object: `Promise.prototype`, `globalThis`, `EventTarget.prototype`, … */
  readonly target: object;
  /** The property: `'then'`, `'setTimeout'`, `'AsyncContext'`, … */
  readonly key: PropertyKey;
  /**
   * What put it there: `'install'` (`install()`: the patch layer, or on a
   * server the generator scopes of built code), `'polyfill'`
   * (`taskcontext/polyfill`: the global `AsyncContext`, and on servers
   * `FinalizationRegistry`), `'dev'` (`warnOnLostAwait()` of `taskcontext/dev`).
   */
  readonly by: 'install' | 'polyfill' | 'dev';
  /**
   * Set once `uninstall()` has taken the property back, if it still holds
   * taskcontext's function, and says why: an `on*` accessor that may hold a
   * handler set while installed (its getter still returns that handler), or
   * `removeEventListener` while listeners added while installed are registered
   * (removing them still works). Each goes when its reason does.
   */
  readonly stays?: string;
}

/** What taskcontext has put in place: `installed()`'s answer. */
export interface Installation {
  /** The installed patch layer's event policy; undefined where the patch layer is not installed. */
  readonly events: EventPolicy | undefined;
  /** Every property in place, oldest first, then every one that stays after `uninstall()`. */
  readonly properties: readonly InstalledProperty[];
}

/** Checks `install()`'s options; returns the event policy. */
function eventPolicy(options: unknown): EventPolicy {
  const opts = optionsObject(options, 'install') ?? {};
  for (const key of Object.keys(opts)) {
    if (key !== 'events') throw new TypeError(`install: unknown option '${key}'`);
  }
  const events = opts.events ?? 'registration';
  if (events !== 'registration' && events !== 'dispatch') {
    expected('install', "options.events 'registration' or 'dispatch'", events);
  }
  return events;
}

/**
 * Installs the patch layer, so that promise callbacks, timers, microtasks,
 * animation frames, idle callbacks, event listeners and observers run in the
 * frame they were scheduled from. Only the `'patch'` backend needs it
 * (browsers, web workers); where `backend()` is `'als'` or `'native'` the
 * runtime already carries context. One thing it does not carry: a generator's
 * body into the frame where the generator was created (the proposal's rule).
 * So on `'als'` with `enterWith` (Node, Bun, Deno) `install()` places, for
 * code built with the await plugin, the scopes of generators only, and
 * `uninstall()` takes them away; on workerd (no `enterWith`) and with a
 * native `AsyncContext` (which keeps the rule itself) it changes nothing.
 * Idempotent; calling it with another `events` policy reinstalls.
 * `installed()` says what it put in place.
 *
 * @returns whether the patch layer is installed now (`false` on servers, generator scopes or not).
 */
export function install(options?: InstallOptions): boolean {
  const policy = eventPolicy(options);
  if (backendName() !== 'patch') {
    placeServerGenerators();
    return false;
  }
  installPatches(policy);
  return true;
}

/**
 * Takes back everything taskcontext put in place: what `install()` replaced,
 * and also the global `AsyncContext` and `FinalizationRegistry` patch of
 * `taskcontext/polyfill` and the check of `warnOnLostAwait()`. Each property
 * is what it was before, except where another library wrapped it after us:
 * its wrapper keeps working and ours turns into a pass-through. Callbacks
 * wrapped before keep their frame. What must stay a little longer (see
 * {@link InstalledProperty.stays}) is reported by `installed()`.
 */
export function uninstall(): void {
  takeBack();
}

/**
 * What taskcontext has put in place now: each property it replaced or
 * defined, by whom, and the installed patch layer's event policy; or
 * undefined when nothing is in place (before any `install()`, or after
 * `uninstall()` once nothing stays).
 */
export function installed(): Installation | undefined {
  const properties: InstalledProperty[] = [
    ...placed.map(({ target, key, by }) => ({ target, key, by })),
    // Only those that stay, each with its reason.
    ...kept.filter(staysNow).map(({ target, key, by, staysBecause }) => ({ target, key, by, stays: staysBecause?.() })),
  ];
  return properties.length === 0 ? undefined : { events: policy, properties };
}

/** AioContext's name for `install()`. */
export function wrapTaskFactory(options?: InstallOptions): boolean {
  return install(options);
}
