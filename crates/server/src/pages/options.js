// Puts the gift options chosen on /options/… on their cart line (the cart lives in this
// browser's localStorage, as the shop's app keeps it), then opens the cart.
(() => {
  const chosen = document.getElementById('chosen').dataset;
  try {
    const key = 'omiyage.cart.v1';
    const lines = JSON.parse(localStorage.getItem(key) || '[]');
    for (const line of lines) {
      if (line.variant_id === chosen.line) line.options = chosen.options;
    }
    localStorage.setItem(key, JSON.stringify(lines));
  } catch (e) {
    // No storage: the cart shows the line without options.
  }
  location.replace('/cart');
})();
