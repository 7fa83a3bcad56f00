// A run that sets a key again replaces its value in the frame: a snapshot
// taken inside must not keep the value it shadows alive (the frame drops the
// replaced entry, whether it was the newest one or an older one).
import { expect, it } from 'vitest';
import { Snapshot, Variable } from '../../src/index.js';
import { big, collected, inBigFrame } from './gc.js';

const other = new Variable<string>({ name: 'other' });

it('a value replaced by a nested run of the same variable is collected while a snapshot of the inner run lives', async () => {
  let inner: Snapshot | undefined;
  const ref = inBigFrame(() => big.run({ small: true }, () => (inner = new Snapshot())));
  expect(await collected(ref)).toBe(true);
  expect(inner!.run(() => big.get())).toEqual({ small: true });
});

it('likewise when another variable was set between the two runs', async () => {
  let inner: Snapshot | undefined;
  const ref = inBigFrame(() => other.run('between', () => big.run({ small: true }, () => (inner = new Snapshot()))));
  expect(await collected(ref)).toBe(true);
  expect(inner!.run(() => [big.get(), other.get()])).toEqual([{ small: true }, 'between']);
});
