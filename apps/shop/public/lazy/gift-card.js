// The gift card drawing (see src/pages/gift_card.rs and the order page's script): loaded the
// first time a sender saves a card, so none of it is on the shopper's first load.
const W = 1080, H = 1350;

async function image(src) {
  const img = new Image();
  img.src = src;
  await img.decode();
  return img;
}

// Break at spaces where there are some, anywhere where there are none (Japanese, Chinese).
function wrap(ctx, text, max) {
  const lines = [];
  let line = '';
  for (const ch of text) {
    if (!line || ctx.measureText(line + ch).width <= max) { line += ch; continue; }
    const space = line.lastIndexOf(' ');
    lines.push(space > 0 ? line.slice(0, space) : line);
    line = (space > 0 ? line.slice(space + 1) : '') + ch;
  }
  if (line) lines.push(line);
  return lines;
}

export async function draw(t, qr, photo) {
  const [qrImg, photoImg] = await Promise.all([image(qr), image(photo)]);
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  const text = (font, colour, s, y) => {
    ctx.font = font + ' sans-serif';
    ctx.fillStyle = colour;
    ctx.fillText(s, W / 2, y);
  };
  ctx.fillStyle = '#fffaf3';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#c8402f';
  ctx.fillRect(0, 0, W, 150);
  ctx.textAlign = 'center';
  text('bold 64px', '#fff', t.heading, 100);
  text('36px', '#5c4a3d', t.from, 215);
  // The photo's middle square, so a 4:3 photo is not squeezed (a picture without a size of
  // its own, an SVG drawing, as it is).
  const [w, h] = [photoImg.naturalWidth, photoImg.naturalHeight];
  const side = Math.min(w, h);
  if (side) ctx.drawImage(photoImg, (w - side) / 2, (h - side) / 2, side, side, 340, 250, 400, 400);
  else ctx.drawImage(photoImg, 340, 250, 400, 400);
  text('bold 44px', '#2b211a', t.product, 715);
  ctx.font = 'italic 40px sans-serif';
  wrap(ctx, t.greeting, W - 160).slice(0, 4).forEach((l, i) => ctx.fillText(l, W / 2, 790 + 52 * i));
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(qrImg, 390, 990, 300, 300);
  text('28px', '#5c4a3d', t.scan, 1325);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail()), 'image/png'));
}

// Draws the card and downloads it as omiyage-gift.png. `button` is disabled meanwhile; a
// failure shows in the `role=alert` element right after it (its text: `t.failed`).
export async function save(button, t, qr, photo) {
  const alert = button.nextElementSibling;
  button.disabled = true;
  alert.hidden = true;
  try {
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
