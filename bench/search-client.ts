// Load generator for the search benchmark, run as its own process so it does not share the server's
// event loop: `concurrency` clients each send GET /api/v1/procedures?q=… back to back for `seconds`.
const [base, concurrencyArg, secondsArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg ?? 50);
const seconds = Number(secondsArg ?? 10);
const QUERIES = [
  'dang ky khai sinh', 'khai sihn', 'ket hon', 'chung thuc ban sao', 'giay phep xay dung', 'thuong tru', 'tam tru',
  'ly lich tu phap', 'ho kinh doanh', 'dat dai', 'tro cap xa hoi', '1.001193', 'cap ban sao trich luc', 'xac nhan tinh trang hon nhan',
  'Đăng ký khai tử', 'giấy phép lao động', 'van tai', 'bien dong dat dai', 'cap doi giay chung nhan', 'mai tang phi',
];

async function main() {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  let i = 0;
  const client = async () => {
    while (performance.now() < end) {
      const q = QUERIES[i++ % QUERIES.length]!;
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/procedures?q=${encodeURIComponent(q)}&limit=20`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  process.stdout.write(JSON.stringify({ requests: latencies.length, errors, rps: latencies.length / elapsed, p50: pct(50), p95: pct(95), p99: pct(99) }));
}
main().catch((e) => { console.error(e); process.exit(1); });
