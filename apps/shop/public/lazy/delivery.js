// The delivery day and time slot pickers, drawn into the `[data-delivery]` elements the app
// shows (see src/lazy.js): the days from the shop's earliest to the last it takes and its
// slots, as the shop answers them now (GET /api/delivery, by the server's clock), in the page's
// language. The choice is kept on the element as `data-choice="<YYYY-MM-DD>|<slot code>"` (either
// part empty: no preference), which the app reads when it sends the form. Nothing is drawn when
// the shop takes no delivery days, or cannot be reached: the order then ships as soon as it can.
//
// `data-delivery` says what is chosen:
//   "order"         a day and a slot (a plain order's checkout);
//   "day"           a day only (a gift's sender fixing it; the recipient picks the slot);
//   "gift:<date>"   a gift's recipient: a day and a slot, or only the slot on the day its sender
//                   fixed (`<date>`, empty when they did not).

const TEXTS = {
  ja: {
    legend: 'お届け希望日時',
    day: 'お届け日',
    slot: '時間帯',
    none: '指定なし',
    earliest: '最短のお届け日は {d} です。',
    fixedDay: 'お届け日を指定する（任意）',
    fixedHint: '受け取る方は、この日の時間帯だけを選びます。',
    fixed: 'お届け日：{d}（贈り主の指定）',
  },
  zh: {
    legend: '指定送达时间',
    day: '送达日期',
    slot: '时间段',
    none: '不指定',
    earliest: '最早可于 {d} 送达。',
    fixedDay: '指定送达日期（可选）',
    fixedHint: '收礼人只需选择这一天的时间段。',
    fixed: '送达日期：{d}（送礼人指定）',
  },
  en: {
    legend: 'Delivery day and time',
    day: 'Delivery day',
    slot: 'Time',
    none: 'No preference',
    earliest: 'The earliest delivery is {d}.',
    fixedDay: 'Fix the delivery day (optional)',
    fixedHint: 'The recipient then only picks a time on that day.',
    fixed: 'Delivery day: {d} (chosen by the sender)',
  },
};

function language() {
  const lang = document.documentElement.lang || 'ja';
  return lang.startsWith('zh') ? 'zh' : lang.startsWith('en') ? 'en' : 'ja';
}

// A calendar date (YYYY-MM-DD) as the reader reads it, with its weekday: 12月11日(金).
function dayLabel(date, lang) {
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1, d));
  const tag = { ja: 'ja-JP', zh: 'zh-CN', en: 'en-GB' }[lang];
  return new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'short' }).format(at);
}

function days(from, to) {
  const out = [];
  const [y, m, d] = from.split('-').map(Number);
  for (let at = new Date(Date.UTC(y, m - 1, d)); ; at.setUTCDate(at.getUTCDate() + 1)) {
    const date = at.toISOString().slice(0, 10);
    if (date > to || out.length > 400) return out;
    out.push(date);
  }
}

function element(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// A labelled select of `options` ([value, label]), "no preference" first.
function select(id, label, none, options, onChange) {
  const field = element('div', { class: 'field' });
  field.append(element('label', { for: id }, label));
  const s = element('select', { id, name: id, 'data-test': id });
  s.append(element('option', { value: '' }, none));
  for (const [value, text] of options) s.append(element('option', { value }, text));
  s.addEventListener('change', onChange);
  field.append(s);
  return [field, s];
}

async function json(url, lang) {
  const r = await fetch(url, { headers: { 'Accept-Language': lang } });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

export async function draw(el) {
  const mode = el.dataset.delivery;
  const lang = language();
  const t = TEXTS[lang];
  const shop = await json('/api/delivery', lang);
  if (!shop.enabled) return;
  const fixed = mode.startsWith('gift:') ? mode.slice(5) : '';
  const id = el.id;
  const chosen = { date: '', slot: '' };
  const keep = () => {
    el.dataset.choice = chosen.date || chosen.slot ? `${chosen.date}|${chosen.slot}` : '';
  };
  const dayOptions = days(shop.earliest, shop.latest).map((d) => [d, dayLabel(d, lang)]);
  const parts = [];
  if (mode === 'day') {
    const [field] = select(`${id}-date`, t.fixedDay, t.none, dayOptions, (e) => {
      chosen.date = e.target.value;
      keep();
    });
    field.append(element('p', { class: 'fine-print' }, t.fixedHint));
    el.replaceChildren(field);
    return;
  }
  const box = element('fieldset', { class: 'delivery-choice' });
  box.append(element('legend', {}, t.legend));
  if (fixed) {
    box.append(element('p', { 'data-test': `${id}-fixed` }, t.fixed.replace('{d}', dayLabel(fixed, lang))));
  } else {
    const [field] = select(`${id}-date`, t.day, t.none, dayOptions, (e) => {
      chosen.date = e.target.value;
      keep();
    });
    parts.push(field);
  }
  const [slotField] = select(`${id}-slot`, t.slot, t.none, shop.slots.map((s) => [s.slot, s.label]), (e) => {
    chosen.slot = e.target.value;
    keep();
  });
  parts.push(slotField);
  box.append(...parts);
  if (!fixed) box.append(element('p', { class: 'fine-print' }, t.earliest.replace('{d}', dayLabel(shop.earliest, lang))));
  el.replaceChildren(box);
}
