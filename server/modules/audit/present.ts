import type { AuditRow } from './repo';

/** An audit entry as the admin reads it: who, what, about whom (names joined for display), from where. */
export const presentEntry = (r: AuditRow) => ({
  seq: Number(r.seq), at: r.at.toISOString(),
  actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, username: r.actor_username } : null,
  action: r.action, targetType: r.target_type, targetId: r.target_id,
  subject: r.subject_user_id || r.subject_person_id
    ? { userId: r.subject_user_id, personId: r.subject_person_id, name: r.subject_user_name ?? r.subject_person_name } : null,
  ip: r.ip, requestId: r.request_id, data: r.data,
});
