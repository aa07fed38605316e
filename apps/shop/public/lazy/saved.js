// A signed-in member's saved addresses (see the server's pages/addresses.rs), offered above the
// address fields of the checkout and the gift claim form (`[data-saved]`): choosing one fills
// the fields as if typed, so the app's form holds it. Nothing is drawn for a visitor who is
// not signed in, or who saved none.

const TEXTS = {
  ja: { label: '保存した住所から選ぶ', none: '選択してください' },
  zh: { label: '从已保存的地址中选择', none: '请选择' },
  en: { label: 'Use a saved address', none: 'Choose…' },
};

// Sets a field's value as typing would (the app listens to `input`; the prefecture to `change`).
const fill = (id, value) => {
  const field = document.getElementById(id);
  if (!field) return;
  field.value = value ?? '';
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
};

export async function draw(element) {
  // Only a member's browser asks (the server sets this cookie with their session).
  if (!document.cookie.split('; ').includes('omiyage_signed=1')) return;
  const answer = await fetch('/api/me/addresses', { credentials: 'same-origin' });
  if (!answer.ok) return;
  const saved = await answer.json();
  if (!saved.length) return;
  const lang = document.documentElement.lang || 'ja';
  const t = TEXTS[lang.slice(0, 2)] || TEXTS.ja;
  const label = document.createElement('label');
  label.htmlFor = 'saved-address';
  label.textContent = t.label;
  const select = document.createElement('select');
  select.id = 'saved-address';
  select.dataset.test = 'saved-address';
  select.append(new Option(t.none, ''));
  saved.forEach((s, i) => {
    const a = s.address;
    select.append(new Option(`${s.name} · 〒${a.postal_code} ${a.prefecture} ${a.city} ${a.line1} ${a.line2}`.trim(), String(i)));
  });
  select.addEventListener('change', () => {
    const s = saved[Number(select.value)];
    if (!select.value || !s) return;
    fill('name', s.name);
    fill('phone', s.phone);
    fill('postal-code', s.address.postal_code);
    fill('prefecture', s.address.prefecture);
    fill('city', s.address.city);
    fill('line1', s.address.line1);
    fill('line2', s.address.line2);
  });
  element.className = 'field';
  element.append(label, select);
}
