// Minifies the JavaScript of a built dist/ in place with esbuild: Trunk's own minifier cannot
// parse the wasm-bindgen glue (`export default`) and leaves it as written. Exports keep their
// names (the inline loader imports them), and the Subresource Integrity hashes in index.html are
// rewritten for the new bytes.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';

const dist = process.argv[2] ?? 'dist';
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
let html = readFileSync(join(dist, 'index.html'), 'utf8');
let before = 0;
let after = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (!name.endsWith('.js')) continue;
    const source = readFileSync(path);
    const { code } = transformSync(source.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' });
    const minified = Buffer.from(code);
    if (minified.length >= source.length) continue;
    writeFileSync(path, minified);
    html = html.split(sri(source)).join(sri(minified));
    before += source.length;
    after += minified.length;
  }
}
walk(dist);
writeFileSync(join(dist, 'index.html'), html);
console.log(`minified JavaScript in ${dist}: ${before} → ${after} bytes`);
