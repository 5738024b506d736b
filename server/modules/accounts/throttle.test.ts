import { describe, expect, it } from 'vitest';
import { addressKey, chargeAccount, chargeAddress, lockDelayMs, type ThrottlePolicy } from './throttle';

const p: ThrottlePolicy = { lockAfter: 5, baseLockMs: 60_000, maxLockMs: 3600_000, forgetAfterMs: 86_400_000, addressLimit: 3, addressWindowMs: 900_000 };
const at = (s: number) => new Date(Date.UTC(2026, 11, 1) + s * 1000);

describe('sign-in throttle rules', () => {
  it('locks from the Nth failure, doubling up to the maximum', () => {
    expect([4, 5, 6, 7, 11, 12, 40].map((f) => lockDelayMs(f, p) / 60_000)).toEqual([0, 1, 2, 4, 60, 60, 60]);
  });

  it('refuses while locked without counting, and forgets old failures', () => {
    let row = undefined as Parameters<typeof chargeAccount>[0];
    for (let i = 0; i < 5; i++) {
      const c = chargeAccount(row, at(i), p);
      if (!c.allowed) throw new Error('refused too early');
      row = c.next;
    }
    expect(row!.lockedUntil).toEqual(at(4 + 60));
    expect(chargeAccount(row, at(30), p)).toEqual({ allowed: false, retryAfterMs: 34_000 });
    const after = chargeAccount(row, at(70), p);
    expect(after.allowed && after.next).toMatchObject({ failures: 6, lockedUntil: at(70 + 120) });
    const dayLater = chargeAccount({ ...row!, lockedUntil: null }, at(4 + 86_401), p);
    expect(dayLater.allowed && dayLater.next.failures).toBe(1);
  });

  it('allows a fixed number of failures per address per window', () => {
    let row = undefined as Parameters<typeof chargeAddress>[0];
    for (let i = 0; i < 3; i++) {
      const c = chargeAddress(row, at(i), p);
      if (!c.allowed) throw new Error('refused too early');
      row = c.next;
    }
    expect(chargeAddress(row, at(100), p)).toEqual({ allowed: false, retryAfterMs: 800_000 });
    expect(chargeAddress(row, at(900), p).allowed).toBe(true);
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped ones as IPv4', () => {
    expect(addressKey('203.0.113.9')).toBe('address:203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('address:203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('address:2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('address:0:0:0:0::/64');
  });
});
