import { Secret, TOTP } from 'otpauth';

// A test's authenticator app, computing codes with the same library as the server (RFC 6238, 30 s, 6 digits).
// The server accepts each 30-second step once and the steps either side of now, so the codes a test sends
// must move forward: `code()` takes the earliest step not used yet, and when that is still in the future
// beyond the server's window it waits for the clock (at most one step).

const PERIOD_MS = 30_000;

/** Codes for one enrolled secret, never the same step twice. */
export class Authenticator {
  private lastStep = Number.NEGATIVE_INFINITY;
  private readonly secret: Secret;

  constructor(base32: string) {
    this.secret = Secret.fromBase32(base32);
  }

  /** The code of the earliest unused step the server accepts at `now()` (milliseconds, the server's clock). */
  async code(now: () => number = Date.now): Promise<string> {
    const step = Math.max(Math.floor(now() / PERIOD_MS) - 1, this.lastStep + 1);
    const waitUntil = Date.now() + PERIOD_MS + 5_000;
    while (Math.floor(now() / PERIOD_MS) + 1 < step) {
      if (Date.now() > waitUntil) {
        throw new Error('TOTP: every code the server accepts at this moment has been used, and the clock does not move (t.setNow?)');
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    this.lastStep = step;
    return TOTP.generate({ secret: this.secret, algorithm: 'SHA1', digits: 6, period: 30, timestamp: step * PERIOD_MS });
  }
}
