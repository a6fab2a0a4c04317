// Acknowledgements on the alert list: an open alert someone acknowledged shows who and their note;
// the others get a button to acknowledge them (POST /api/acks as the signed-in person, with the
// session's CSRF token; a reporter may acknowledge their department's goals, an operator any).
(function () {
  'use strict';
  const list = document.getElementById('alert-list');
  let acks = new Map();

  function zh() { return (document.documentElement.lang || 'zh').startsWith('zh') && document.getElementById('lang-toggle').textContent === 'EN'; }
  function label(zhText, enText) { return zh() ? zhText : enText; }

  async function load() {
    const r = await fetch('/api/acks');
    if (!r.ok) return;
    const body = await r.json();
    acks = new Map(body.acks.map((a) => [a.alertId, a]));
    decorate();
  }

  function decorate() {
    observer.disconnect();
    for (const li of list.querySelectorAll('li.alert')) {
      li.querySelectorAll('.ack, .ack-button').forEach((n) => n.remove());
      const ack = acks.get(li.dataset.alertId);
      if (ack && ack.sequence >= Number(li.dataset.sequence)) {
        const span = document.createElement('span');
        span.className = 'ack';
        span.textContent = `✓ ${label('已确认', 'Acknowledged')} · ${ack.acknowledgedBy}${ack.note ? ': ' + ack.note : ''}`;
        li.append(span);
      } else if (li.dataset.state !== 'RESOLVED') {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'ack-button';
        button.textContent = label('确认', 'Acknowledge');
        button.addEventListener('click', () => acknowledge(li.dataset.alertId, Number(li.dataset.sequence)));
        li.append(button);
      }
    }
    observer.observe(list, { childList: true });
  }

  async function acknowledge(alertId, sequence) {
    const note = window.prompt(label('确认说明（例如：正在核实数据）', 'Note (e.g. checking the figures)'), '');
    if (note === null) return;
    const r = await window.ordosAuth.send('/api/acks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ alertId, sequence, note }),
    });
    if (r.status === 401) {
      window.location.assign('/signin.html');
      return;
    }
    if (!r.ok) {
      const problem = await r.json().catch(() => ({}));
      window.alert(`${label('确认失败', 'Not acknowledged')}: ${problem.error || r.status}`);
      return;
    }
    const body = await r.json();
    acks = new Map(body.acks.map((a) => [a.alertId, a]));
    decorate();
  }

  const observer = new MutationObserver(decorate);
  observer.observe(list, { childList: true });
  setInterval(() => load().catch(() => {}), 15000);
  load().catch(() => {});
})();
