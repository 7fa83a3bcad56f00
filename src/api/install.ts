import { describe, optionsObject } from '../core/checks.js';

/** Options of `install()`. */
export interface InstallOptions {
  /**
   * Which frame an event listener runs in: `'registration'` (default, as
   * zone.js: the frame at `addEventListener`) or `'dispatch'` (the TC39 web
   * integration: the dispatcher's frame, the empty frame for outside events).
   */
  events?: 'registration' | 'dispatch';
}

const EVENT_POLICIES = ['registration', 'dispatch'] as const;

/** Checked options with their defaults filled in. */
export interface ResolvedInstallOptions {
  events: (typeof EVENT_POLICIES)[number];
}

export function resolveInstallOptions(options: unknown): ResolvedInstallOptions {
  const opts = optionsObject(options, 'install');
  const events = opts?.events ?? 'registration';
  if (!(EVENT_POLICIES as readonly unknown[]).includes(events)) {
    throw new TypeError(`install: options.events must be 'registration' or 'dispatch', got ${describe(events)}`);
  }
  return { events: events as ResolvedInstallOptions['events'] };
}

let installed: ResolvedInstallOptions | undefined;

/**
 * Installs the patch layer so that promise callbacks, timers, microtasks and
 * event listeners run in the frame they were scheduled from. Needed where
 * the backend is `'patch'` (browsers, web workers); elsewhere it changes
 * nothing. Idempotent.
 */
export function install(options?: InstallOptions): void {
  installed = resolveInstallOptions(options);
}

/** Puts back everything `install()` replaced. */
export function uninstall(): void {
  installed = undefined;
}

/** AioContext's name for `install()`. */
export function wrapTaskFactory(options?: InstallOptions): void {
  install(options);
}

export function installedOptions(): ResolvedInstallOptions | undefined {
  return installed;
}
