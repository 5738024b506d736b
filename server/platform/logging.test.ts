import { describe, expect, it } from 'vitest';
import { redactUrl } from '../app';

describe('request logging', () => {
  it('masks personal identifiers in logged URLs', () => {
    expect(redactUrl('/api/v1/desk/people?idType=personal&idNumber=044095001234')).toBe('/api/v1/desk/people?idType=personal&idNumber=***');
    expect(redactUrl('/x?phone=0912345678&email=a%40b.vn&q=khai+sinh')).toBe('/x?phone=***&email=***&q=khai+sinh');
  });
});
