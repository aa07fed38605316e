// The cart's lines were saved named in the language they were added in: before the page loads
// again in another, each product is asked for in it and its lines take its names. A line the
// shop cannot name (gone, offline) keeps its name.
export async function relabel(lang) {
  const key = 'omiyage.cart.v1';
  const lines = JSON.parse(localStorage.getItem(key) || '[]');
  for (const id of new Set(lines.map((l) => l.product_id))) {
    const r = await fetch(`/api/products/${encodeURIComponent(id)}`, { headers: { 'Accept-Language': lang } });
    if (!r.ok) continue;
    const p = await r.json();
    for (const l of lines.filter((l) => l.product_id === p.id)) {
      l.product_name = p.name;
      l.variant_name = p.variants.find((v) => v.id === l.variant_id)?.name ?? l.variant_name;
    }
  }
  localStorage.setItem(key, JSON.stringify(lines));
}
