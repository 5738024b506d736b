import { TranslatableString, type RJSFValidationError } from '@rjsf/utils';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/types';
import vi from '../i18n/vi.json';
import en from '../i18n/en.json';
import { demoProcedure } from '../test/demo-data';
import { makeTransformErrors, pathSegments, prefillFormData, rjsfTranslator, toErrorSchema } from './eform';

const citizen: User = {
  id: 'u1', username: 'congdan', fullName: 'Nguyễn Văn An', kind: 'citizen', roles: [{ role: 'citizen', unitId: null, unitCode: null, unitName: null }],
  email: 'an@example.vn', phone: '0905123456', idNumber: '044095001234', idVerifiedAt: null, birthDate: '1995-03-12',
  address: 'Phường Đồng Hới, Quảng Trị', totpEnabled: false, totpRequired: false, actingFor: [],
};

describe('prefilling an e-form from the signed-in applicant', () => {
  it('fills the requester on a birth registration, never the child or the parents', () => {
    const data = prefillFormData(demoProcedure('1.001193').formSchema, citizen);
    expect(data).toMatchObject({ hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234' });
    for (const key of ['hoTenTre', 'hoTenMe', 'soDinhDanhMe', 'hoTenCha']) expect(data).not.toHaveProperty(key);
  });

  it('fills a nested requester object, birth date included, and leaves other parties alone', () => {
    const data = prefillFormData(demoProcedure('1.012756').formSchema, citizen);
    expect(data.nguoiDangKy).toEqual({
      hoTen: 'Nguyễn Văn An', ngaySinh: '1995-03-12', soDinhDanh: '044095001234', diaChi: 'Phường Đồng Hới, Quảng Trị', soDienThoai: '0905123456',
    });
    expect(data).not.toHaveProperty('thuaDat');
    // Top-level fields never get the birth date: "ngaySinh" alone may be anyone's.
    expect(prefillFormData({ type: 'object', properties: { ngaySinh: { type: 'string' } } }, citizen)).toEqual({});
  });

  it('skips what the account does not have, non-text fields, and works without a user', () => {
    const schema = { type: 'object', properties: { email: { type: 'string' }, soDienThoai: { type: 'integer' }, hoTen: { type: 'string' } } };
    expect(prefillFormData(schema, { ...citizen, email: null })).toEqual({ hoTen: 'Nguyễn Văn An' });
    expect(prefillFormData(schema, null)).toEqual({});
    expect(prefillFormData('not a schema', citizen)).toEqual({});
  });
});

describe('server error paths', () => {
  it.each([
    ['/hoTenTre', ['hoTenTre']],
    ['formData/a/0/b', ['a', '0', 'b']],
    ['formData.a', ['a']],
    ['/body/formData/giayTo/2', ['giayTo', '2']],
    ['#/a~1b/c~0d', ['a/b', 'c~d']],
    ['', []],
  ])('%j → %j', (path, segments) => {
    expect(pathSegments(path)).toEqual(segments);
  });

  it('become an rjsf error tree, several messages on one field kept in order', () => {
    expect(toErrorSchema([
      { path: '/formData/benNam/hoTen', message: 'Thiếu họ tên' },
      { path: '/formData/benNam/hoTen', message: 'Quá dài' },
      { path: '/formData/benNu/ngaySinh', message: 'Sai ngày' },
      { path: '', message: 'Toàn bộ biểu mẫu' },
    ])).toEqual({
      benNam: { hoTen: { __errors: ['Thiếu họ tên', 'Quá dài'] } },
      benNu: { ngaySinh: { __errors: ['Sai ngày'] } },
      __errors: ['Toàn bộ biểu mẫu'],
    });
  });
});

describe('validation messages', () => {
  const t = i18next.createInstance();
  void t.init({ lng: 'vi', resources: { vi: { translation: vi }, en: { translation: en } }, initAsync: false });
  const transform = makeTransformErrors(t.t.bind(t));
  const error = (name: string, params: Record<string, unknown> = {}): RJSFValidationError => ({ name, params, message: 'english', stack: 'english', property: '.x' });

  it('are Vietnamese, with the limit where there is one', () => {
    const [minLength, required, pattern] = transform([error('minLength', { limit: 3 }), error('required'), error('pattern')]);
    expect(minLength).toMatchObject({ message: 'Phải có ít nhất 3 ký tự', stack: 'Phải có ít nhất 3 ký tự', property: '.x' });
    expect(required!.message).toBe('Vui lòng nhập thông tin này');
    expect(pattern!.message).toBe('Không đúng định dạng');
  });

  it('exist in both languages for every kind they translate', () => {
    for (const lng of ['vi', 'en']) {
      void t.changeLanguage(lng);
      for (const name of ['required', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'enum', 'type']) {
        const [out] = transform([error(name, { limit: 2 })]);
        expect(out!.message, `${lng} ${name}`).not.toMatch(/^validation\.|english/);
      }
    }
    void t.changeLanguage('vi');
  });

  it('leave kinds they do not know as ajv wrote them', () => {
    expect(transform([error('const')])[0]!.message).toBe('english');
  });

  it('of rjsf itself follow the language', () => {
    expect(rjsfTranslator('vi')(TranslatableString.AddItemButton)).toBe('Thêm mục');
    expect(rjsfTranslator('en')(TranslatableString.AddItemButton)).toBe('Add Item');
    // Strings without a Vietnamese text fall back to rjsf's English, parameters filled in.
    expect(rjsfTranslator('vi')(TranslatableString.UnsupportedField)).toBe(rjsfTranslator('en')(TranslatableString.UnsupportedField));
  });
});
