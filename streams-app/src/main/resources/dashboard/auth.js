// Sign-in state of the page (docs/security.md): who is signed in, the session's CSRF token for
// requests that change something, and a sign-out link. Without a session and without kiosk mode,
// the dashboard sends the browser to the sign-in page.
(function () {
  'use strict';
  const ordosAuth = {
    me: null,
    /** fetch() with the session's CSRF token on requests that change something. */
    send(url, options) {
      const o = Object.assign({ credentials: 'same-origin' }, options || {});
      o.headers = Object.assign({ Accept: 'application/json' }, o.headers || {});
      if (o.method && o.method !== 'GET' && ordosAuth.me && ordosAuth.me.csrfToken) {
        o.headers['X-CSRF-Token'] = ordosAuth.me.csrfToken;
      }
      return fetch(url, o);
    },
    async load() {
      const res = await fetch('/auth/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      ordosAuth.me = await res.json();
      return ordosAuth.me;
    },
    async signOut() {
      await ordosAuth.send('/auth/logout', { method: 'POST' });
      window.location.assign('/signin.html');
    },
  };
  window.ordosAuth = ordosAuth;

  /** Who is signed in, a link to the reporting page for those who report or decide, and sign-out. */
  function userBox(me) {
    const meta = document.querySelector('header .meta');
    if (!meta || !me.signedIn) {
      return;
    }
    const box = document.createElement('div');
    box.className = 'user-box';
    const name = document.createElement('span');
    name.id = 'user-name';
    name.textContent = me.displayName || me.name;
    box.appendChild(name);
    if (me.role !== 'VIEWER' && document.body.dataset.page !== 'reporting') {
      const reporting = document.createElement('a');
      reporting.id = 'reporting-link';
      reporting.href = '/reporting.html';
      reporting.textContent = '填报 / Reporting';
      box.appendChild(reporting);
    }
    const out = document.createElement('button');
    out.type = 'button';
    out.id = 'sign-out';
    out.textContent = '退出 / Sign out';
    out.addEventListener('click', () => ordosAuth.signOut());
    box.appendChild(out);
    meta.appendChild(box);
  }

  ordosAuth.userBox = userBox;

  if (document.body && document.body.dataset.page === 'dashboard') {
    ordosAuth.load().then((me) => {
      if (!me.signedIn && !me.kiosk) {
        window.location.assign('/signin.html');
        return;
      }
      userBox(me);
    });
  }
})();
