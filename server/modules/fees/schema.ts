import { Type } from 'typebox';
import { Money } from '../../platform/openapi';

export const FeeBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }), amount: Money, receiptNumber: Type.String({ minLength: 1, maxLength: 60 }),
});
export const Fee = Type.Object({ id: Type.String(), name: Type.String(), amount: Type.Integer(), receiptNumber: Type.String(), paidAt: Type.String() });
