import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { fieldForErrorPath, missingDocuments, toDeskInput, type ReceptionValues } from './form';

const base: ReceptionValues = {
  idType: 'personal',
  idNumber: '044 190.012-345',
  fullName: '  Phạm Thị Hoa ',
  birthDate: dayjs('1990-04-02'),
  address: '  ',
  phone: '0905 111.222',
  email: undefined,
  procedureCode: '2.000815',
  unitId: 'u-1',
  receivingUnitId: 'desk-1',
  documents: [
    { name: 'Bản chính', originals: 1, copies: 0, provided: true },
    { name: 'Bản sao', originals: 0, copies: 1, provided: false },
  ],
  sets: 2,
  returnPlace: '',
  fees: [
    { name: ' Phí chứng thực ', amount: 2000, receiptNumber: ' BL-1 ' },
    { name: 'Miễn phí', amount: 0, receiptNumber: '' },
    { name: 'Chưa nhập', amount: null },
  ],
};

describe('the body of a walk-in reception', () => {
  it('trims text, strips separators from the ID number and phone, and leaves out empty optional fields', () => {
    const body = toDeskInput(base, 'accept', undefined, 'Tại Bộ phận một cửa');
    expect(body.applicant).toEqual({
      idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa', birthDate: '1990-04-02', phone: '0905111222',
    });
    expect(body).toMatchObject({ procedureCode: '2.000815', unitId: 'u-1', receivingUnitId: 'desk-1', sets: 2, decision: 'accept', authorised: null });
    // An empty return place falls back to the desk; a blank comment is not sent.
    expect(body.returnPlace).toBe('Tại Bộ phận một cửa');
    expect('comment' in body).toBe(false);
    expect(body.documents).toEqual([
      { name: 'Bản chính', originals: 1, copies: 0, provided: true },
      { name: 'Bản sao', originals: 0, copies: 1, provided: false },
    ]);
  });

  it('sends only the fees with an amount, and only when the dossier is accepted', () => {
    expect(toDeskInput(base, 'accept', undefined, '').fees).toEqual([{ name: 'Phí chứng thực', amount: 2000, receiptNumber: 'BL-1' }]);
    expect('fees' in toDeskInput(base, 'supplement', 'Bản sao', '')).toBe(false);
    expect('fees' in toDeskInput(base, 'reject', 'Không thuộc thẩm quyền', '')).toBe(false);
  });

  it('sends a birth date only for a person, and the comment trimmed', () => {
    const org = toDeskInput({ ...base, idType: 'organisation', idNumber: '3100123456' }, 'supplement', '  Thiếu bản sao \n', '');
    expect('birthDate' in org.applicant).toBe(false);
    expect(org.comment).toBe('Thiếu bản sao');
  });

  it('sends the person acting for the applicant only when the box is ticked', () => {
    const authorised = { fullName: ' Trần Văn Bình ', idNumber: '045 301 004 321', document: ' Giấy ủy quyền số 12 ', phone: '', address: ' Đồng Hới ' };
    expect(toDeskInput({ ...base, hasAuthorised: false, authorised }, 'accept', undefined, '').authorised).toBeNull();
    expect(toDeskInput({ ...base, hasAuthorised: true, authorised }, 'accept', undefined, '').authorised).toEqual({
      fullName: 'Trần Văn Bình', idNumber: '045301004321', document: 'Giấy ủy quyền số 12', address: 'Đồng Hới',
    });
  });
});

describe('the form field a server error points at', () => {
  it.each([
    ['/applicant/idNumber', ['idNumber']],
    ['/applicant/fullName', ['fullName']],
    ['/authorised/document', ['authorised', 'document']],
    ['/fees/1/receiptNumber', ['fees', 1, 'receiptNumber']],
    // A checklist row has only its "provided" box.
    ['/documents/0/name', ['documents', 0, 'provided']],
    ['/unitId', ['unitId']],
    ['/body/returnPlace', ['returnPlace']],
  ])('%s → %j', (path, field) => {
    expect(fieldForErrorPath(path)).toEqual(field);
  });

  it.each(['/comment', '/applicant', '/fees/1', '/decision', '', '/somethingElse'])('%s has no field of its own', (path) => {
    expect(fieldForErrorPath(path)).toBeNull();
  });
});

describe('the documents not handed in', () => {
  it('lists the unticked rows by name, skipping rows the form has not filled yet', () => {
    expect(missingDocuments(undefined)).toEqual([]);
    expect(missingDocuments([...base.documents, undefined])).toEqual(['Bản sao']);
  });
});
