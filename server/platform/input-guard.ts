import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

// PostgreSQL cannot store U+0000 in text or jsonb, and a lone UTF-16 surrogate is not text at all
// (jsonb refuses its escape, a text column would get U+FFFD). Such input is refused at the door,
// for every route at once, before validation and before any SQL: 400 `invalid_characters`.

/** NUL, or a surrogate that is not half of a pair (with the `u` flag a pair is one code point). */
const BAD = /[\u0000\ud800-\udfff]/u;

/** True when a string holds a character that cannot be stored as text. */
export const hasBadText = (s: string): boolean => BAD.test(s);

/**
 * The JSON Pointer of the first string (or object key) in `value` holding NUL or a lone surrogate,
 * or null. Walks iteratively, so a deeply nested body cannot exhaust the stack.
 */
export function badTextPath(value: unknown, base = ''): string | null {
  const stack: [unknown, string][] = [[value, base]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD.test(v)) return path || '/';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (BAD.test(k)) return p;
        stack.push([child, p]);
      }
    }
  }
  return null;
}

/** The 400 answer for unstorable characters at `path` of a request part (the value itself is never echoed). */
export function badTextError(part: 'body' | 'querystring' | 'params' | 'multipart', path: string): AppError {
  // The path shows where: a key holding NUL would otherwise echo it back.
  const shown = path.replace(/[\u0000\ud800-\udfff]/gu, '\uFFFD');
  return new AppError(400, 'invalid_characters', 'Yêu cầu không hợp lệ',
    `Dữ liệu gửi lên (${part}) có ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode không trọn vẹn) tại ${shown}.`,
    [{ path: shown, message: 'Chứa ký tự không hợp lệ (NUL hoặc ký tự Unicode không trọn vẹn).' }]);
}

/** Refuses NUL and lone surrogates in the path parameters, query string and JSON body of every route. */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [part, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
      const path = badTextPath(value);
      if (path !== null) throw badTextError(part, path);
    }
  });
}
