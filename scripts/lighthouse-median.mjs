// Prints the median of each Lighthouse figure over the runs of each page:
// `node scripts/lighthouse-median.mjs DIR page...` reads DIR/<page>-<n>.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...pages] = process.argv.slice(2);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log('page'.padEnd(10), 'runs', 'perf'.padStart(5), 'LCP s'.padStart(7), 'FCP s'.padStart(7),
  'CLS'.padStart(6), 'TBT ms'.padStart(7), 'a11y'.padStart(5));
for (const page of pages) {
  const runs = readdirSync(dir)
    .filter((f) => f.startsWith(`${page}-`) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  if (runs.length === 0) {
    console.log(page.padEnd(10), 'no runs (see Lighthouse errors)');
    continue;
  }
  const figure = (f) => median(runs.map(f));
  const audit = (id) => (r) => r.audits[id].numericValue;
  console.log(
    page.padEnd(10),
    String(runs.length).padStart(4),
    String(Math.round(figure((r) => r.categories.performance.score * 100))).padStart(5),
    (figure(audit('largest-contentful-paint')) / 1000).toFixed(2).padStart(7),
    (figure(audit('first-contentful-paint')) / 1000).toFixed(2).padStart(7),
    figure(audit('cumulative-layout-shift')).toFixed(3).padStart(6),
    String(Math.round(figure(audit('total-blocking-time')))).padStart(7),
    String(Math.round(figure((r) => r.categories.accessibility.score * 100))).padStart(5),
  );
  const failed = new Set(runs.flatMap((r) => Object.values(r.audits)
    .filter((a) => a.score === 0 && r.categories.accessibility.auditRefs.some((ref) => ref.id === a.id))
    .map((a) => a.id)));
  if (failed.size) console.log('  accessibility audits failed:', [...failed].join(', '));
}
