import { Type } from 'typebox';

export const Stored = Type.Object({
  id: Type.String(), name: Type.String(), contentType: Type.String(), size: Type.Integer(), createdAt: Type.String(),
  sourceDossierCode: Type.Union([Type.String(), Type.Null()]),
});
export const StoredList = Type.Object({ items: Type.Array(Stored) });
