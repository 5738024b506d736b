import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { attempt, failures } from './steps';

describe('steps of a use case', () => {
  it('report success, or the server\'s message, without throwing', async () => {
    expect(await attempt(async () => 'ok')).toEqual({ ok: true });
    const problem = new ApiError(415, { title: 'Định dạng không được hỗ trợ', detail: 'Chỉ nhận tệp PDF, JPEG hoặc PNG.', code: 'unsupported_file_type' });
    expect(await attempt(() => Promise.reject(problem))).toEqual({ ok: false, message: 'Chỉ nhận tệp PDF, JPEG hoặc PNG.' });
    expect(await attempt(() => Promise.reject('?'))).toEqual({ ok: false, message: 'Đã có lỗi xảy ra' });
  });

  it('list the failed ones by name, in order', () => {
    expect(failures([
      { name: 'a.pdf', ok: true },
      { name: 'b.pdf', ok: false, message: 'Tệp quá lớn' },
      { name: 'Giấy khai sinh', ok: false, message: 'Không tìm thấy' },
    ])).toEqual([{ name: 'b.pdf', message: 'Tệp quá lớn' }, { name: 'Giấy khai sinh', message: 'Không tìm thấy' }]);
  });
});
