import { Type, type Static } from 'typebox';
import { ID_TYPES } from '../../../common/accounts';
import { DESK_DECISIONS } from '../../../common/dossier';
import { Money, oneOf } from '../../platform/openapi';

const Opt = (maxLength = 500) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));
export const IdType = oneOf(ID_TYPES);

export const Person = Type.Object({
  id: Type.String(), idType: IdType, idNumber: Type.String(), fullName: Type.String(),
  birthDate: Type.Union([Type.String(), Type.Null()]), address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]),
});

export const ReceptionBody = Type.Object({
  procedureCode: Type.String({ minLength: 1, maxLength: 60 }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  receivingUnitId: Type.Optional(Type.String({ maxLength: 64 })),
  applicant: Type.Object({
    idType: IdType, idNumber: Type.String({ minLength: 1, maxLength: 20 }), fullName: Type.String({ minLength: 2, maxLength: 200 }),
    birthDate: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])), address: Opt(), phone: Opt(30), email: Opt(200),
  }),
  authorised: Type.Optional(Type.Union([Type.Null(), Type.Object({
    fullName: Type.String({ minLength: 2, maxLength: 200 }), idNumber: Type.String({ minLength: 1, maxLength: 20 }),
    address: Opt(), phone: Opt(30), email: Opt(200), document: Type.String({ minLength: 1, maxLength: 500 }),
  })])),
  formData: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  documents: Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 1000 }), originals: Type.Integer({ minimum: 0, maximum: 99 }),
    copies: Type.Integer({ minimum: 0, maximum: 99 }), provided: Type.Boolean(),
  }), { maxItems: 100 }),
  sets: Type.Integer({ minimum: 1, maximum: 99, default: 1 }),
  returnPlace: Type.String({ minLength: 1, maxLength: 500 }),
  fees: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 500 }), amount: Money, receiptNumber: Type.String({ minLength: 1, maxLength: 60 }),
  }), { maxItems: 20 })),
  decision: oneOf(DESK_DECISIONS),
  comment: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
});
export type ReceptionInput = Static<typeof ReceptionBody>;
