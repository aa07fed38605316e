// Saves the gift card; see gift_card.rs. The drawing itself (public/lazy/gift-card.js) is
// loaded on the first click: it is not on the shopper's first load.
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
