// Prints the shopper's first-load bytes (raw, gzip, brotli per file) of a built dist/ and fails
// when HTML+JS+CSS+WASM over brotli exceed the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const budget = Number(process.env.FIRST_LOAD_BUDGET ?? 250 * 1000);
const files = readdirSync(dir).filter((f) => /\.(html|js|css|wasm)$/.test(f)).sort();
let total = { raw: 0, gzip: 0, br: 0 };
console.log('file'.padEnd(44), 'raw'.padStart(9), 'gzip'.padStart(9), 'brotli'.padStart(9));
for (const f of files) {
  const bytes = readFileSync(join(dir, f));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total = { raw: total.raw + bytes.length, gzip: total.gzip + gz, br: total.br + br };
  console.log(f.padEnd(44), String(bytes.length).padStart(9), String(gz).padStart(9), String(br).padStart(9));
}
console.log('first load'.padEnd(44), String(total.raw).padStart(9), String(total.gzip).padStart(9), String(total.br).padStart(9));
console.log(`budget: ${total.br} B brotli of ${budget} B allowed`);
if (total.br > budget) {
  console.error(`first load is over budget by ${total.br - budget} B`);
  process.exit(1);
}
