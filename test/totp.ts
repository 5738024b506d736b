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

const enrolled = new Map<string, Authenticator>();

/** For browser specs that enroll through the page: the device to use for that account's later sign-ins. */
export function rememberAuthenticator(base: string, username: string, device: Authenticator): void {
  enrolled.set(`${base}|${username.toLowerCase()}`, device);
}

/**
 * For browser specs: the authenticator of an account on the server at `base`, enrolled through the HTTP API
 * on first use when `enroll` (admins must have one); an account not enrolled here and not to be gives undefined.
 */
export async function authenticatorFor(base: string, username: string, password: string, enroll: boolean): Promise<Authenticator | undefined> {
  const key = `${base}|${username.toLowerCase()}`;
  if (enrolled.has(key) || !enroll) return enrolled.get(key);
  const call = async (path: string, init: { body?: unknown; cookie?: string; csrf?: string } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.cookie ? { cookie: init.cookie, 'x-csrf-token': init.csrf! } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path} for ${username}: ${res.status} ${await res.text()}`);
    return res;
  };
  const login = await call('/api/v1/auth/login', { body: { username, password } });
  const session = await login.json() as { user?: { totpEnabled: boolean }; csrfToken: string };
  if (!session.user || session.user.totpEnabled) throw new Error(`${username} already has a second factor this spec did not enroll`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await (await call('/api/v1/account/totp/setup', { cookie, csrf: session.csrfToken })).json() as { secret: string };
  const device = new Authenticator(setup.secret);
  await call('/api/v1/account/totp/confirm', { body: { code: await device.code() }, cookie, csrf: session.csrfToken });
  await call('/api/v1/auth/logout', { cookie, csrf: session.csrfToken });
  enrolled.set(key, device);
  return device;
}
