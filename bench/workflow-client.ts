// Load generator for the workflow benchmark, run as its own process so it does not share the server's
// event loop. Reads its plan as JSON on stdin; `concurrency` clients each take the next accepted dossier
// and `advance` it step by step to the result (as the officer holding each step's role, with the version
// from the previous response), back to back, for `seconds`.

import http from 'node:http';

interface Session { cookie: string; csrfToken: string }
interface Plan {
  base: string; concurrency: number; seconds: number; ids: string[]; version: number;
  /** The session acting at each step, in order. */
  sessions: Session[];
}

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const plan = JSON.parse(input) as Plan;
  // node:http with keep-alive: a lighter client than fetch, so the load generator takes less of the
  // CPU the server and PostgreSQL share (pgbench's own client is C).
  const url = new URL(plan.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const post = (path: string, s: Session, payload: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
  const latencies: number[] = [];
  let errors = 0, dossiersDone = 0, next = 0, firstError: string | null = null;
  let end = 0;
  const client = async () => {
    while (performance.now() < end && next < plan.ids.length) {
      const id = plan.ids[next++]!;
      let version = plan.version;
      let step = 0;
      for (; step < plan.sessions.length && performance.now() < end; step++) {
        const s = plan.sessions[step]!;
        const t0 = performance.now();
        const res = await post(`/api/v1/dossiers/${id}/actions/advance`, s, JSON.stringify({ version }));
        const body = res.body;
        if (res.status !== 200) {
          errors++;
          firstError ??= `${res.status} ${body.slice(0, 300)}`;
          break;
        }
        latencies.push(performance.now() - t0);
        version = (JSON.parse(body) as { version: number }).version;
      }
      if (step === plan.sessions.length) dossiersDone++;
    }
  };
  process.stdout.write('started\n'); // the parent starts its CPU accounting here
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  end = started + plan.seconds * 1000;
  await Promise.all(Array.from({ length: plan.concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  process.stdout.write(JSON.stringify({
    actions: latencies.length, errors, firstError, dossiersDone, ranOut: next >= plan.ids.length, seconds: elapsed,
    perSecond: latencies.length / elapsed, p50: pct(50), p95: pct(95),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
