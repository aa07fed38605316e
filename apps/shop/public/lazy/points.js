// A signed-in member's points at checkout (see the server's services/points.rs): their balance,
// their rank's benefits and a field for the points to spend, drawn in `[data-points]`. The
// number chosen is kept as the element's `data-choice`, which the app sends with the order.
// Nothing is drawn for a visitor who is not signed in.

const TEXTS = {
  ja: {
    have: (n) => `保有ポイント：${n} ポイント`,
    rank: (name, rate) => `会員ランク「${name}」：${rate} 還元`,
    base: (rate) => `ご注文の ${rate} をポイント還元`,
    free: (amount) => `${amount} 以上で送料無料`,
    label: '使うポイント（1ポイント＝1円）',
    all: 'すべて使う',
    note: 'ポイントとランク特典はご注文の確定時に差し引かれます。',
  },
  zh: {
    have: (n) => `积分余额：${n} 分`,
    rank: (name, rate) => `会员等级「${name}」：返 ${rate}`,
    base: (rate) => `订单返 ${rate} 积分`,
    free: (amount) => `满 ${amount} 免运费`,
    label: '使用积分（1 积分 = 1 日元）',
    all: '全部使用',
    note: '积分和等级优惠在下单时扣除。',
  },
  en: {
    have: (n) => `You have ${n} points`,
    rank: (name, rate) => `${name} rank: ${rate} back in points`,
    base: (rate) => `orders earn ${rate} back in points`,
    free: (amount) => `free shipping from ${amount}`,
    label: 'Points to spend (1 point = ¥1)',
    all: 'Use all',
    note: 'Points and your rank’s benefits are taken off when the order is placed.',
  },
};

const percent = (bps) => `${bps / 100}%`;
const yen = (n) => `¥${n.toLocaleString('ja-JP')}`;

export async function draw(element) {
  // Only a member's browser asks (the server sets this cookie with their session).
  if (!document.cookie.split('; ').includes('omiyage_signed=1')) return;
  const answer = await fetch('/api/me/points', { credentials: 'same-origin' });
  if (!answer.ok) return;
  const s = await answer.json();
  const lang = document.documentElement.lang || 'ja';
  const t = TEXTS[lang.slice(0, 2)] || TEXTS.ja;
  const facts = [t.have(s.balance.toLocaleString('ja-JP'))];
  facts.push(s.rank ? t.rank(s.rank.name, percent(s.rate_bps)) : t.base(percent(s.rate_bps)));
  if (s.free_shipping_from < 5000) facts.push(t.free(yen(s.free_shipping_from)));
  const about = document.createElement('p');
  about.dataset.test = 'points-standing';
  about.textContent = facts.join(' · ');
  element.className = 'field';
  element.append(about);
  if (s.balance <= 0) return;
  const label = document.createElement('label');
  label.htmlFor = 'points-use';
  label.textContent = t.label;
  const input = document.createElement('input');
  input.id = 'points-use';
  input.type = 'number';
  input.min = '0';
  input.max = String(s.balance);
  input.inputMode = 'numeric';
  input.dataset.test = 'points-use';
  const keep = () => {
    const n = Math.max(0, Math.min(s.balance, Math.floor(Number(input.value) || 0)));
    element.dataset.choice = n ? String(n) : '';
  };
  input.addEventListener('input', keep);
  const all = document.createElement('button');
  all.type = 'button';
  all.className = 'button';
  all.dataset.test = 'points-all';
  all.textContent = t.all;
  all.addEventListener('click', () => {
    input.value = String(s.balance);
    keep();
  });
  const note = document.createElement('p');
  note.className = 'fine-print';
  note.textContent = t.note;
  element.append(label, input, all, note);
}
