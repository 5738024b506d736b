import { describe, expect, it } from 'vitest';
import { organisationIdProblem, personalIdProblem } from './ids';

describe('identification numbers', () => {
  it('accepts a 12-digit personal ID with a province code and a matching birth year', () => {
    expect(personalIdProblem('044095001234')).toBeNull();
    expect(personalIdProblem('044095001234', '1995-03-12')).toBeNull(); // Quảng Bình (044), male 1900s, 95
    expect(personalIdProblem('045301004321', '2001-11-02')).toBeNull(); // Quảng Trị (045), female 2000s, 01
  });
  it('refuses wrong lengths, unknown province codes and a birth year that does not match', () => {
    expect(personalIdProblem('04409500123')).toMatch(/12 chữ số/);
    expect(personalIdProblem('04409500123a')).toMatch(/12 chữ số/);
    expect(personalIdProblem('003095001234')).toMatch(/Mã tỉnh "003"/);
    expect(personalIdProblem('044095001234', '1996-03-12')).toMatch(/năm sinh/);
    expect(personalIdProblem('044295001234', '1995-03-12')).toMatch(/năm sinh/);
  });
  it('accepts 10- and 13-digit organisation codes', () => {
    expect(organisationIdProblem('3100123456')).toBeNull();
    expect(organisationIdProblem('3100123456-001')).toBeNull();
    expect(organisationIdProblem('31001234')).toMatch(/10 hoặc 13/);
  });
});
