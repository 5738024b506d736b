import type { FastifyServerOptions } from 'fastify';

// What the logs may hold. Personal data (ID numbers, phones, addresses, names, form data, passwords,
// session tokens) never goes there, on errors neither: everything logged is picked from an allow-list.
// A PostgreSQL error carries the failing row in `detail` ("Failing row contains (…)") and the JSON
// around a bad value in `where`; only its code and the names of the table, column and constraint are kept.

/** Query parameters whose values are never personal; any other value is logged as `***`. */
const SAFE_QUERY = new Set([
  'limit', 'offset', 'sort', 'scope', 'status', 'due', 'procedureCode', 'unit', 'unitId', 'field', 'level', 'published',
  'format', 'set', 'year', 'from', 'to', 'start', 'amount', 'cutOff', 'idType', 'dryRun',
]);

/** A URL as it may be logged: the path, and the query string with only allow-listed values kept. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    return eq < 0 || SAFE_QUERY.has(key) ? pair : `${key}=***`;
  });
  return `${url.slice(0, q)}?${query.join('&')}`;
}

/** Error properties that name things (codes, SQL identifiers), never values. */
const SAFE_ERROR_FIELDS = ['code', 'statusCode', 'severity', 'routine', 'schema', 'table', 'column', 'dataType', 'constraint', 'position'] as const;
const IDENTIFIER = /^[A-Za-z_$][\w$.]{0,62}$/;

/**
 * Free text from an error with the values taken out: double-quoted parts (how PostgreSQL and JSON.parse
 * quote input) unless they are one of `names`, single-quoted parts unless they look like an identifier,
 * e-mail addresses and runs of 8 or more digits (ID numbers, phones, tax codes, dates).
 */
export function maskValues(text: string, names: readonly string[] = []): string {
  return text
    .replace(/"([^"\n]*)"/g, (all, inner: string) => (names.includes(inner) ? all : '"…"'))
    .replace(/'([^'\n]*)'/g, (all, inner: string) => (IDENTIFIER.test(inner) ? all : "'…'"))
    .replace(/[^\s@"'<>()]+@[^\s@"'<>()]+\.[A-Za-z]{2,}/g, '…@…')
    .replace(/\+?\d(?:[ .\-/]?\d){7,}/g, '#…');
}

/** An error as it may be logged: its type, code, SQL identifiers, message and stack with values masked, and its cause. */
export function serializeError(err: unknown, depth = 0): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (err === null || typeof err !== 'object') return { type: typeof err, message: maskValues(String(err)), stack: '' };
  const e = err as Record<string, unknown>;
  const out = { type: (e.constructor as { name?: string } | undefined)?.name ?? 'Error', message: '', stack: '' } as ReturnType<typeof serializeError>;
  const names: string[] = [];
  for (const key of SAFE_ERROR_FIELDS) {
    const v = e[key];
    if (typeof v === 'string' || typeof v === 'number') {
      out[key] = v;
      if (typeof v === 'string' && key !== 'code' && key !== 'severity') names.push(v);
    }
  }
  out.message = maskValues(String(e.message ?? ''), names);
  out.stack = typeof e.stack === 'string' ? maskValues(e.stack, names) : '';
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** Paths pino blanks wherever a caller passes such an object by mistake (a second net under the allow-lists). */
const REDACT = [
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
  '*.password', '*.idNumber', '*.phone', '*.address', '*.email', '*.taxCode', '*.formData', '*.applicant', '*.token', '*.passphrase',
];

/**
 * Fastify's logger options: pino JSON at `level`, written to `stream` (stdout when not given), with the
 * request, response and error serializers above.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): NonNullable<FastifyServerOptions['logger']> {
  return {
    level, redact: { paths: REDACT, censor: '***' },
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
        method: req.method, url: redactUrl(req.url), host: req.hostname, remoteAddress: req.ip,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: serializeError,
      error: serializeError,
    },
  };
}
