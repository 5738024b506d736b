import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/client';

// The audit log (table audit_log, migration 0009): administration done, and personal data read by
// officers. Entries are append-only and hash-chained per tenant, so a silent edit is detectable by
// `verifyAuditChain`. `appendAudit` takes the caller's transaction: an administrative change and its
// entry commit together; a read is recorded in its own short transaction before the data is sent.

/** The chain of entries that belong to no tenant (operator commands). */
export const SYSTEM_CHAIN = '00000000-0000-0000-0000-000000000000';
const GENESIS = '0'.repeat(64);

/** What happened, by whom, to what and whose data. Never put personal data itself in `data`. */
export interface AuditEntry {
  tenantId: string | null;
  actorId: string | null;
  /** The actor's name as it was at the time (accounts are renamed, the log is not). */
  actorName?: string | null;
  /** Dotted verb, e.g. `dossier.read`, `document.read`, `user.unlock`, `admin.write`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** Whose personal data this concerns: an account, or a walk-in applicant in the registry. */
  subjectUserId?: string | null;
  subjectPersonId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** Ids, codes, counts, outcomes: what an auditor needs, not the personal data itself. */
  data?: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).filter((k) => obj[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

interface Hashed {
  chainId: string; seq: number; tenantId: string | null; at: Date; actorId: string | null; actorName: string | null;
  action: string; targetType: string | null; targetId: string | null; subjectUserId: string | null;
  subjectPersonId: string | null; ip: string | null; requestId: string | null; data: Record<string, unknown>;
}

/** The hash of an entry: SHA-256 over the previous hash and the entry's canonical content. */
export function entryHash(prevHash: string, e: Hashed): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson({ ...e, at: e.at.toISOString() })).digest('hex');
}

/**
 * Appends an entry to its tenant's chain, in the given transaction (or a new one on a plain handle).
 * The chain head row is locked until that transaction ends, which keeps the chain in commit order.
 */
export async function appendAudit(db: Tx, entry: AuditEntry, at: Date = new Date()): Promise<{ seq: number; hash: string }> {
  return (await appendAuditBatch(db, [{ entry, at }]))[0]!;
}

/**
 * Appends several entries (each with its own time) in one transaction: each chain's head is locked once,
 * the entries are chained in the order given. Heads are locked in chain order, so two batches never
 * wait on each other in a cycle. Returns each entry's position and hash, in the order given.
 */
export async function appendAuditBatch(db: Tx, items: readonly { entry: AuditEntry; at: Date }[]): Promise<{ seq: number; hash: string }[]> {
  const run = async (trx: Tx) => {
    const out: { seq: number; hash: string }[] = new Array(items.length);
    const chains = [...new Set(items.map((i) => i.entry.tenantId ?? SYSTEM_CHAIN))].sort();
    for (const chainId of chains) {
      await trx.insertInto('audit_chain_heads').values({ chain_id: chainId, seq: 0, hash: GENESIS })
        .onConflict((oc) => oc.column('chain_id').doNothing()).execute();
      const head = await trx.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('chain_id', '=', chainId)
        .forUpdate().executeTakeFirstOrThrow();
      let seq = Number(head.seq);
      let prev = head.hash;
      const rows = [];
      for (const [i, { entry, at }] of items.entries()) {
        if ((entry.tenantId ?? SYSTEM_CHAIN) !== chainId) continue;
        // Canonical once: what is hashed is exactly what jsonb gives back.
        const data = JSON.parse(canonicalJson(entry.data ?? {})) as Record<string, unknown>;
        const e: Hashed = {
          chainId, seq: seq + 1, tenantId: entry.tenantId, at: new Date(at.getTime()), actorId: entry.actorId,
          actorName: entry.actorName ?? null, action: entry.action, targetType: entry.targetType ?? null, targetId: entry.targetId ?? null,
          subjectUserId: entry.subjectUserId ?? null, subjectPersonId: entry.subjectPersonId ?? null, ip: entry.ip ?? null,
          requestId: entry.requestId ?? null, data,
        };
        const hash = entryHash(prev, e);
        rows.push({
          chain_id: chainId, seq: e.seq, tenant_id: e.tenantId, at: e.at, actor_id: e.actorId, actor_name: e.actorName, action: e.action,
          target_type: e.targetType, target_id: e.targetId, subject_user_id: e.subjectUserId, subject_person_id: e.subjectPersonId,
          ip: e.ip, request_id: e.requestId, data: JSON.stringify(data), prev_hash: prev, hash,
        });
        out[i] = { seq: e.seq, hash };
        seq = e.seq;
        prev = hash;
      }
      await trx.insertInto('audit_log').values(rows).execute();
      await trx.updateTable('audit_chain_heads').set({ seq, hash: prev }).where('chain_id', '=', chainId).execute();
    }
    return out;
  };
  return db.isTransaction ? run(db) : (db as Db).transaction().execute(run);
}

