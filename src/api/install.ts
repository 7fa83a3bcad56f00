import { active } from '../backends/active.js';
import { expected, optionsObject } from '../core/checks.js';
import { installPatches, patchedPolicy, uninstallPatches } from '../patch/installer.js';
import type { EventPolicy, PatchOptions } from '../patch/patch.js';
import { placeServerGenerators, removeServerGenerators } from './server-generators.js';

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

function patchOptions(options: unknown): PatchOptions {
  const opts = optionsObject(options, 'install');
  for (const key of Object.keys(opts ?? {})) {
    if (key !== 'events') {
      throw new TypeError(
        `install: unknown option '${key}' (known: events)${key === 'warnOnLostAwait' ? "; warnOnLostAwait() is in 'taskcontext/dev'" : ''}`,
      );
    }
  }
  const events = opts?.events ?? 'registration';
  if (events !== 'registration' && events !== 'dispatch') {
    expected('install', "options.events 'registration' or 'dispatch'", events);
  }
  return { events };
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
 *
 * @returns whether the patch layer is installed now (`false` on servers, generator scopes or not).
 */
export function install(options?: InstallOptions): boolean {
  const checked = patchOptions(options);
  if (active.name !== 'patch') {
    placeServerGenerators();
    return false;
  }
  installPatches(checked);
  return true;
}

/**
 * Puts back exactly what `install()` replaced. Where another library wrapped
 * a method after us, its wrapper keeps working and ours turns into a
 * pass-through. Callbacks wrapped before keep their frame.
 */
export function uninstall(): void {
  removeServerGenerators();
  uninstallPatches();
}

/** The event policy of the installed patch layer, or undefined when it is not installed. */
export function installed(): EventPolicy | undefined {
  return patchedPolicy();
}

/** AioContext's name for `install()`. */
export function wrapTaskFactory(options?: InstallOptions): boolean {
  return install(options);
}
