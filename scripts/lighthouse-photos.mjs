// Gives every demo product the photo of the same name in a directory (`<product id>.jpg`, from
// `cargo run --example demo_photos`) through the admin API, as a merchant would through the
// console: upload, then the product's photos set to it. Prints what it uploaded.
// Usage: node scripts/lighthouse-photos.mjs <base url> <directory>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, dir] = process.argv.slice(2);
const signIn = await fetch(`${base}/api/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'admin@demo.omiyage.test', password: 'demo-admin-password' }),
});
if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
const cookie = signIn.headers.get('set-cookie').split(';')[0];
const call = async (method, path, body, type = 'application/json') => {
  const r = await fetch(`${base}${path}`, { method, headers: { cookie, 'content-type': type }, body });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
let bytes = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort()) {
  const id = file.replace(/\.jpg$/, '');
  const jpeg = readFileSync(join(dir, file));
  bytes += jpeg.length;
  const { path } = await call('POST', '/api/admin/images', jpeg, 'image/jpeg');
  const p = await call('GET', `/api/admin/products/${id}`);
  await call('PUT', `/api/admin/products/${id}`, JSON.stringify({
    name: p.name, description: p.description, category: p.category, gift_options: p.gift_options,
    translations: p.translations,
    photos: [{ src: path, alt: p.name, translations: Object.fromEntries(
      Object.entries(p.translations).map(([lang, t]) => [lang, { name: t.name }])) }],
    variants: p.variants.map((v) => ({
      id: v.id, name: v.name, sku: v.sku, price: v.price.amount, tax_class: v.tax_class, translations: v.translations,
    })),
  }));
}
console.log(`photos: ${readdirSync(dir).length} uploaded, ${(bytes / 1048576).toFixed(1)} MiB in all`);
