// The order page's buttons (see order_page.rs): the page is rendered by the server and runs
// without the shop's app, so what the app would do on it is done here.

// The header: the cart's count (kept in this browser) and the language switch, as the app has
// them (the choice remembered in localStorage and in the cookie the server reads).
(() => {
  const count = document.querySelector('[data-test=cart-count]');
  try {
    const lines = JSON.parse(localStorage.getItem('omiyage.cart.v1') || '[]');
    const n = lines.reduce((sum, l) => sum + (l.quantity || 0), 0);
    if (count && String(n) !== count.textContent) {
      count.textContent = String(n);
      count.removeAttribute('aria-label');
    }
  } catch {
    // No storage: the count stays as rendered.
  }
  const language = document.querySelector('[data-test=language]');
  language?.addEventListener('change', () => {
    const lang = language.value;
    try {
      localStorage.setItem('omiyage.lang', JSON.stringify(lang));
    } catch {
      // No storage: the cookie still tells the server.
    }
    document.cookie = `omiyage_lang=${lang}; path=/; max-age=31536000; samesite=lax`;
    import('/lazy/relabel.js')
      .then((m) => m.relabel(lang))
      .catch(() => {})
      .finally(() => location.reload());
  });
})();

// The private links select themselves when focused, to be copied.
for (const input of document.querySelectorAll('input[readonly]')) {
  input.addEventListener('focus', () => input.select());
}

// A gift's panel: share or copy its link, save its card, cancel what is unclaimed.
(() => {
  const panel = document.querySelector('[data-test=sender-gift][data-page]');
  if (!panel) return;
  const page = JSON.parse(panel.dataset.page);
  const link = document.getElementById('gift-link')?.value ?? '';

  const share = panel.querySelector('[data-test=share-gift]');
  const canShare = 'share' in navigator;
  if (share && canShare) share.textContent = page.share;
  share?.addEventListener('click', async () => {
    let ok = false;
    try {
      if (canShare) await navigator.share({ title: page.title, url: link });
      else await navigator.clipboard.writeText(link);
      ok = true;
    } catch {
      // Dismissed or refused: nothing to say.
    }
    document.getElementById('gift-copied').textContent = ok ? page.copied : '';
  });

  const card = panel.querySelector('[data-test=download-card]');
  card?.addEventListener('click', () => {
    import('/lazy/gift-card.js')
      .then((m) => m.save(card, page.card, page.qr, page.photo))
      .catch(() => {
        card.nextElementSibling.textContent = page.card.failed;
        card.nextElementSibling.hidden = false;
      });
  });

  // A scheduled gift's moment, moved (the input is in Japan's time).
  const reschedule = panel.querySelector('[data-test=reschedule]');
  reschedule?.addEventListener('click', async () => {
    const failed = document.getElementById('reschedule-error');
    const value = document.getElementById('opens-at-change').value;
    reschedule.disabled = true;
    failed.hidden = true;
    try {
      const r = await fetch(`/api/orders/${encodeURIComponent(page.order)}/gift/opens-at`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang },
        body: JSON.stringify({ opens_at: Date.parse(`${value}:00+09:00`) / 1000 }),
      });
      if (!r.ok) {
        const body = await r.json().catch(() => null);
        throw new Error(body?.error?.fields?.[0]?.message || body?.error?.message || page.failed);
      }
      location.reload();
    } catch (e) {
      failed.textContent = e.message || page.failed;
      failed.hidden = false;
      reschedule.disabled = false;
    }
  });

  const cancel = panel.querySelector('[data-test=cancel-gift]');
  const failed = document.getElementById('cancel-error');
  cancel?.addEventListener('click', async () => {
    cancel.disabled = true;
    failed.hidden = true;
    try {
      const r = await fetch(`/api/orders/${encodeURIComponent(page.order)}/cancel-gift`, {
        method: 'POST',
        headers: { 'Accept-Language': document.documentElement.lang },
      });
      if (!r.ok) {
        const body = await r.json().catch(() => null);
        throw new Error(body?.error?.message || page.failed);
      }
      location.replace(`${location.pathname}?cancelled=1`);
    } catch (e) {
      failed.textContent = e.message || page.failed;
      failed.hidden = false;
      cancel.disabled = false;
    }
  });
})();
