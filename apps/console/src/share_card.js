// The promoter's share card: a 1080×1350 PNG drawn on a canvas (product image, name, price,
// the QR code of the share link, the promoter's name), then handed to the phone's share sheet
// with the file, or downloaded. Called from pages/promoter.rs.
const W = 1080, H = 1350;

async function image(src) {
  const img = new Image();
  img.src = src;
  await img.decode();
  return img;
}

async function draw(t) {
  const [photo, qr] = await Promise.all([image(t.image), image(t.qr)]);
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  const text = (font, colour, s, y) => {
    ctx.font = font + ' sans-serif';
    ctx.fillStyle = colour;
    ctx.fillText(s, W / 2, y, W - 120);
  };
  ctx.fillStyle = '#faf7f2';
  ctx.fillRect(0, 0, W, H);
  ctx.textAlign = 'center';
  ctx.drawImage(photo, 190, 70, 700, 700);
  text('bold 60px', '#1f1d1a', t.name, 860);
  text('bold 56px', '#b8372a', t.price, 940);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(qr, 400, 990, 280, 280);
  text('30px', '#5c574f', t.by, 1310);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('toBlob'))), 'image/png'));
}

/** Makes the card; shares it where the browser can share files, else downloads it. */
export async function shareCard(button, t) {
  const status = button.nextElementSibling;
  button.disabled = true;
  try {
    const blob = await draw(t);
    const file = new File([blob], t.file, { type: 'image/png' });
    if (navigator.canShare && navigator.canShare({ files: [file] })) {
      await navigator.share({ files: [file], url: t.url, title: t.name });
    } else {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = t.file;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    }
    status.textContent = '';
  } catch (e) {
    if (e && e.name === 'AbortError') return;
    status.textContent = t.failed;
  } finally {
    button.disabled = false;
  }
}
