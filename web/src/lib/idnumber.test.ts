import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personalIdProblem } from '../../../common/ids';
import { idNumberProblem, normaliseIdNumber } from './idnumber';

describe('ID numbers as the desk types them', () => {
  it('drop the spaces, dots and dashes officers type or paste', () => {
    expect(normaliseIdNumber(' 044 095.001-234 ')).toBe('044095001234');
    expect(normaliseIdNumber(null)).toBe('');
  });

  it.each([
    ['personal', '', 'desk.idRequired'],
    ['personal', '044 095 001 234', null],
    ['personal', '04409500123', 'desk.idPersonalRule'],
    ['personal', '04409500123x', 'desk.idPersonalRule'],
    // 003 is no province code (the list skips the odd ones up north).
    ['personal', '003095001234', 'desk.idProvinceRule'],
    ['organisation', '3100123456', null],
    ['organisation', '3100123456-001', null],
    ['organisation', '31001234', 'desk.idOrganisationRule'],
    ['organisation', '31001234567', 'desk.idOrganisationRule'],
  ] as const)('%s %j → %s', (type, value, problem) => {
    expect(idNumberProblem(type, value)).toBe(problem);
  });

  it('agree with the server on which personal numbers are well formed (the server checks the birth year too)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{12}$/), (id) => {
      expect(idNumberProblem('personal', id) === null).toBe(personalIdProblem(id) === null);
    }), { numRuns: 2000 });
  });
});
