// The capabilities this place has, carried to vitest's reporter in the test's
// meta (test/setup/skips-reporter.ts checks them against
// test/portable/expected-profiles.ts). The portable runners get the same
// profile with the report (test/portable/bundle.ts).
import { expect, it } from 'vitest';
import { capabilitiesOf } from '../portable/profile.js';
import { profile } from './capabilities.js';

it('the place reports its capabilities (its profile)', { meta: { profile } }, () => {
  expect(Object.keys(profile).sort()).toEqual(capabilitiesOf('contract').sort());
  for (const present of Object.values(profile)) expect(typeof present).toBe('boolean');
});
