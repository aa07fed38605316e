// What the app does rarely, kept off the shopper's first load: each function loads its work
// from public/lazy/ when first used.

// Saves the gift card; see gift_card.rs. The drawing (lazy/gift-card.js) loads on the first
// click.
export async function giftCard(button, t, qr, photo) {
  const alert = button.nextElementSibling;
  button.disabled = true;
  alert.hidden = true;
  try {
    const { draw } = await import('/lazy/gift-card.js');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await draw(t, qr, photo));
    a.download = 'omiyage-gift.png';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  } catch {
    alert.textContent = t.failed;
    alert.hidden = false;
  } finally {
    button.disabled = false;
  }
}

// Switches the language (the choice is already remembered): the cart's lines are named in the
// new one first (lazy/relabel.js), then the page loads again in it, whatever happened.
export function relabelAndReload(lang) {
  import('/lazy/relabel.js')
    .then((m) => m.relabel(lang))
    .catch(() => {})
    .finally(() => location.reload());
}
