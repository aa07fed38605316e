// A product's photos (`[data-gallery]`, drawn by the app or the server): the strip scrolls by
// swipe on its own; here its buttons and the arrow keys step through it, the count and the
// buttons follow it, and `data-show` (the chosen variant's photo) brings that photo into view.
export function draw(gallery) {
  const track = gallery.querySelector('.gallery-track');
  const photos = [...track.querySelectorAll('img')];
  const last = photos.length - 1;
  const [previous, next] = gallery.querySelectorAll('.gallery-step');
  const count = gallery.querySelector('.gallery-count');
  if (!last) return;
  const at = () => Math.round(track.scrollLeft / Math.max(track.clientWidth, 1));
  const go = (i) => track.scrollTo({ left: Math.max(0, Math.min(last, i)) * track.clientWidth });
  const follow = () => {
    const i = at();
    count.textContent = `${i + 1} / ${last + 1}`;
    previous.disabled = i === 0;
    next.disabled = i === last;
  };
  track.addEventListener('scroll', follow, { passive: true });
  previous.addEventListener('click', () => go(at() - 1));
  next.addEventListener('click', () => go(at() + 1));
  const keys = { ArrowLeft: () => at() - 1, ArrowRight: () => at() + 1, Home: () => 0, End: () => last };
  track.addEventListener('keydown', (e) => {
    if (!keys[e.key]) return;
    e.preventDefault();
    go(keys[e.key]());
  });
  const show = () => {
    const i = photos.findIndex((p) => p.getAttribute('src') === gallery.dataset.show);
    if (i >= 0) go(i);
  };
  new MutationObserver(show).observe(gallery, { attributes: true, attributeFilter: ['data-show'] });
  show();
  follow();
}
