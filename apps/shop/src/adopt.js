// Hydration by adoption (see page_data.rs). The server rendered the page from the app's own
// components and the same data; while the app draws that page for the first time, each node it
// asks the document for is taken from the server's page when one there fits: an element of the
// same tag, a text with the same words, or a static piece (which Leptos clones from a template)
// equal to it. The app sets the attributes it wants on what it took (those the server wrote are
// cleared, except an image's source: no image is loaded or decoded again), attaches its listeners
// and puts the nodes where it wants them. It all happens in one task, so nothing is painted in
// between: the page on screen stays, node for node. What the app did not take (markers between
// texts, anything it draws otherwise) is removed once it has drawn. Leptos's own hydration would
// cost the shopper's first load about 100 KB; this costs under 1 KB.

let pool = null; // the server's nodes, in document order
let at = 0; // where the next match is looked for first
let taken;
let own;
let typed; // the form controls the reader changed before the app took them: node → what they hold

// Notes what a form control holds if the reader changed it (typed a name, ticked a box, chose
// an option) before the app started: the app draws it from its own empty state, and gets it
// back once it has drawn (`adopted`).
function noteTyped(n) {
  const tag = n.localName;
  if (tag === 'input' && (n.type === 'checkbox' || n.type === 'radio')) {
    if (n.checked !== n.defaultChecked) typed.set(n, { checked: n.checked });
  } else if (tag === 'input' || tag === 'textarea') {
    if (n.value !== n.defaultValue) typed.set(n, { value: n.value });
  } else if (tag === 'select') {
    const o = n.selectedOptions[0];
    if (o && !o.defaultSelected) typed.set(n, { value: n.value });
  }
}

const KEEP = new Set(['src', 'srcset']);

// Takes the first node that `fits`, looking just after the last match first (the app mostly
// asks in document order; the inside of an element it writes as HTML, an SVG's shapes, is never
// asked for and is skipped), then anywhere (the router draws the page after the footer).
function take(fits) {
  let i = at;
  while (i < pool.length && i < at + 32 && (taken.has(pool[i]) || !fits(pool[i]))) i++;
  if (i >= pool.length || i >= at + 32) {
    i = pool.findIndex((n) => !taken.has(n) && fits(n));
    if (i < 0) return null;
  }
  const node = pool[i];
  at = i + 1;
  taken.add(node);
  node.remove();
  if (node.nodeType === 1) {
    noteTyped(node);
    for (const name of node.getAttributeNames()) if (!KEEP.has(name)) node.removeAttribute(name);
  }
  return node;
}

const element = (ns, tag) => (n) => n.nodeType === 1 && n.namespaceURI === ns && n.localName === tag;

/** Starts adopting the page the server rendered. False when the body is empty (the app draws
 * the page alone: the mock build, a page the server did not render). */
export function adopt() {
  const doc = document;
  if (!doc.body?.firstElementChild) return false;
  pool = [];
  taken = new Set();
  typed = new Map();
  at = 0;
  const walk = doc.createTreeWalker(doc.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) pool.push(n);
  own = { element: doc.createElement, elementNS: doc.createElementNS, text: doc.createTextNode, clone: Node.prototype.cloneNode };
  doc.createElement = function (tag, options) {
    return take(element('http://www.w3.org/1999/xhtml', tag.toLowerCase())) ?? own.element.call(this, tag, options);
  };
  doc.createElementNS = function (ns, tag) {
    return take(element(ns, tag)) ?? own.elementNS.call(this, ns, tag);
  };
  doc.createTextNode = function (text) {
    return (text && take((n) => n.nodeType === 3 && n.data === text)) || own.text.call(this, text);
  };
  // A static piece: Leptos clones a template's content and takes its first element.
  Node.prototype.cloneNode = function (deep) {
    const copy = own.clone.call(this, deep);
    const first = this.nodeType === 11 && copy.firstElementChild;
    if (first) {
      const i = pool.findIndex((n) => !taken.has(n) && n.nodeType === 1 && n.isEqualNode(first));
      if (i >= 0) {
        const found = pool[i];
        for (at = i; at < pool.length && found.contains(pool[at]); at++) {
          taken.add(pool[at]);
          if (pool[at].nodeType === 1) noteTyped(pool[at]);
        }
        copy.replaceChild(found, first);
      }
    }
    return copy;
  };
  return true;
}

/** Ends the adoption once the app has drawn its first page: what it did not take goes. */
export function adopted() {
  if (!pool) return;
  const doc = document;
  delete doc.createElement;
  delete doc.createElementNS;
  delete doc.createTextNode;
  Node.prototype.cloneNode = own.clone;
  for (const n of pool) if (!taken.has(n)) n.remove();
  // A select's options were taken one by one out of it, and each time it chose another: the one
  // the app marks `selected` is chosen again.
  for (const n of taken) {
    if (n.localName !== 'select') continue;
    const chosen = [...n.options].find((o) => o.defaultSelected);
    if (chosen && !chosen.selected) chosen.selected = true;
  }
  // What the reader typed or chose before the app started goes back, and the app hears of it
  // as if typed now (its form's state follows the input and change events).
  for (const [n, was] of typed) {
    if (!n.isConnected) continue;
    if ('checked' in was) n.checked = was.checked;
    else n.value = was.value;
    n.dispatchEvent(new Event('input', { bubbles: true }));
    n.dispatchEvent(new Event('change', { bubbles: true }));
  }
  pool = null;
  typed = null;
}
