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

// Delivery day and slot pickers: each `[data-delivery]` element the app shows is drawn by
// lazy/delivery.js, which keeps the choice on it as `data-choice` for deliveryChoice.
const pickers = () => {
  const found = document.querySelectorAll('[data-delivery]:not([data-drawn])');
  if (!found.length) return;
  found.forEach((e) => (e.dataset.drawn = ''));
  import('/lazy/delivery.js').then((m) => found.forEach((e) => m.draw(e).catch(() => {})));
};
new MutationObserver(pickers).observe(document, { childList: true, subtree: true });

// The choice made in the picker `id`: `<date>|<slot>`, or empty.
export const deliveryChoice = (id) => document.getElementById(id)?.dataset.choice ?? '';