/** Records audit entries outside a caller's transaction (reads, and administration after it committed). */
export interface AuditRecorder {
  /**
   * Records an entry before the caller answers; resolves once it is committed. With `coalesce`, an entry
   * with the same actor, action and target as one recorded in this process in the last few minutes is
   * not written again (an officer's page refetching a dossier is one read, not ten).
   */
  record(entry: AuditEntry, opts?: { coalesce?: boolean }): Promise<void>;
}

/** How long a read is coalesced with the same actor's earlier read of the same thing. */
export const READ_COALESCE_MS = 5 * 60_000;

/**
 * An audit recorder with group commit: entries that arrive while a batch is being written are written
 * together in the next batch (one transaction, one lock of each chain head), so concurrent reads do not
 * queue one by one on the tenant's chain head.
 */
export function auditRecorder(db: Db, now: () => number = Date.now): AuditRecorder {
  let queue: { entry: AuditEntry; at: Date; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let flushing = false;
  const recent = new Map<string, number>();

  const flush = async () => {
    flushing = true;
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await appendAuditBatch(db, batch);
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    flushing = false;
  };

  return {
    record(entry, opts = {}) {
      const t = now();
      let key: string | null = null;
      if (opts.coalesce) {
        key = `${entry.actorId}|${entry.action}|${entry.targetType}|${entry.targetId}`;
        const until = recent.get(key);
        if (until !== undefined && until > t) return Promise.resolve();
        if (recent.size > 50_000) for (const [k, u] of recent) if (u <= t) recent.delete(k);
        if (recent.size > 50_000) recent.clear();
        recent.set(key, t + READ_COALESCE_MS);
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({
          entry, at: new Date(t), resolve,
          reject: (err) => { if (key) recent.delete(key); reject(err); },
        });
        if (!flushing) void flush();
      });
    },
  };
}

export interface ChainVerdict {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** The first entry whose content, link or position does not match, when not ok. */
  brokenAt: { seq: number; reason: 'hash' | 'link' | 'gap' | 'head' } | null;
  headHash: string;
}

/** Recomputes a chain from its first entry; reports the first entry that does not match. */
export async function verifyAuditChain(db: Tx, chainId: string): Promise<ChainVerdict> {
  let prev = GENESIS;
  let expected = 1;
  let entries = 0;
  const pageSize = 5000;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('chain_id', '=', chainId).where('seq', '>=', expected)
      .orderBy('seq').limit(pageSize).execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) return { ok: false, entries, brokenAt: { seq: expected, reason: 'gap' }, headHash: prev };
      if (r.prev_hash !== prev) return { ok: false, entries, brokenAt: { seq, reason: 'link' }, headHash: prev };
      const h = entryHash(prev, {
        chainId: r.chain_id, seq, tenantId: r.tenant_id, at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action,
        targetType: r.target_type, targetId: r.target_id, subjectUserId: r.subject_user_id, subjectPersonId: r.subject_person_id,
        ip: r.ip, requestId: r.request_id, data: r.data,
      });
      if (h !== r.hash) return { ok: false, entries, brokenAt: { seq, reason: 'hash' }, headHash: prev };
      prev = r.hash;
      expected += 1;
      entries += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('chain_id', '=', chainId).executeTakeFirst();
  if (head && (Number(head.seq) !== entries || head.hash !== prev)) {
    return { ok: false, entries, brokenAt: { seq: entries + 1, reason: 'head' }, headHash: prev };
  }
  return { ok: true, entries, brokenAt: null, headHash: prev };
}
