// e2e/post-task-scenario.ts judges what a page reports: in WebKit, which has
// no scheduler.postTask, it must check what WebKit does instead, so that the
// scenario can fail there too. A fake page hands it what a page could report.
import { describe, expect, it } from 'vitest';
import { postTaskScenario } from '../../e2e/post-task-scenario.js';

const none = { scheduler: 'undefined', inWindow: false, Scheduler: 'undefined', TaskController: 'undefined', TaskSignal: 'undefined' };
/** What WebKit reports (test/engines/webkit-e2e.ts runs the scenario there). */
const webkit = {
  engine: 'webkit',
  shipped: false,
  absent: {
    before: none,
    installed: { returned: true, policy: 'registration', globals: none, timer: 'timer' },
    uninstalled: { policy: 'none', globals: none, timer: 'empty' },
  },
};

/** Runs the scenario on a page whose probe reports `probe`. */
const judged = (probe: object) => postTaskScenario.run({ goto: async () => undefined, evaluate: async <T>() => probe as T }, 'http://127.0.0.1');

describe('the postTask scenario where the platform has no scheduler', () => {
  it('WebKit as it is: passes', async () => {
    await expect(judged(webkit)).resolves.toBeUndefined();
  });

  it('WebKit without what it does reported (all the old branch checked was the name): fails', async () => {
    await expect(judged({ engine: 'webkit', shipped: false })).rejects.toThrow();
  });

  it('a patch layer that invents a scheduler, or stops carrying a timer, or does not uninstall: fails', async () => {
    const invented = { ...none, scheduler: 'object', inWindow: true };
    await expect(judged({ ...webkit, absent: { ...webkit.absent, installed: { ...webkit.absent.installed, globals: invented } } })).rejects.toThrow();
    await expect(judged({ ...webkit, absent: { ...webkit.absent, installed: { ...webkit.absent.installed, timer: 'empty' } } })).rejects.toThrow();
    await expect(judged({ ...webkit, absent: { ...webkit.absent, uninstalled: { ...webkit.absent.uninstalled, timer: 'timer' } } })).rejects.toThrow();
  });

  it('Chromium or Firefox without postTask: fails', async () => {
    await expect(judged({ ...webkit, engine: 'chromium' })).rejects.toThrow('scheduler.postTask is missing in chromium');
  });
});
