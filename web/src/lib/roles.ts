/** Role helpers deciding which areas of the UI a user can see. */
import type { User } from '../api/types';
import { OFFICER_ROLES } from '../../../common/workflow';

/** True when the user holds an officer role (desk, specialist, leader) somewhere. */
export function isOfficer(user: User | null | undefined): boolean {
  return !!user && user.roles.some((r) => (OFFICER_ROLES as readonly string[]).includes(r.role));
}

/** Officers of a one-stop desk (Bộ phận tiếp nhận và trả kết quả). */
export function isDesk(user: User | null | undefined): boolean {
  return !!user && user.roles.some((r) => r.role === 'desk');
}

/** The units where an officer holds a role (deduplicated, in role order). */
export function unitsWithRole(user: User | null | undefined, role: string): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of user?.roles ?? []) {
    if (r.role === role && r.unitId && !seen.has(r.unitId)) seen.set(r.unitId, r.unitName ?? r.unitCode ?? r.unitId);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** The desk units of an officer. */
export const deskUnits = (user: User | null | undefined) => unitsWithRole(user, 'desk');

/** The units an officer leads (they may assign tasks and delegate there). */
export const leaderUnits = (user: User | null | undefined) => unitsWithRole(user, 'leader');

/** True when the user holds `role` at `unitId`. */
export function holdsRole(user: User | null | undefined, role: string, unitId: string | null | undefined): boolean {
  return !!user && user.roles.some((r) => r.role === role && (!unitId || r.unitId === unitId));
}

export function isAdmin(user: User | null | undefined): boolean {
  return !!user && user.roles.some((r) => r.role === 'admin');
}

export function isApplicant(user: User | null | undefined): boolean {
  return !!user && (user.kind === 'citizen' || user.kind === 'business' || user.roles.some((r) => r.role === 'citizen' || r.role === 'business'));
}

/** The account security page (password, second factor, sessions). */
export const SECURITY_PAGE = '/tai-khoan/bao-mat';

/** An admin without a second factor yet: the server answers nothing else until it is enrolled. */
export function mustEnrollTotp(user: User | null | undefined): boolean {
  return !!user && !!user.totpRequired && !user.totpEnabled;
}

/** Where to land after login when no ?next is given. */
export function homeFor(user: User): string {
  if (mustEnrollTotp(user)) return SECURITY_PAGE;
  if (isOfficer(user)) return '/xu-ly';
  if (isAdmin(user)) return '/quan-tri';
  return '/';
}

/** Only allow same-site relative redirects. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return null;
  return next;
}
