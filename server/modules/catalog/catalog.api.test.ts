import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

const search = async (q: string, extra = '') => {
  const res = await t.app.inject(`/api/v1/procedures?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: { code: string; name: string }[]; total: number };
};

describe('procedure search as citizens type', () => {
  it.each([
    ['dang ky khai sinh'], ['ĐĂNG KÝ KHAI SINH'], ['Dang Ky Khai Sinh'], ['khai sihn'], ['1.001193'],
  ])('finds "Đăng ký khai sinh" first for %s', async (q) => {
    const r = await search(q);
    expect(r.items[0]).toMatchObject({ code: '1.001193', name: 'Đăng ký khai sinh' });
  });

  it.each([
    ['chung thuc ban sao', '2.000815'], ['CHỨNG THỰC CHỮ KÝ', '2.000884'], ['dang ky ket hon', '1.000894'],
    ['dang ky thuong tru', '1.004222'], ['tam tru', '1.004194'], ['ly lich tu phap cho cong dan', '2.000488'],
    ['xac nhan tinh trang hon nhan', '1.004873'], ['dang ky lai khai sinh', '1.004884'], ['dang ky khai tu', '1.000656'],
    ['giay phep xay dung nha o rieng le', '1.013225'], ['tro cap xa hoi hang thang', '1.001776'], ['ket hhon', '1.000894'],
    ['dang ky khai s', '1.001193'], ['2.000815', '2.000815'],
  ])('finds the right procedure first for "%s"', async (q, code) => {
    const r = await search(q);
    expect(r.items[0]?.code).toBe(code);
  });

  it('completes a partial code with every procedure it starts', async () => {
    const r = await search('2.0008');
    expect(r.items.map((i) => i.code)).toEqual(expect.arrayContaining(['2.000815', '2.000884']));
    expect(r.items.every((i) => i.code.startsWith('2.0008'))).toBe(true);
  });

  it('finds nothing for nonsense rather than everything', async () => {
    expect((await search('zzqxw')).total).toBe(0);
  });

  it('ranks and pages with a total', async () => {
    const all = await search('', '&limit=5');
    expect(all.items).toHaveLength(5);
    expect(all.total).toBeGreaterThanOrEqual(15);
    const page2 = await search('', '&limit=5&offset=5');
    expect(page2.items.map((i) => i.code)).not.toContain(all.items[0]!.code);
  });

  it('filters by field and by serving unit', async () => {
    const hoTich = await search('', '&field=HOTICH&limit=100');
    expect(hoTich.items.length).toBeGreaterThan(0);
    expect(hoTich.items.every((i) => (i as unknown as { field: { code: string } }).field.code === 'HOTICH')).toBe(true);
    const atWard = await search('', '&unit=P-DONGHOI&limit=100');
    expect(atWard.items.map((i) => i.code)).toContain('1.001193');
    expect(atWard.items.map((i) => i.code)).not.toContain('2.000488');
    const provincial = await search('', '&level=department&limit=100');
    expect(provincial.total).toBeGreaterThan(0);
    expect(provincial.items.every((i) => (i as unknown as { level: string }).level === 'department')).toBe(true);
    const both = await search('khai sinh', '&level=commune&field=HOTICH');
    expect(both.items[0]?.code).toBe('1.001193');
  });

  it('shows the full procedure with its e-form and where it is served', async () => {
    const res = await t.app.inject('/api/v1/procedures/1.001193');
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.formSchema).toMatchObject({ type: 'object' });
    expect(p.documents.length).toBeGreaterThan(0);
    expect(p.units.map((u: { code: string }) => u.code)).toContain('P-DONGHOI');
    expect(p.processingTime).toMatchObject({ unit: 'day' });
  });

  it('answers 404 with a problem for an unknown code and 400 for a bad limit', async () => {
    const res = await t.app.inject('/api/v1/procedures/9.999999');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('procedure_not_found');
    expect((await t.app.inject('/api/v1/procedures?limit=abc')).statusCode).toBe(400);
  });
});
