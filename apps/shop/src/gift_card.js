// Saves the gift card (see gift_card.rs): the drawing, lazy/gift-card.js, loads on the first
// click. A failed load shows like a failed drawing.
export function giftCard(button, t, qr, photo) {
  import('/lazy/gift-card.js')
    .then((m) => m.save(button, t, qr, photo))
    .catch(() => {
      button.nextElementSibling.textContent = t.failed;
      button.nextElementSibling.hidden = false;
    });
}
