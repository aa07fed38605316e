// What the app does rarely, kept off the shopper's first load: each function loads its work
// from public/lazy/ when first used.

// Switches the language (the choice is already remembered): the cart's lines are named in the
// new one first (lazy/relabel.js), then the page loads again in it, whatever happened.
export function relabelAndReload(lang) {
  import('/lazy/relabel.js')
    .then((m) => m.relabel(lang))
    .catch(() => {})
    .finally(() => location.reload());
}

// Parts drawn by a module of their own, each loaded when its first element appears (in the
// server's first paint or later): delivery day and slot pickers (`[data-delivery]`, which keep
// the choice as `data-choice` for deliveryChoice), photo galleries (`[data-gallery]`), a
// member's saved addresses (`[data-saved]`) and their points at checkout (`[data-points]`,
// the points to spend kept as `data-choice`).
const parts = [
  ['delivery', '/lazy/delivery.js'],
  ['gallery', '/lazy/gallery.js'],
  ['saved', '/lazy/saved.js'],
  ['points', '/lazy/points.js'],
];
const draw = () =>
  parts.forEach(([name, module]) => {
    const found = document.querySelectorAll(`[data-${name}]:not([data-drawn])`);
    if (!found.length) return;
    found.forEach((e) => (e.dataset.drawn = ''));
    import(module).then((m) => found.forEach((e) => Promise.resolve(m.draw(e)).catch(() => {})));
  });
// Catalog photos after the first four (`img[data-srcset]`) load when they are in view once the
// page (with the first photos, the largest paint) has loaded; once the shopper scrolls,
// a screen ahead. (The browser's own lazy loading reaches ~1250 px ahead: the whole grid on a
// phone, before anyone scrolls.)
const reveal = (seen, observer) =>
  seen.forEach(({ isIntersecting, target: img }) => {
    if (!isIntersecting || !img.dataset.srcset) return;
    observer.unobserve(img);
    img.srcset = img.dataset.srcset;
    img.src = img.dataset.src;
    delete img.dataset.srcset;
  });
let near = new IntersectionObserver(reveal);
const waiting = () => document.querySelectorAll('img[data-srcset]');
addEventListener(
  'scroll',
  () => {
    near.disconnect();
    near = new IntersectionObserver(reveal, { rootMargin: '100% 0px' });
    waiting().forEach((img) => near.observe(img));
  },
  { once: true, passive: true },
);
const watch = () => {
  draw();
  waiting().forEach((img) => near.observe(img));
};
const start = () => {
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
  watch();
};
document.readyState == 'complete' ? start() : addEventListener('load', start, { once: true });

// The choice made in the picker `id`: `<date>|<slot>`, or empty.
export const deliveryChoice = (id) => document.getElementById(id)?.dataset.choice ?? '';
