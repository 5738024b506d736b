import fs from 'node:fs';
import path from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';
import { foldVietnamese } from '../../common/text';
import { invalid } from './errors';
import { projectRoot } from './paths';

// What a new password must be (registration, password change): at least MIN_LENGTH characters, not a
// common password, and not made of the account's own name or the system's name. The general list is the
// 49,000 passwords of @zxcvbn-ts/language-common; data/security/common-passwords-vi.txt adds the ones
// Vietnamese users favour. Length is the only composition rule (no "one capital, one symbol"): lists of
// real passwords stop guessable ones better, as NIST SP 800-63B advises.

export const MIN_PASSWORD_LENGTH = 8;
const VI_LIST = path.join(projectRoot(), 'data', 'security', 'common-passwords-vi.txt');
/** Words of this system itself: a password built on them is the first an attacker tries. */
const SERVICE_WORDS = ['motcua', 'dichvucong'];

let lists: { general: Set<string>; vietnamese: Set<string> } | undefined;
function commonLists() {
  lists ??= {
    general: new Set((dictionary['passwords-common'] as string[]).map(fold)),
    vietnamese: new Set(fs.readFileSync(VI_LIST, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map(fold)),
  };
  return lists;
}

/** Lower case, no diacritics, no spaces: "Mật Khẩu" and "matkhau" are the same password to a guesser. */
const fold = (s: string) => foldVietnamese(s).replace(/\s+/g, '');
const lettersAndDigits = (s: string) => fold(s).replace(/[^a-z0-9]/g, '');

export type PasswordVerdict = null | { code: 'password_too_short' | 'password_too_common' | 'password_guessable'; detail: string };

/** Why a password may not be chosen by this account, or null when it may. */
export function judgePassword(password: string, who: { username: string; fullName?: string | null }): PasswordVerdict {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return { code: 'password_too_short', detail: `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.` };
  }
  const folded = fold(password);
  // A common word with digits or symbols after it (matkhau@2025, anhyeuem123) is as easy to guess.
  const stem = folded.replace(/[^a-z]+$/, '');
  const { general, vietnamese } = commonLists();
  if (general.has(folded) || vietnamese.has(folded) || (stem.length >= 4 && stem !== folded && (general.has(stem) || vietnamese.has(stem)))) {
    return { code: 'password_too_common', detail: 'Mật khẩu này quá phổ biến, rất dễ bị đoán. Hãy chọn mật khẩu khác, ví dụ một câu ngắn chỉ bạn nhớ.' };
  }
  const plain = lettersAndDigits(password);
  const names = foldVietnamese(who.fullName ?? '').split(' ').map((t) => t.replace(/[^a-z0-9]/g, '')).filter(Boolean);
  const nameTokens = names.filter((t) => t.length >= 3);
  const personal = [lettersAndDigits(who.username), names.join(''), [...names].reverse().join('')].filter((w) => w.length >= 4);
  const plainStem = plain.replace(/[0-9]+$/, '');
  if (personal.some((w) => plain.includes(w)) || nameTokens.includes(plainStem) || SERVICE_WORDS.some((w) => plain.includes(w))) {
    return { code: 'password_guessable', detail: 'Mật khẩu không được chứa tên đăng nhập, họ tên của bạn hoặc tên của hệ thống.' };
  }
  return null;
}

/** Throws a 422 problem (field `pointer`) when the password may not be chosen. */
export function assertPasswordAllowed(password: string, who: { username: string; fullName?: string | null }, pointer: string): void {
  const v = judgePassword(password, who);
  if (v) throw invalid(v.code, v.detail, [{ path: pointer, message: v.detail }]);
}
