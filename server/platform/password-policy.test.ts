import { describe, expect, it } from 'vitest';
import { judgePassword } from './password-policy';

const who = { username: 'tran.binh', fullName: 'Trần Thị Bình' };
const code = (pw: string) => judgePassword(pw, who)?.code ?? null;

describe('password rules', () => {
  it('asks for 8 characters, counted as characters (not bytes)', () => {
    expect(code('Đò ơi!')).toBe('password_too_short');
    expect(code('Đò ơi đò')).toBeNull();
  });

  it('refuses the general list and Vietnamese favourites, with or without diacritics, capitals or a number after', () => {
    for (const pw of ['password', 'Password1', '1q2w3e4r5t', 'iloveyou', '123456a@', 'matkhau123', 'Mật Khẩu 2025', 'anhyeuem', 'AnhYeuEm123!', 'emyeuanh@@', 'vietnam2024', 'Abc@123456', 'P@ssw0rd']) {
      expect(code(pw), pw).toBe('password_too_common');
    }
  });

  it("refuses the account's own name, username and the system's name", () => {
    for (const pw of ['tran.binh88', 'TranThiBinh', 'binhthitran', 'Bình1990', 'MotCua@2025', 'motcuaquangtri']) {
      expect(code(pw), pw).toBe('password_guessable');
    }
  });

  it('accepts a long phrase', () => {
    expect(code('Mùa lúa chín trên đồng Lệ Thủy')).toBeNull();
    expect(code('k7#Qm2!vX9')).toBeNull();
  });
});
