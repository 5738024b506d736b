import { afterEach, beforeEach } from 'vitest';
import { frozenClocks } from './helpers';

// A test that moves a test app's clock (`t.setNow`) must not leave it moved for the next test: each clock
// is put back, after every test, where it was when the test began (a file may set one in `beforeAll` for
// all its tests; that one stays).
const before = new Map<object, number | null>();
beforeEach(() => {
  before.clear();
  for (const c of frozenClocks) before.set(c, c.get());
});
afterEach(() => {
  for (const c of frozenClocks) c.set(before.has(c) ? before.get(c)! : null);
});
