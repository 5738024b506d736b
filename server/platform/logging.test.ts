import { describe, expect, it } from 'vitest';
import { maskValues, redactUrl, serializeError } from './logging';

describe('request logging', () => {
  it('logs only allow-listed query values: identifiers, phones, e-mails and free-text searches are masked', () => {
    expect(redactUrl('/api/v1/desk/people?idType=personal&idNumber=044095001234')).toBe('/api/v1/desk/people?idType=personal&idNumber=***');
    // `q` searches the inbox by the applicant's name too.
    expect(redactUrl('/x?phone=0912345678&email=a%40b.vn&q=Nguyen+Van+An&limit=20')).toBe('/x?phone=***&email=***&q=***&limit=20');
    expect(redactUrl('/api/v1/dossiers/abc')).toBe('/api/v1/dossiers/abc');
  });
});

describe('error logging', () => {
  it('keeps what names things and masks the values in free text', () => {
    expect(maskValues('invalid input syntax for type uuid: "Nguyễn Văn An"')).toBe('invalid input syntax for type uuid: "…"');
    expect(maskValues('new row for relation "dossiers" violates check constraint "x"', ['dossiers', 'x']))
      .toBe('new row for relation "dossiers" violates check constraint "x"');
    expect(maskValues("Cannot read properties of undefined (reading 'code')")).toBe("Cannot read properties of undefined (reading 'code')");
    expect(maskValues("call 0912 345 678 or 044095001234, mail an.nguyen@example.vn, key '12 Lê Lợi'"))
      .toBe("call #… or #…, mail …@…, key '…'");
  });

  it('serializes a PostgreSQL error without its detail, where, hint or query', () => {
    const err = Object.assign(new Error('new row for relation "dossiers" violates check constraint "no_boom"'), {
      code: '23514', severity: 'ERROR', table: 'dossiers', constraint: 'no_boom', routine: 'ExecConstraints',
      detail: 'Failing row contains (…, {"idNumber": "044095001234", "phone": "0912345678"}, …)',
      where: 'JSON data, line 1: {"address": "12 Lê Lợi', hint: 'x', internalQuery: 'select 1', parameters: ['044095001234'],
    });
    const out = serializeError(err);
    expect(out).toMatchObject({ type: 'Error', code: '23514', table: 'dossiers', constraint: 'no_boom', routine: 'ExecConstraints' });
    expect(out.message).toBe('new row for relation "dossiers" violates check constraint "no_boom"');
    expect(JSON.stringify(out)).not.toMatch(/044095001234|0912345678|Lê Lợi|Failing row|internalQuery|parameters/);
  });

  it('serializes causes the same way', () => {
    const out = serializeError(new Error('outer', { cause: new Error('inner "044095001234"') }));
    expect(out.cause).toMatchObject({ message: 'inner "…"' });
  });
});
