// The card page (/pay/<order>): Stripe.js turns the card into a payment method in the browser,
// the shop gets only its id, Stripe.js finishes 3-D Secure if the bank asks, then the order
// page opens. Loaded after Stripe.js.
(function () {
  const form = document.getElementById('pay');
  if (!form || typeof Stripe !== 'function') return;
  const order = form.dataset.order;
  const stripe = Stripe(form.dataset.key);
  const card = stripe.elements().create('card');
  card.mount('#card');
  const button = form.querySelector('button');
  const label = button.textContent;
  const error = document.getElementById('pay-error');
  button.disabled = false;

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
    button.disabled = false;
    button.textContent = label;
  }

  async function post(path, body) {
    const response = await fetch('/api/orders/' + order + path, {
      method: 'POST',
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    return { ok: response.ok, json };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    button.textContent = form.dataset.paying;
    try {
      const made = await stripe.createToken(card);
      if (made.error) return fail(made.error.message || form.dataset.notConfirmed);
      const paid = await post('/card', { payment_method: made.token.card.id });
      if (!paid.ok) return fail((paid.json.error && paid.json.error.message) || form.dataset.unreachable);
      if (paid.json.client_secret) {
        const finished = await stripe.confirmCardPayment(paid.json.client_secret);
        const settled = await post('/card/return');
        if (finished.error || !settled.ok || settled.json.status !== 'paid') {
          return fail(form.dataset.notConfirmed);
        }
      }
      window.location.assign('/o/' + order);
    } catch (e) {
      fail(form.dataset.unreachable);
    }
  });
})();
