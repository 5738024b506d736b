import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { isAdmin, requireActor } from '../../platform/auth';
import { forbidden } from '../../platform/errors';
import { problemResponses } from '../../platform/openapi';
import { lockedAccounts } from '../accounts/throttle';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Unit = Type.Object({
  id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String(),
  parentId: Nullable(Type.String()), agencyCode: Type.String(),
});
const AdminUnit = Type.Object({ ...Unit.properties, address: Nullable(Type.String()), phone: Nullable(Type.String()) });

/** Units (public), and the admin's read-only views of units, staff and workflows. */
export async function orgRoutes(app: App, { db, now }: AppDeps) {
  const units = (tenantId?: string) => {
    let q = db.selectFrom('units as u').innerJoin('unit_levels as l', 'l.code', 'u.level_code')
      .select(['u.id', 'u.code', 'u.name', 'u.level_code', 'u.parent_id', 'u.agency_code', 'u.address', 'u.phone']);
    if (tenantId) q = q.where('u.tenant_id', '=', tenantId);
    return q.orderBy('l.rank').orderBy('u.name').execute();
  };

  app.get('/api/v1/units', {
    schema: { tags: ['org'], summary: 'Cơ quan, đơn vị', response: { 200: Type.Object({ items: Type.Array(Unit) }) } },
  }, async (req) => ({
    items: (await units(req.actor?.tenantId)).map((u) => ({
      id: u.id, code: u.code, name: u.name, level: u.level_code, parentId: u.parent_id, agencyCode: u.agency_code,
    })),
  }));

  const requireAdmin = (req: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(req);
    if (!isAdmin(actor)) throw forbidden('Chỉ quản trị viên mới xem được mục này.');
    return actor;
  };

  app.get('/api/v1/admin/units', {
    schema: { tags: ['admin'], summary: 'Đơn vị (quản trị)', response: { 200: Type.Object({ items: Type.Array(AdminUnit) }), ...problemResponses(401, 403) } },
  }, async (req) => {
    const actor = requireAdmin(req);
    return {
      items: (await units(actor.tenantId)).map((u) => ({
        id: u.id, code: u.code, name: u.name, level: u.level_code, parentId: u.parent_id, agencyCode: u.agency_code,
        address: u.address, phone: u.phone,
      })),
    };
  });

  app.get('/api/v1/admin/users', {
    schema: {
      tags: ['admin'], summary: 'Cán bộ và tài khoản (quản trị)',
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            id: Type.String(), username: Type.String(), fullName: Type.String(), kind: Type.String(),
            roles: Type.Array(Type.Object({ role: Type.String(), unitCode: Nullable(Type.String()), unitName: Nullable(Type.String()) })),
            /** Sign-in locked (failed attempts) until then; an admin may unlock. */
            lockedUntil: Nullable(Type.String()),
            totpEnabled: Type.Boolean(),
          })),
        }),
        ...problemResponses(401, 403),
      },
    },
  }, async (req) => {
    const actor = requireAdmin(req);
    // Staff only: citizens' accounts hold personal data an admin listing does not need.
    const rows = await db.selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .leftJoin('units as un', 'un.id', 'r.unit_id')
      .leftJoin('user_totp as t', 't.user_id', 'u.id')
      .select(['u.id', 'u.username', 'u.full_name', 'u.kind', 'r.role', 'un.code as unit_code', 'un.name as unit_name', 't.enabled_at as totp_enabled_at'])
      .where('u.tenant_id', '=', actor.tenantId)
      .where('u.kind', '=', 'officer')
      .orderBy('un.code').orderBy('u.username')
      .execute();
    const locks = await lockedAccounts(db, [...new Set(rows.map((r) => r.username))], new Date(now()));
    const byUser = new Map<string, {
      id: string; username: string; fullName: string; kind: string; roles: { role: string; unitCode: string | null; unitName: string | null }[];
      lockedUntil: string | null; totpEnabled: boolean;
    }>();
    for (const r of rows) {
      const u = byUser.get(r.id) ?? {
        id: r.id, username: r.username, fullName: r.full_name, kind: r.kind, roles: [],
        lockedUntil: locks.get(r.username.toLowerCase())?.toISOString() ?? null, totpEnabled: !!r.totp_enabled_at,
      };
      u.roles.push({ role: r.role, unitCode: r.unit_code, unitName: r.unit_name });
      byUser.set(r.id, u);
    }
    return { items: [...byUser.values()] };
  });
}
