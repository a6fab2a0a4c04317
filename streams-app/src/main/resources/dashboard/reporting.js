// The reporting page (docs/security.md#reporting-on-the-web): a department reporter downloads the
// template for their goals, uploads it (or enters one figure) and sees every row's problem in
// Chinese and English before anything counts; an operator reviews pending submissions and approves
// or rejects them. Everything shown from the server is set as text, never as markup.
(function () {
  'use strict';
  const auth = window.ordosAuth;
  const $ = (id) => document.getElementById(id);
  let me = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function row(cells) {
    const tr = el('tr');
    for (const c of cells) {
      const td = el('td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c);
      tr.appendChild(td);
    }
    return tr;
  }
  function unavailable(text) {
    const p = $('rp-unavailable');
    p.textContent = text;
    p.hidden = false;
  }
  async function problemOf(res) {
    const body = await res.json().catch(() => ({}));
    return body.error || body.title || `HTTP ${res.status}`;
  }
  function signInAgain() {
    window.location.assign('/signin.html?next=' + encodeURIComponent('/reporting.html'));
  }

  function template() {
    const period = encodeURIComponent($('rp-period').value);
    $('rp-template').href = '/api/reporting/template?period=' + period;
    $('rp-template-investment').href = '/api/reporting/template?kind=investment&period=' + period;
  }

  // ---------- goals and the one-figure form ----------
  async function loadGoals() {
    const res = await auth.send('/api/reporting/goals');
    if (res.status === 404) {
      unavailable('本实例未启用网上填报（请用 ordos 启动）/ Web reporting is not enabled on this instance (start it with `ordos`)');
      return;
    }
    if (res.status === 401) return signInAgain();
    if (!res.ok) {
      unavailable(`无法读取目标 / Cannot read the goals: ${await problemOf(res)}`);
      return;
    }
    const answer = await res.json();
    const goals = answer.goals;
    // The plan clock's last month (the server knows the plan year; the browser's calendar may not be in it).
    if (!$('rp-period').value) {
      $('rp-period').value = answer.period;
      $('rp-figure-period').value = answer.period;
      template();
    }
    const body = $('rp-goals').querySelector('tbody');
    body.replaceChildren();
    const metric = $('rp-metric');
    metric.replaceChildren();
    const units = new Map();
    for (const g of goals) {
      const name = el('span', null, `${g.nameZh} / ${g.nameEn}`);
      name.title = g.goalId;
      body.appendChild(row([name, g.department, g.unit, g.reads.join('; ')]));
      for (const m of g.metrics) {
        if (units.has(m.metric)) continue;
        units.set(m.metric, m.unit);
        const o = el('option', null, `${m.metric} · ${g.nameZh}`);
        o.value = m.metric;
        metric.appendChild(o);
      }
    }
    if (goals.length === 0) {
      body.appendChild(row(['本部门没有需报送的目标 / No goal of your department reads reported figures', '', '', '']));
    }
    const unit = () => { $('rp-unit').value = units.get(metric.value) || ''; };
    metric.addEventListener('change', unit);
    unit();
  }

  // ---------- submitting: an upload or one figure ----------
  function showAccepted(s) {
    const box = $('rp-result');
    box.replaceChildren(el('p', 'rp-ok',
      `已提交（${s.rows} 行），等待监测中心审核 / Submitted (${s.rows} rows): waiting for the monitoring centre's approval · ${s.submissionId}`));
  }
  function showRefused(body) {
    const box = $('rp-result');
    box.replaceChildren(el('p', 'rp-refused', body.error));
    if (body.problems && body.problems.length) {
      const t = el('table', 'tt-table rp-problems');
      t.id = 'rp-problems';
      const head = el('tr');
      for (const h of ['行 / Line', '代码 / Code', '问题', 'Problem']) head.appendChild(el('th', null, h));
      t.appendChild(el('thead')).appendChild(head);
      const tb = el('tbody');
      for (const p of body.problems) {
        const tr = row([p.line, p.reasonCode, p.zh, p.en]);
        tr.firstChild.className = 'line';
        tb.appendChild(tr);
      }
      t.appendChild(tb);
      box.appendChild(t);
    }
  }
  async function submitted(res) {
    if (res.status === 401) return signInAgain();
    if (res.status === 201) {
      showAccepted(await res.json());
      await loadSubmissions();
      return;
    }
    const body = await res.json().catch(() => null);
    if (body && body.error) showRefused(body);
    else showRefused({ error: `提交失败 / Not submitted: HTTP ${res.status}`, problems: [] });
  }
  $('rp-upload').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('rp-file').files[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('encoding', $('rp-encoding').value);
    $('rp-result').replaceChildren(el('p', 'tt-note', '检查中… / Checking…'));
    await submitted(await auth.send('/api/reporting/submissions', { method: 'POST', body: form }));
  });
  $('rp-figure').addEventListener('submit', async (e) => {
    e.preventDefault();
    await submitted(await auth.send('/api/reporting/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        metric: $('rp-metric').value,
        period: $('rp-figure-period').value,
        value: $('rp-value').value,
        unit: $('rp-unit').value,
      }),
    }));
  });

  // ---------- submissions and the operator's decision ----------
  const STATES = { PENDING: '待审核 / Pending', APPROVED: '已批准 / Approved', REJECTED: '已驳回 / Rejected' };
  const mayDecide = () => me && (me.role === 'OPERATOR' || me.role === 'ADMINISTRATOR');

  async function loadSubmissions() {
    const res = await auth.send('/api/reporting/submissions');
    if (!res.ok) return;
    const list = (await res.json()).submissions;
    const body = $('rp-submissions').querySelector('tbody');
    body.replaceChildren();
    for (const s of list) {
      const state = el('span', 'rp-state ' + s.state, STATES[s.state] || s.state);
      const actions = el('div', 'rp-actions');
      const view = el('button', 'view', '查看 / View');
      view.type = 'button';
      view.addEventListener('click', () => showDetail(s.submissionId));
      actions.appendChild(view);
      if (s.state === 'PENDING' && mayDecide() && s.submittedBy !== me.name) {
        const approve = el('button', 'approve', '批准 / Approve');
        approve.type = 'button';
        approve.addEventListener('click', () => decide(s.submissionId, 'approve'));
        const reject = el('button', 'reject', '驳回 / Reject');
        reject.type = 'button';
        reject.addEventListener('click', () => decide(s.submissionId, 'reject'));
        actions.append(approve, reject);
      }
      const tr = row([s.submittedAt.replace('T', ' ').slice(0, 19), s.department, s.submittedBy, s.fileName, s.rows,
        state, s.decidedBy || '', s.reason || '', actions]);
      tr.dataset.submission = s.submissionId;
      tr.dataset.state = s.state;
      tr.children[4].className = 'num';
      body.appendChild(tr);
    }
    if (list.length === 0) body.appendChild(row(['暂无提交 / No submissions yet', '', '', '', '', '', '', '', '']));
  }

  async function showDetail(id) {
    const res = await auth.send(`/api/reporting/submissions/${encodeURIComponent(id)}`);
    const box = $('rp-detail');
    box.className = 'rp-detail';
    box.hidden = false;
    if (!res.ok) {
      box.replaceChildren(el('p', 'tt-error', await problemOf(res)));
      return;
    }
    const d = await res.json();
    const t = el('table', 'tt-table');
    const head = el('tr');
    for (const h of ['行 / Line'].concat(d.header)) head.appendChild(el('th', null, h));
    const thead = el('thead');
    thead.appendChild(head);
    const tb = el('tbody');
    for (const r of d.rows) tb.appendChild(row([r.line].concat(r.cells)));
    t.append(thead, tb);
    const close = el('button', null, '关闭 / Close');
    close.type = 'button';
    close.addEventListener('click', () => { box.hidden = true; });
    box.replaceChildren(el('p', null, `${d.submission.fileName} · ${d.submission.submittedBy} · ${STATES[d.submission.state]}`), t, close);
  }

  async function decide(id, how) {
    let body = {};
    if (how === 'reject') {
      const reason = window.prompt('驳回原因（部门据此修改）/ Why it is rejected (the department acts on it)', '');
      if (reason === null) return;
      body = { reason };
    }
    const res = await auth.send(`/api/reporting/submissions/${encodeURIComponent(id)}/${how}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 401) return signInAgain();
    if (!res.ok) window.alert(`${how === 'approve' ? '未批准 / Not approved' : '未驳回 / Not rejected'}: ${await problemOf(res)}`);
    await loadSubmissions();
  }

  // ---------- start ----------
  auth.load().then(async (who) => {
    if (!who.signedIn) return signInAgain();
    me = who;
    auth.userBox(who);
    const roleNames = { VIEWER: '查看 / viewer', REPORTER: '填报员 / reporter', OPERATOR: '操作员 / operator', ADMINISTRATOR: '管理员 / administrator' };
    $('rp-who').textContent = `${who.displayName || who.name} · ${who.departments.join('、') || '—'} · ${roleNames[who.role] || who.role}`;
    if (who.role === 'VIEWER') {
      unavailable('填报需要部门填报员或监测中心操作员权限 / Reporting needs the reporter or operator role');
      return;
    }
    $('rp-period').addEventListener('change', template);
    await loadGoals();
    await loadSubmissions();
    // Linked from a figure's provenance on a goal's page: open that submission.
    const linked = /^#submission=(.+)$/.exec(window.location.hash);
    if (linked) await showDetail(decodeURIComponent(linked[1]));
    setInterval(() => loadSubmissions().catch(() => {}), 10000);
  });
})();
