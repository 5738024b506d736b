import { describe, expect, it } from 'vitest';
import { docKey, sameDocName } from './text';

describe('document names', () => {
  it('match whatever the case, diacritics and spacing', () => {
    expect(docKey('  Giấy   chứng sinh ')).toBe('giay chung sinh');
    expect(sameDocName('Bản sao Giấy khai sinh', 'ban sao  giay KHAI SINH')).toBe(true);
    expect(sameDocName('Đơn đề nghị', 'Don de nghi')).toBe(true);
  });

  it('never match an empty name, not even another empty one', () => {
    expect(sameDocName('', '')).toBe(false);
    expect(sameDocName(null, undefined)).toBe(false);
    expect(sameDocName('Tờ khai', 'Tờ khai cư trú')).toBe(false);
  });
});
