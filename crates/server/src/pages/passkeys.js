// Passkeys on the member's pages (see services/passkeys.rs and pages/passkeys.rs). The
// server's options are JSON with base64url bytes; the browser takes ArrayBuffers and gives
// ArrayBuffers back, sent as base64url. A button that cannot work here hides itself.
(() => {
  const bytes = (s) => {
    const b = atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '='));
    return Uint8Array.from(b, (c) => c.charCodeAt(0)).buffer;
  };
  const text = (buf) =>
    btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const post = async (url, body) => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
      credentials: 'same-origin',
    });
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  };
  const buttons = document.querySelectorAll('[data-passkey]');
  if (!window.PublicKeyCredential) {
    buttons.forEach((b) => b.closest('[data-passkey-part]')?.setAttribute('hidden', ''));
    return;
  }
  const failed = (button) => {
    const note = document.querySelector('[data-test=passkey-note]');
    if (note) {
      note.textContent = button.dataset.failed;
      note.hidden = false;
    }
    button.disabled = false;
  };
  const run = {
    async add() {
      const c = await post('/account/passkeys/add/start');
      const o = c.options.publicKey;
      o.challenge = bytes(o.challenge);
      o.user.id = bytes(o.user.id);
      (o.excludeCredentials || []).forEach((x) => { x.id = bytes(x.id); });
      const cred = await navigator.credentials.create({ publicKey: o });
      await post('/account/passkeys/add/finish', {
        ceremony: c.id,
        credential: {
          id: cred.id,
          rawId: text(cred.rawId),
          type: cred.type,
          response: {
            attestationObject: text(cred.response.attestationObject),
            clientDataJSON: text(cred.response.clientDataJSON),
          },
          extensions: cred.getClientExtensionResults(),
        },
      });
      location.assign('/account?passkey=added');
    },
    async signIn() {
      const c = await post('/account/passkeys/sign-in/start');
      const o = c.options.publicKey;
      o.challenge = bytes(o.challenge);
      (o.allowCredentials || []).forEach((x) => { x.id = bytes(x.id); });
      const cred = await navigator.credentials.get({ publicKey: o });
      const r = cred.response;
      await post('/account/passkeys/sign-in/finish', {
        ceremony: c.id,
        credential: {
          id: cred.id,
          rawId: text(cred.rawId),
          type: cred.type,
          response: {
            authenticatorData: text(r.authenticatorData),
            clientDataJSON: text(r.clientDataJSON),
            signature: text(r.signature),
            userHandle: r.userHandle ? text(r.userHandle) : null,
          },
          extensions: cred.getClientExtensionResults(),
        },
      });
      location.assign('/account');
    },
  };
  buttons.forEach((button) => {
    button.addEventListener('click', () => {
      button.disabled = true;
      run[button.dataset.passkey]().catch(() => failed(button));
    });
  });
})();
