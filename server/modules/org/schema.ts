import { Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Unit = Type.Object({
  id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String(),
  parentId: Nullable(Type.String()), agencyCode: Type.String(),
});
export const AdminUnit = Type.Object({ ...Unit.properties, address: Nullable(Type.String()), phone: Nullable(Type.String()) });
