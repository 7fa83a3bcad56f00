// An add the platform refuses (a receiver that is no event target) must leave
// no registration behind: a kept one would hold the remove shim in place after
// uninstall() for a listener that was never added. In a file of its own: the
// shim follows every registration alive in the module, whichever test made it.
import { expect, it } from 'vitest';
import { install, installed, uninstall } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { inFrame } from './frames.js';

usePatchLayer();

it('an add the platform refuses throws as without the patch, and keeps nothing', () => {
  const notATarget = {};
  const listener = (): void => {};
  const refusal = (): unknown => {
    try {
      inFrame('A', () => Reflect.apply(EventTarget.prototype.addEventListener, notATarget, ['x', listener]));
    } catch (error) {
      return (error as Error).constructor;
    }
    return 'no error';
  };
  const unpatched = refusal();
  expect(unpatched).toBe(TypeError);
  install();
  expect(refusal()).toBe(unpatched);
  uninstall();
  // Nothing registered: nothing needs the remove shim.
  expect(installed()?.properties.map(({ key }) => key) ?? []).not.toContain('removeEventListener');
});
