import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'kysely';
import { type Db, poolOf } from '../db/client';
import { AppError } from './errors';

// Prometheus metrics at /metrics: HTTP request rates and latencies by route pattern, the database pool,
// the outbox and the workflow timers, plus Node's process metrics.

/** What the timer loop reports, and what it reads. */
export interface AppMetrics {
  registry: Registry;
  /**
   * Runs one pass of the workflow timers and records it: `motcua_timer_runs_total{outcome}` and the time
   * of the last run (`motcua_timer_last_run_age_seconds`). The run's result or error is passed through.
   */
  observeTimerRun<T>(run: () => Promise<T>): Promise<T>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

let processRegistry: Registry | undefined;
/** Node's own metrics (CPU, memory, event-loop delay, GC), collected once per process. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Dossier states in which an overdue task is reminded by the timers (as `runDueTimers` selects them). */
const TIMED_STATUSES = ['in_progress', 'submitted', 'result_ready'] as const;

/** Creates the application's metrics over its database and clock. */
export function createMetrics(db: Db, now: () => number): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  const startedAt = now();
  let lastTimerRun: number | null = null;

  const pool = poolOf(db);
  const poolGauge = (name: string, help: string, read: (p: NonNullable<typeof pool>) => number) => new Gauge({
    name, help, registers, collect() { if (pool) this.set(read(pool)); },
  });
  poolGauge('motcua_db_pool_connections', 'Open connections in the PostgreSQL pool', (p) => p.totalCount);
  poolGauge('motcua_db_pool_idle_connections', 'Idle connections in the PostgreSQL pool', (p) => p.idleCount);
  poolGauge('motcua_db_pool_waiting_clients', 'Queries waiting for a pool connection', (p) => p.waitingCount);
  poolGauge('motcua_db_pool_max_connections', 'Size limit of the PostgreSQL pool', (p) => p.options.max ?? 10);

  // One database round trip per scrape, shared by the gauges that need it.
  let pending: Promise<{ outbox: number; outboxAge: number; oldestDue: Date | null } | null> | null = null;
  const snapshot = () => {
    pending ??= (async () => {
      try {
        const at = new Date(now());
        const [outbox, timers] = await Promise.all([
          // Outbox rows are stamped by the database clock: their age is measured on it too.
          db.selectFrom('outbox')
            .select((eb) => [eb.fn.countAll<number>().as('n'), sql<number | null>`extract(epoch from now() - min(available_at))`.as('age')])
            .where('processed_at', 'is', null).executeTakeFirstOrThrow(),
          db.selectFrom('dossier_tasks as t').innerJoin('dossiers as d', 'd.id', 't.dossier_id')
            .select((eb) => eb.fn.min('t.due_at').as('oldest'))
            .where('t.status', '=', 'open').where('t.reminded_at', 'is', null).where('t.due_at', '<=', at)
            .where('d.status', 'in', [...TIMED_STATUSES]).executeTakeFirstOrThrow(),
        ]);
        return { outbox: Number(outbox.n), outboxAge: Math.max(0, Number(outbox.age ?? 0)), oldestDue: timers.oldest as Date | null };
      } catch {
        return null;
      } finally {
        setTimeout(() => { pending = null; }, 0);
      }
    })();
    return pending;
  };
  const ageSeconds = (d: Date | null) => (d ? Math.max(0, (now() - d.getTime()) / 1000) : 0);
  new Gauge({
    name: 'motcua_metrics_database_up', help: '1 when the database answered the metrics queries of this scrape', registers,
    async collect() { this.set((await snapshot()) ? 1 : 0); },
  });
  new Gauge({
    name: 'motcua_outbox_pending_messages', help: 'Outbox messages not yet processed', registers,
    async collect() { const s = await snapshot(); this.set(s ? s.outbox : Number.NaN); },
  });
  new Gauge({
    name: 'motcua_outbox_oldest_pending_age_seconds', help: 'How long the oldest deliverable, unprocessed outbox message has waited', registers,
    async collect() { const s = await snapshot(); this.set(s ? s.outboxAge : Number.NaN); },
  });
  new Gauge({
    name: 'motcua_timer_lag_seconds', help: 'How late the oldest overdue open task still without its reminder is (0: none waiting)', registers,
    async collect() { const s = await snapshot(); this.set(s ? ageSeconds(s.oldestDue) : Number.NaN); },
  });
  new Gauge({
    name: 'motcua_timer_last_run_age_seconds', help: 'Seconds since the workflow timers last ran (since start when they have not run yet)', registers,
    collect() { this.set(Math.max(0, (now() - (lastTimerRun ?? startedAt)) / 1000)); },
  });
  const timerRuns = new Counter({ name: 'motcua_timer_runs_total', help: 'Runs of the workflow timers', labelNames: ['outcome'] as const, registers });

  return {
    registry,
    async observeTimerRun(run) {
      try {
        const result = await run();
        timerRuns.inc({ outcome: 'ok' });
        return result;
      } catch (err) {
        timerRuns.inc({ outcome: 'error' });
        throw err;
      } finally {
        lastTimerRun = now();
      }
    },
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** True when the bearer token matches (compared in constant time). */
function tokenMatches(header: string | undefined, token: string): boolean {
  const sent = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return sent.length === want.length && timingSafeEqual(sent, want);
}

/**
 * Who may read /metrics: with `METRICS_TOKEN`, a request with `Authorization: Bearer <token>`; without
 * it, only a direct connection from this machine (loopback, and not relayed by a proxy, whose
 * `X-Forwarded-For`/`Forwarded` would show a request from elsewhere).
 */
function allowedToScrape(req: FastifyRequest, token: string | undefined): void {
  if (token) {
    if (!tokenMatches(req.headers.authorization, token)) {
      throw new AppError(401, 'metrics_unauthorized', 'Chưa xác thực', 'Cần mã truy cập số liệu giám sát (Authorization: Bearer).');
    }
    return;
  }
  const direct = !req.headers['x-forwarded-for'] && !req.headers.forwarded;
  if (!direct || !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
    throw new AppError(403, 'metrics_forbidden', 'Không có quyền', 'Số liệu giám sát chỉ đọc được từ chính máy chủ, hoặc với METRICS_TOKEN.');
  }
}

/**
 * Counts every request by method, route pattern (never the raw URL) and status class, times it, and
 * serves `GET /metrics` in the Prometheus text format; decorates the app with `metrics`.
 */
export function registerMetrics(app: FastifyInstance, metrics: AppMetrics, token: string | undefined): void {
  const labelNames = ['method', 'route', 'status_class'] as const;
  const requests = new Counter({ name: 'motcua_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [metrics.registry] });
  const duration = new Histogram({
    name: 'motcua_http_request_duration_seconds', help: 'Time to answer HTTP requests', labelNames, registers: [metrics.registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (req, reply) => {
    const labels = {
      method: METHODS.has(req.method) ? req.method : 'OTHER',
      route: req.routeOptions.url ?? 'unmatched',
      status_class: `${Math.floor(reply.statusCode / 100)}xx`,
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    allowedToScrape(req, token);
    const text = (await metrics.registry.metrics()) + (await processMetrics().metrics());
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
  });
}
