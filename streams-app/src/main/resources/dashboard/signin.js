(function () {
  'use strict';
  window.ordosAuth.load().then((me) => {
    if (me.singleSignOn) {
      document.getElementById('sso').hidden = false;
    }
    if (me.passwordSignIn) {
      document.getElementById('signin-form').hidden = false;
    }
    if (!me.singleSignOn && !me.passwordSignIn) {
      document.getElementById('signin-none').hidden = false;
    }
  });
  document.getElementById('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await fetch('/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        username: document.getElementById('username').value,
        password: document.getElementById('password').value,
      }),
    });
    if (res.ok) {
      const next = new URLSearchParams(window.location.search).get('next');
      window.location.assign(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } else {
      document.getElementById('signin-error').textContent = '用户名或密码错误，或账户暂时锁定 / Wrong name or password, or the account is locked for a while';
    }
  });
})();
