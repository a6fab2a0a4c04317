// Past moments, drill-down pages and Excel exports for the Ordos dashboard.
// Linkable: everything lives in the URL hash (#/goal/ordos-2025%2Ffai?asOf=2025-06-30).
// Every data-derived string reaches the page through textContent, never innerHTML; links are built
// with encodeURIComponent.
(function () {
  'use strict';

  const D = window.OrdosDashboard;
  const WORDS = {
    zh: {
      live: '实时', asOf: '当日数据（按今日所知）', knownAt: '当时屏幕所示', go: '查看', back: '返回总屏',
      pastBanner: '历史视图 · 非实时', asOfBanner: '%s 的数据，按今日所知（含此后的更正）',
      knownAtBanner: '%s 当时屏幕所示（不含此后的更正）', details: '详情 ›', exportXlsx: '导出 Excel',
      plan: '计划表述', target: '目标', unit: '单位', pace: '进度曲线', startLevel: '年初水平', cadence: '报送周期（天）', department: '责任部门',
      actual: '实际值', expected: '应达值', projected: '预计全年', progress: '完成进度', status: '状态',
      history: '年度走势', counties: '旗区分布', sources: '数据来源', restatements: '数据更正', alerts: '预警记录',
      source: '来源', role: '口径', county: '旗区', value: '数值', asOfCol: '截至', reported: '报送时间',
      provenance: '出处', restated: '更正', first: '原值', latest: '更正后', noRows: '无', goal: '指标', share: '占比',
      goalActual: '指标实际值', openAlerts: '未解除预警', departments: '部门', goals: '指标数', projects: '重大项目',
      search: '搜索项目编号', allCounties: '全部旗区', total: '共 %s 项', prev: '上一页', next: '下一页',
      reports: '调度通报', report: '通报', kind: '类型', day: '数据时点', workbook: 'Excel', pdf: 'PDF',
      MONTH_END: '月度', ON_DEMAND: '按需', changes: '变化', behindCount: '滞后/风险', note: '口径说明',
      sourcesNote: '来源按今日所知（不提供“当时所示”）', fired: '触发', changed: '变更', loading: '加载中…',
      failed: '加载失败：%s', expectedLine: '应达', actualLine: '实际',
      LINEAR: '全年均匀', CONSTRUCTION_SEASONAL: '施工季节性（冬季停工）', FRONT_LOADED: '前高后低',
      YEAR_END: '年底集中', CONSTANT: '全年按目标值衡量',
      FEED: '合计', NUMERATOR: '分子', DENOMINATOR: '分母', FIRING: '触发', ESCALATED: '升级', RESOLVED: '解除',
      deadLetters: '退回数据', reason: '原因', component: '环节', message: '说明', lettered: '退回时间', where: '位置',
      original: '原始内容', binary: '（二进制，%s 字节）', allReasons: '全部原因',
      deadLettersNote: '未计入任何指标的输入都在此，附原因；计数为全部，列表为最近的（全部记录见 ordos.dead-letters 主题）',
      // What each dead-letter reason code means (DeadLetter.avsc's reasonCode doc; the importer's
      // wording, RejectReason, where it has one). DeadLetterReasonLabelsTest wants every code here.
      reasons: {
        NO_VALUE: '记录为空（没有内容）',
        OVERSIZED: '记录超过允许的大小',
        NOT_AVRO: '数据格式无法解读（不是约定的 Avro 格式）',
        UNKNOWN_SCHEMA_ID: '数据格式版本未在注册中心登记',
        WRONG_TYPE: '数据类型与该主题应有的不符',
        INCOMPATIBLE_WRITER_SCHEMA: '数据格式版本不兼容，有字段无法按原意读取',
        UNKNOWN_COUNTY: '旗区无法识别（不是九个旗区之一）',
        INVALID_DECIMAL: '数值格式不正确',
        MISSING_FIELD: '必填项为空',
        KEY_MISMATCH: '记录键与数据来源编号不一致',
        NO_MATCHING_GOAL: '没有目标读取该数据（请核对指标代码或项目类别）',
        STATEMENT_MISMATCH: '报送口径与该目标所读的不符',
        INVALID_PERIOD: '统计期格式不正确（应为月份或日期）',
        OUTSIDE_PLAN_YEAR: '日期或统计期不在计划年度内',
        FUTURE_EVENT: '数据日期晚于报送时间或当前时间',
        FUTURE_REPORT: '报送时间晚于当前时间',
        NEGATIVE_AMOUNT: '数值不能为负数',
        AMOUNT_TOO_LARGE: '数值超出允许范围',
        UNKNOWN_UNIT: '计量单位无法识别',
        UNIT_MISMATCH: '计量单位与该指标要求的单位不一致',
        SUM_LIMIT_EXCEEDED: '累计数值将超出系统上限',
        PROCESSING_FAILED: '处理或写出时发生意外错误',
        BAD_ROW: '该行无法读取',
        CONFLICTING_ROW: '与表中前面一行是同一数据，但内容不同',
        NOT_YOUR_DEPARTMENT: '该数据不属于本部门负责的目标',
        UNREADABLE_FILE: '文件无法读取',
        UNKNOWN_ENCODING: '无法识别指定的文字编码',
        UNDECODABLE_TEXT: '文件内容与文字编码不符',
        NO_HEADER: '文件为空，缺少表头行',
        MISSING_COLUMN: '表头缺少必需的列',
        NO_DATA_ROWS: '表格中没有数据行',
        ALERT_DELIVERY_FAILED: '预警推送失败（重试次数已用尽）',
        ALERT_DELIVERY_REJECTED: '预警被接收方拒收',
        INVALID_AMOUNT: '数值无效（旧代码，已不再使用）'
      }
    },
    en: {
      live: 'Live', asOf: 'Figures for a day (as known today)', knownAt: 'As the screen showed it', go: 'Show',
      back: 'Back to the screen', pastBanner: 'Past view · not live',
      asOfBanner: 'Figures for %s as known today (later restatements included)',
      knownAtBanner: 'As shown at %s (without later restatements)', details: 'Details ›', exportXlsx: 'Export to Excel',
      plan: 'Plan sentence', target: 'Target', unit: 'Unit', pace: 'Pace', startLevel: 'Level on 1 January', cadence: 'Reporting cadence (days)',
      department: 'Department', actual: 'Actual', expected: 'Expected', projected: 'Projected', progress: 'Progress',
      status: 'Status', history: 'The year so far', counties: 'By county', sources: 'Sources',
      restatements: 'Restatements', alerts: 'Alert episodes', source: 'Source', role: 'Role', county: 'County',
      value: 'Value', asOfCol: 'As of', reported: 'Reported', provenance: 'Where from', restated: 'Restated',
      first: 'First', latest: 'Latest', noRows: 'None', goal: 'Goal', share: 'Share', goalActual: 'Goal actual',
      openAlerts: 'Open alerts', departments: 'Departments', goals: 'Goals', projects: 'Major projects',
      search: 'Search project id', allCounties: 'All counties', total: '%s in all', prev: 'Previous', next: 'Next',
      reports: 'Dispatch reports', report: 'Report', kind: 'Kind', day: 'Day', workbook: 'Excel', pdf: 'PDF',
      MONTH_END: 'Month-end', ON_DEMAND: 'On demand', changes: 'Changes', behindCount: 'Behind/at risk',
      note: 'Reading note', sourcesNote: 'Sources are kept as known today (not as shown then)', fired: 'Fired',
      changed: 'Changed', loading: 'Loading…', failed: 'Failed: %s', expectedLine: 'Expected', actualLine: 'Actual',
      LINEAR: 'Even over the year', CONSTRUCTION_SEASONAL: 'Construction season (winter pause)',
      FRONT_LOADED: 'Front-loaded', YEAR_END: 'Year-end', CONSTANT: 'Target all year',
      FEED: 'feed', NUMERATOR: 'numerator', DENOMINATOR: 'denominator', FIRING: 'Firing', ESCALATED: 'Escalated',
      RESOLVED: 'Resolved', deadLetters: 'Dead letters', reason: 'Reason', component: 'Component', message: 'Message',
      lettered: 'Set aside', where: 'Where from', original: 'Original', binary: '(binary, %s bytes)',
      allReasons: 'All reasons',
      deadLettersNote: 'Every input that counts toward no goal is here with its reason; all are counted, the latest listed (all of them are on the ordos.dead-letters topic)',
      reasons: {
        NO_VALUE: 'Empty record (no value)',
        OVERSIZED: 'Record larger than allowed',
        NOT_AVRO: 'Cannot be decoded (not the agreed Avro format)',
        UNKNOWN_SCHEMA_ID: 'Format version not known to the schema registry',
        WRONG_TYPE: 'Another kind of record than the topic carries',
        INCOMPATIBLE_WRITER_SCHEMA: 'Incompatible format version: a field cannot be read as meant',
        UNKNOWN_COUNTY: 'County not one of the nine county-level units',
        INVALID_DECIMAL: 'The value is not a valid number',
        MISSING_FIELD: 'A required field is empty',
        KEY_MISMATCH: 'Record key is not the source id',
        NO_MATCHING_GOAL: 'No goal reads this figure (check the metric code or project tier)',
        STATEMENT_MISMATCH: 'Not the kind of statement the goal reads',
        INVALID_PERIOD: 'The period is not a month or a day',
        OUTSIDE_PLAN_YEAR: 'Date or period outside the plan year',
        FUTURE_EVENT: 'Dated after its report or after now',
        FUTURE_REPORT: 'Reported at a time still to come',
        NEGATIVE_AMOUNT: 'The value must not be negative',
        AMOUNT_TOO_LARGE: 'The value is beyond the allowed range',
        UNKNOWN_UNIT: 'The unit is not a known unit',
        UNIT_MISMATCH: 'The unit does not measure what the goal counts',
        SUM_LIMIT_EXCEEDED: 'Would push the running sum beyond the limit',
        PROCESSING_FAILED: 'Unexpected error while processing or writing it',
        BAD_ROW: 'The row cannot be read',
        CONFLICTING_ROW: 'Same figure as an earlier row of the table, other content',
        NOT_YOUR_DEPARTMENT: 'The figure belongs to goals the department does not report',
        UNREADABLE_FILE: 'The file cannot be read',
        UNKNOWN_ENCODING: 'The encoding given is not known',
        UNDECODABLE_TEXT: "The file's bytes are not valid in its encoding",
        NO_HEADER: 'Empty file: a header row is expected',
        MISSING_COLUMN: 'The header lacks a required column',
        NO_DATA_ROWS: 'The table has no data rows',
        ALERT_DELIVERY_FAILED: 'Alert not delivered (retries exhausted)',
        ALERT_DELIVERY_REJECTED: 'Alert refused by the receiver',
        INVALID_AMOUNT: 'Invalid value (retired code)'
      }
    }
  };
  const w = (k, arg) => {
    const s = WORDS[D.lang()][k] !== undefined ? WORDS[D.lang()][k] : k;
    return arg === undefined ? s : s.replace('%s', arg);
  };
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  const link = (href, text, cls) => {
    const a = el('a', cls, text);
    a.href = href;
    return a;
  };
  // A dead-letter reason in the page's language; a code it does not know is shown as itself.
  const reasonText = (code) => WORDS[D.lang()].reasons[code] || code;
  // ... with its code beside it, small (operators search by it)
  const reasonLabel = (code, cls) => {
    const span = el('span', cls || 'tt-reason', reasonText(code));
    if (reasonText(code) !== code) span.append(' ', el('code', 'tt-code', code));
    return span;
  };
  const pick = (zh, en) => (D.lang() === 'zh' ? zh || en : en || zh);
  // a figure and its unit, the unit named in the page's language (the figure stays in the plan's unit)
  const amount = D.amount;
  const countyName = (sym) => {
    const c = D.COUNTIES.find((x) => x[0] === sym);
    return c ? (D.lang() === 'zh' ? c[1] : c[2]) : sym || '—';
  };

  // ---------- route: #/<page>/<arg>?asOf=|knownAt=&... ----------
  function parseHash() {
    const h = location.hash.replace(/^#/, '') || '/';
    const [path, query] = h.split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    // A goal key typed without encoding its slash (#/goal/ordos-2025/fai) is still the one argument.
    return { page: parts[0] || '', arg: parts.slice(1).join('/') || null, params };
  }
  function momentOf(params) {
    if (params.get('asOf')) return { asOf: params.get('asOf') };
    if (params.get('knownAt')) return { knownAt: params.get('knownAt') };
    return null;
  }
  const momentQuery = (m) => (m ? `${Object.keys(m)[0]}=${encodeURIComponent(Object.values(m)[0])}` : '');
  const withMoment = (path, extra) => {
    const q = [momentQuery(D.moment()), extra].filter(Boolean).join('&');
    return q ? `${path}?${q}` : path;
  };
  const api = (path, extra) => withMoment(path, extra);
  const exportHref = (path, extra) => withMoment(path, [extra, `lang=${D.lang()}`].filter(Boolean).join('&'));
  const hashFor = (page, arg, extra) => withMoment('#/' + page + (arg ? '/' + encodeURIComponent(arg) : ''), extra);

  // ---------- the moment control in the header ----------
  const bar = el('div', 'tt-bar');
  const mode = el('select', 'tt-mode');
  mode.id = 'tt-mode';
  const date = el('input', 'tt-date');
  date.type = 'date';
  date.id = 'tt-date';
  date.min = '2025-01-01';
  date.max = '2025-12-31';
  const go = el('button', 'tt-go');
  go.type = 'button';
  go.id = 'tt-go';
  bar.append(mode, date, go);
  // Under the title, where the wall screen has room; the summary keeps the middle of the header.
  document.querySelector('.brand .subtitle').after(bar);
  const banner = el('div', 'tt-banner');
  banner.id = 'tt-banner';
  banner.hidden = true;
  document.querySelector('header.top').after(banner);
  const page = el('section', 'tt-page');
  page.id = 'tt-page';
  page.hidden = true;
  document.querySelector('main.layout').after(page);

  function renderBar() {
    const m = D.moment();
    mode.replaceChildren();
    for (const k of ['live', 'asOf', 'knownAt']) {
      const o = el('option', null, w(k));
      o.value = k;
      mode.append(o);
    }
    mode.value = m ? Object.keys(m)[0] : 'live';
    date.value = m ? Object.values(m)[0].slice(0, 10) : '';
    date.disabled = mode.value === 'live';
    go.textContent = w('go');
    document.body.classList.toggle('past', !!m);
    banner.hidden = !m;
    if (m) {
      banner.replaceChildren(
        el('b', null, w('pastBanner')),
        el('span', null, m.asOf ? w('asOfBanner', m.asOf) : w('knownAtBanner', m.knownAt)),
        link(exportHref('/api/export/goals'), w('exportXlsx'), 'tt-export'),
        link('#/', w('live'), 'tt-live'));
    }
  }
  mode.addEventListener('change', () => { date.disabled = mode.value === 'live'; if (mode.value === 'live') go.click(); });
  go.addEventListener('click', () => {
    const r = parseHash();
    const params = new URLSearchParams();
    if (mode.value !== 'live' && date.value) params.set(mode.value, date.value);
    for (const [k, v] of r.params) if (k !== 'asOf' && k !== 'knownAt') params.set(k, v);
    const q = params.toString();
    location.hash = '#/' + (r.page ? r.page + (r.arg ? '/' + encodeURIComponent(r.arg) : '') : '') + (q ? '?' + q : '');
  });

  // ---------- pages ----------
  let shown = null; // the route rendered last, to tell a moment change from a page change

  async function route() {
    const r = parseHash();
    const m = momentOf(r.params);
    const before = JSON.stringify(D.moment());
    if (JSON.stringify(m) !== before) {
      await D.setMoment(m).catch((e) => showError(e));
    }
    renderBar();
    shown = r;
    if (!r.page) {
      page.hidden = true;
      document.querySelector('main.layout').hidden = false;
      return;
    }
    document.querySelector('main.layout').hidden = true;
    page.hidden = false;
    page.replaceChildren(el('p', 'tt-loading', w('loading')));
    try {
      await D.ready(); // the catalog names the units on the pages
      if (r.page === 'goal') await goalPage(r.arg);
      else if (r.page === 'county') await countyPage(r.arg);
      else if (r.page === 'departments') await departmentsPage();
      else if (r.page === 'department') await departmentPage(r.arg);
      else if (r.page === 'projects') await projectsPage(r.params);
      else if (r.page === 'reports') await reportsPage();
      else if (r.page === 'dead-letters') await deadLettersPage(r.params);
      else page.replaceChildren(head(r.page));
    } catch (e) {
      showError(e);
    }
  }

  function showError(e) {
    page.hidden = false;
    page.replaceChildren(head(''), el('p', 'tt-error', w('failed', e.message || e)));
  }

  async function fetchJson(url) {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || res.status);
    return body;
  }

  function head(title, exportPath) {
    const h = el('div', 'tt-head');
    h.append(link(withMoment('#/'), '‹ ' + w('back'), 'tt-back'), el('h2', null, title));
    const nav = el('nav', 'tt-nav');
    const pages = [[hashFor('departments'), 'departments'], [hashFor('projects'), 'projects'], ['#/reports', 'reports']];
    // the monitoring centre's: the API answers others 401/403
    const me = window.ordosAuth && window.ordosAuth.me;
    if (me && (me.role === 'OPERATOR' || me.role === 'ADMINISTRATOR')) pages.push(['#/dead-letters', 'dead-letters']);
    // the page on screen is the title, not a link beside it as well ("Departments  Departments")
    const here = shown && shown.page;
    for (const [href, p] of pages) if (p !== here) nav.append(link(href, w(p === 'dead-letters' ? 'deadLetters' : p)));
    h.append(nav);
    if (exportPath) h.append(link(exportHref(exportPath), w('exportXlsx'), 'tt-export'));
    return h;
  }

  /** A table; columns: {label, value(row) -> text|Node, num, sort(row) -> comparable}. Sortable by header. */
  function table(columns, rows, cls) {
    const t = el('table', 'tt-table' + (cls ? ' ' + cls : ''));
    const thead = el('thead');
    const tr = el('tr');
    const tbody = el('tbody');
    let order = null;
    const fill = () => {
      tbody.replaceChildren();
      const sorted = order ? [...rows].sort((a, b) => {
        const c = columns[order.i];
        const x = c.sort ? c.sort(a) : c.value(a);
        const y = c.sort ? c.sort(b) : c.value(b);
        const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return order.desc ? -r : r;
      }) : rows;
      if (!sorted.length) {
        const empty = el('tr');
        const td = el('td', 'tt-empty', w('noRows'));
        td.colSpan = columns.length;
        empty.append(td);
        tbody.append(empty);
      }
      for (const row of sorted) {
        const r = el('tr');
        for (const c of columns) {
          const v = c.value(row);
          const td = el('td', c.num ? 'num' : null);
          if (v instanceof Node) td.append(v); else td.textContent = v === null || v === undefined ? '—' : String(v);
          if (c.status) td.dataset.status = c.status(row);
          r.append(td);
        }
        tbody.append(r);
      }
    };
    columns.forEach((c, i) => {
      const th = el('th', c.num ? 'num' : null, c.label);
      if (c.sort || c.sortable) {
        th.classList.add('sortable');
        th.addEventListener('click', () => {
          order = order && order.i === i ? { i, desc: !order.desc } : { i, desc: true };
          tr.querySelectorAll('th').forEach((x) => x.removeAttribute('data-order'));
          th.dataset.order = order.desc ? 'desc' : 'asc';
          fill();
        });
      }
      tr.append(th);
    });
    thead.append(tr);
    t.append(thead, tbody);
    fill();
    return t;
  }

  const statusCell = (s) => {
    const span = el('span', 'tt-status', D.status(s));
    span.style.setProperty('--status', D.STATUS_COLOURS[s] || D.STATUS_COLOURS.NO_DATA);
    return span;
  };
  // Where a figure came from: the file and line of an imported table, the web submission that
  // carried it (who submitted and approved it is on the reporting page), or the topic and offset.
  const provenance = (s) => {
    const where = s.importFile ? `${s.importFile}:${s.importLine}` : `${s.sourceTopic}-${s.sourcePartition}@${s.sourceOffset}`;
    if (!s.submissionId) return where;
    const span = el('span', 'tt-provenance', where + ' · ');
    span.appendChild(link(`/reporting.html#submission=${encodeURIComponent(s.submissionId)}`,
      pick('网上填报 ', 'web submission ') + s.submissionId.slice(0, 8), 'tt-submission'));
    span.appendChild(document.createTextNode(
      ' · ' + pick(`填报 ${s.submittedBy} · 审核 ${s.approvedBy}`, `submitted by ${s.submittedBy}, approved by ${s.approvedBy}`)));
    return span;
  };
  const goalName = (g) => pick(g.nameZh, g.nameEn);
  const section = (title, ...content) => {
    const s = el('section', 'tt-section');
    s.append(el('h3', null, title), ...content);
    return s;
  };

  async function goalPage(key) {
    // A key (plan/goal), or a bare goal id of the app's plan.
    const slash = key.indexOf('/');
    const goalId = key.slice(slash + 1);
    const plan = slash < 0 ? '' : key.slice(0, slash);
    const planQuery = plan ? `plan=${encodeURIComponent(plan)}` : '';
    const base = `/api/goals/${encodeURIComponent(goalId)}`;
    const p = await fetchJson(api(base + '/page', planQuery));
    const g = p.goal;
    const fig = p.progress;
    const root = [head(goalName(g), `/api/export/goals/${encodeURIComponent(goalId)}`)];
    const facts = el('dl', 'tt-facts');
    const fact = (label, value) => facts.append(el('dt', null, label), value instanceof Node ? wrap(value) : el('dd', null, value));
    const wrap = (n) => { const dd = el('dd'); dd.append(n); return dd; };
    fact(w('plan'), g.phraseZh);
    fact(w('target'), (D.COMPARATOR_SIGNS[g.comparator] || '') + amount(g.target, g.unit));
    fact(w('pace'), w(g.judgedPace));
    if (g.startLevel !== null && g.startLevel !== undefined) fact(w('startLevel'), amount(g.startLevel, g.unit));
    fact(w('cadence'), g.cadenceDays);
    fact(w('department'), link(hashFor('department', g.department), pick(g.department, g.departmentEn)));
    if (g.readingNote) fact(w('note'), pick(g.readingNoteZh || g.readingNote, g.readingNote));
    const figures = el('div', 'tt-figures');
    const figure = (label, value, cls) => { const d = el('div', 'tt-figure ' + (cls || '')); d.append(el('span', 'label', label), value); figures.append(d); };
    figure(w('actual'), el('b', 'tt-actual', amount(fig.actual, fig.unit)));
    figure(w('expected'), el('b', null, fig.expectedByNow === null ? '—' : amount(fig.expectedByNow, fig.unit)));
    figure(w('projected'), el('b', null, fig.projectedYearEnd === null ? '—' : amount(fig.projectedYearEnd, fig.unit)));
    figure(w('progress'), el('b', null, fig.progressRatio === null ? '—' : (fig.progressRatio * 100).toFixed(1) + '%'));
    figure(w('status'), statusCell(fig.status));
    root.push(facts, figures);

    const chart = el('div', 'tt-chart');
    root.push(section(w('history'), chart));
    const countyChart = el('div', 'tt-chart tt-county-chart');
    const countyRows = p.counties.filter((c) => c.value !== null);
    // A city-wide figure (a statistics series) has no county breakdown: no chart of nine zeros.
    if (countyRows.length) root.push(section(w('counties'), countyChart, table([
      { label: w('county'), value: (c) => link(hashFor('county', c.county), countyName(c.county)), sort: (c) => c.county },
      // a ratio's counties are its numerator's, a growth rate's this year's amounts: their own unit
      { label: D.unit(g.countyUnit || g.unit) ? `${w('value')}（${D.unit(g.countyUnit || g.unit)}）` : w('value'), value: (c) => D.fmt(c.value), num: true, sort: (c) => Number(c.value) },
      { label: w('share'), value: (c) => (c.share === null ? '—' : (c.share * 100).toFixed(1) + '%'), num: true, sort: (c) => c.share || 0 }
    ], countyRows)));

    const sourcesBox = el('div', 'tt-sources');
    root.push(section(w('sources'), el('p', 'tt-note', w('sourcesNote')), sourcesBox));
    root.push(section(w('restatements'), table([
      { label: w('source'), value: (r) => r.sourceId, sortable: true },
      { label: w('asOfCol'), value: (r) => D.fmtTime(r.asOf).slice(0, 10), sortable: true },
      { label: w('first'), value: (r) => D.fmt(r.firstValue), num: true, sort: (r) => Number(r.firstValue) },
      { label: w('latest'), value: (r) => D.fmt(r.latestValue), num: true, sort: (r) => Number(r.latestValue) },
      { label: w('reported'), value: (r) => D.fmtTime(r.latestReportedAt), sortable: true },
      { label: w('provenance'), value: (r) => `${r.latestSourceTopic}-${r.latestSourcePartition}@${r.latestSourceOffset}` }
    ], p.restatements, 'tt-restatements')));
    const episodes = el('ul', 'tt-episodes');
    if (!p.alerts.length) episodes.append(el('li', 'tt-empty', w('noRows')));
    for (const e of p.alerts) {
      const li = el('li');
      li.append(statusCell(e.state === 'RESOLVED' ? 'ON_TRACK' : e.severity === 'CRITICAL' ? 'BEHIND' : 'AT_RISK'),
        el('span', null, ` ${w('fired')} ${D.fmtTime(e.firedAt)} · ${w('changed')} ${D.fmtTime(e.changedAt)} · ${w(e.state)}`));
      const msgs = el('ol');
      for (const u of e.updates) msgs.append(el('li', null, `${D.fmtTime(u.changedAt)} ${pick(u.messageZh, u.messageEn)}`));
      li.append(msgs);
      episodes.append(li);
    }
    root.push(section(w('alerts'), episodes));
    page.replaceChildren(...root);

    if (window.echarts) {
      // month names in the page's language, not the browser's
      const c = echarts.init(chart, null, { locale: D.lang() === 'en' ? 'EN' : 'ZH' });
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        // above the plot, clear of the month labels
        legend: { data: [w('actualLine'), w('expectedLine')], top: 0, right: 20, textStyle: { color: '#c9d6e8' } },
        grid: { left: 60, right: 20, top: 36, bottom: 30 },
        // a day label next to a month's ('29' beside '4月') is dropped rather than drawn into it
        xAxis: { type: 'time', axisLabel: { color: '#c9d6e8', hideOverlap: true } },
        yAxis: { type: 'value', scale: true, axisLabel: { color: '#c9d6e8' } },
        series: [
          { name: w('actualLine'), type: 'line', showSymbol: p.history.filter((x) => x.actual !== null).length < 40,
            data: p.history.map((x) => [x.asOf, x.actual]), lineStyle: { width: 2 } },
          { name: w('expectedLine'), type: 'line', showSymbol: false, data: p.history.map((x) => [x.asOf, x.expectedByNow]), lineStyle: { type: 'dashed' } }
        ]
      });
      if (countyRows.length) {
        const cc = echarts.init(countyChart);
        cc.setOption({
          animation: false,
          grid: { left: 90, right: 40, top: 10, bottom: 10 },
          xAxis: { type: 'value', show: false },
          // the counties with a figure, as the table below lists them (no bar of 0 for a county without one)
          yAxis: { type: 'category', inverse: true, data: countyRows.map((c) => countyName(c.county)), axisLabel: { color: '#c9d6e8' } },
          series: [{ type: 'bar', data: countyRows.map((c) => Number(c.value)), label: { show: true, position: 'right', color: '#e6edf6', formatter: (v) => D.fmt(v.value) } }]
        });
        cc.on('click', (e) => { location.hash = hashFor('county', countyRows[e.dataIndex].county); });
      }
    }

    if (D.moment() && D.moment().knownAt) return; // sources are kept as known today
    const s = await fetchJson(api(base + '/sources', [planQuery, 'limit=2000'].filter(Boolean).join('&')));
    sourcesBox.replaceChildren(
      el('p', 'tt-note', w('total', s.total)),
      table([
        { label: w('source'), value: (x) => x.sourceId, sortable: true },
        { label: w('role'), value: (x) => w(x.role), sortable: true },
        { label: w('county'), value: (x) => countyName(x.county), sortable: true },
        // each source in its own unit: a ratio's sources are numerator and denominator amounts, not the goal's %
        { label: w('value'), value: (x) => amount(x.value, x.unit || s.unit), num: true, sort: (x) => Number(x.value) },
        { label: w('asOfCol'), value: (x) => D.fmtTime(x.latestEventTime).slice(0, 10), sortable: true },
        { label: w('reported'), value: (x) => D.fmtTime(x.latestReportedAt), sortable: true },
        { label: w('provenance'), value: provenance },
        { label: w('restated'), value: (x) => x.restatements, num: true, sort: (x) => x.restatements }
      ], s.sources, 'tt-sources-table'));
  }

  async function countyPage(sym) {
    const c = await fetchJson(api(`/api/counties/${encodeURIComponent(sym)}`));
    page.replaceChildren(head(pick(c.nameZh, c.nameEn), `/api/export/counties/${encodeURIComponent(sym)}`), table([
      { label: w('goal'), value: (r) => link(hashFor('goal', r.goal.key), goalName(r.goal)), sort: (r) => goalName(r.goal) },
      { label: w('unit'), value: (r) => D.unit(r.unit) },
      { label: w('value'), value: (r) => D.fmt(r.value), num: true, sort: (r) => Number(r.value) },
      { label: w('share'), value: (r) => (r.share === null ? '—' : (r.share * 100).toFixed(1) + '%'), num: true, sort: (r) => r.share || 0 },
      { label: w('goalActual'), value: (r) => amount(r.goal.actual, r.goal.unit), num: true, sort: (r) => Number(r.goal.actual) },
      { label: w('status'), value: (r) => statusCell(r.goal.status), sort: (r) => r.goal.status }
    ], c.goals, 'tt-county-goals'));
  }

  async function departmentsPage() {
    const d = await fetchJson(api('/api/departments'));
    page.replaceChildren(head(w('departments'), '/api/export/departments'), table([
      { label: w('department'), value: (r) => link(hashFor('department', r.department), pick(r.department, r.departmentEn)), sort: (r) => pick(r.department, r.departmentEn) },
      { label: w('goals'), value: (r) => r.goals, num: true, sort: (r) => r.goals },
      { label: D.status('BEHIND'), value: (r) => r.byStatus.BEHIND, num: true, sort: (r) => r.byStatus.BEHIND },
      { label: D.status('AT_RISK'), value: (r) => r.byStatus.AT_RISK, num: true, sort: (r) => r.byStatus.AT_RISK },
      { label: w('openAlerts'), value: (r) => r.openAlerts, num: true, sort: (r) => r.openAlerts }
    ], d.departments));
  }

  async function departmentPage(name) {
    const d = await fetchJson(api(`/api/departments/${encodeURIComponent(name)}`));
    const alerts = el('ul', 'tt-episodes');
    if (!d.openAlerts.length) alerts.append(el('li', 'tt-empty', w('noRows')));
    for (const a of d.openAlerts) alerts.append(el('li', null, `${D.fmtTime(a.changedAt)} ${pick(a.messageZh, a.messageEn)}`));
    page.replaceChildren(head(pick(d.department, d.departmentEn), `/api/export/departments/${encodeURIComponent(name)}`), goalsTable(d.goals),
      section(w('openAlerts'), alerts));
  }

  function goalsTable(goals) {
    return table([
      { label: w('goal'), value: (g) => link(hashFor('goal', g.key), goalName(g)), sort: (g) => goalName(g) },
      { label: w('unit'), value: (g) => D.unit(g.unit) },
      { label: w('target'), value: (g) => D.fmt(g.target), num: true, sort: (g) => Number(g.target) },
      { label: w('actual'), value: (g) => D.fmt(g.actual), num: true, sort: (g) => Number(g.actual) },
      { label: w('expected'), value: (g) => D.fmt(g.expectedByNow), num: true, sort: (g) => Number(g.expectedByNow) },
      { label: w('status'), value: (g) => statusCell(g.status), sort: (g) => g.status }
    ], goals, 'tt-goals');
  }

  async function projectsPage(params) {
    const q = params.get('q') || '';
    const county = params.get('county') || '';
    const offset = Number(params.get('offset') || 0);
    const extra = [q && `q=${encodeURIComponent(q)}`, county && `county=${encodeURIComponent(county)}`, `offset=${offset}`, 'limit=100']
      .filter(Boolean).join('&');
    const p = await fetchJson(api('/api/projects', extra));
    const form = el('form', 'tt-search');
    const input = el('input');
    input.type = 'search';
    input.value = q;
    input.placeholder = w('search');
    input.id = 'tt-project-search';
    const select = el('select');
    select.append(Object.assign(el('option', null, w('allCounties')), { value: '' }));
    for (const c of D.COUNTIES) select.append(Object.assign(el('option', null, countyName(c[0])), { value: c[0] }));
    select.value = county;
    const submit = el('button', null, w('go'));
    submit.type = 'submit';
    form.append(input, select, submit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      location.hash = hashFor('projects', null, [input.value && `q=${encodeURIComponent(input.value)}`, select.value && `county=${select.value}`].filter(Boolean).join('&'));
    });
    const pager = el('div', 'tt-pager');
    const pageLink = (label, to) => link(hashFor('projects', null, [q && `q=${encodeURIComponent(q)}`, county && `county=${county}`, `offset=${to}`].filter(Boolean).join('&')), label);
    if (offset > 0) pager.append(pageLink(w('prev'), Math.max(0, offset - 100)));
    if (offset + 100 < p.total) pager.append(pageLink(w('next'), offset + 100));
    page.replaceChildren(head(w('projects'), '/api/export/projects'), form, el('p', 'tt-note', w('total', p.total)), table([
      { label: w('source'), value: (r) => r.source.sourceId, sortable: true },
      { label: w('goal'), value: (r) => link(hashFor('goal', r.goalKey), pick(r.goalNameZh, r.goalNameEn)), sort: (r) => r.goalKey },
      { label: w('county'), value: (r) => countyName(r.source.county), sortable: true },
      { label: w('value'), value: (r) => amount(r.source.value, r.source.unit), num: true, sort: (r) => Number(r.source.value) },
      { label: w('asOfCol'), value: (r) => D.fmtTime(r.source.latestEventTime).slice(0, 10), sortable: true },
      { label: w('provenance'), value: (r) => provenance(r.source) }
    ], p.projects, 'tt-projects'), pager);
  }

  async function deadLettersPage(params) {
    const reason = params.get('reason') || '';
    const d = await fetchJson('/api/dead-letters?limit=500' + (reason ? `&reason=${encodeURIComponent(reason)}` : ''));
    const counts = el('p', 'tt-dl-counts');
    counts.append(link('#/dead-letters', `${w('allReasons')} ${d.total}`, reason ? null : 'active'));
    for (const [code, n] of Object.entries(d.byReason)) {
      const a = link(`#/dead-letters?reason=${encodeURIComponent(code)}`, null, code === reason ? 'active' : null);
      a.dataset.reason = code;
      a.append(reasonLabel(code), ` ${n}`);
      counts.append(' · ', a);
    }
    const where = (x) => (x.sourceFile ? `${x.sourceFile}:${x.sourceLine}` : `${x.sourceTopic || ''}-${x.sourcePartition ?? ''}@${x.sourceOffset ?? ''}`);
    page.replaceChildren(head(w('deadLetters')), el('p', 'tt-note', w('deadLettersNote')), counts, table([
      { label: w('lettered'), value: (x) => x.deadLetteredAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'), sort: (x) => x.deadLetteredAt },
      { label: w('component'), value: (x) => x.component, sortable: true },
      { label: w('reason'), value: (x) => reasonLabel(x.reasonCode), sort: (x) => reasonText(x.reasonCode) },
      { label: w('where'), value: where, sort: where },
      { label: w('message'), value: (x) => x.message },
      { label: w('original'), value: (x) => (x.originalValue !== null && x.originalValue !== undefined ? x.originalValue : (x.originalValueSize ? w('binary', x.originalValueSize) : '')) }
    ], d.letters, 'tt-dead-letters'));
  }

  async function reportsPage() {
    const r = await fetchJson('/api/reports');
    page.replaceChildren(head(w('reports')), table([
      { label: w('report'), value: (x) => x.reportId, sortable: true },
      { label: w('kind'), value: (x) => w(x.kind), sortable: true },
      { label: w('day'), value: (x) => link(`#/?asOf=${x.asOfDate}`, x.asOfDate), sort: (x) => x.asOfDate },
      { label: w('behindCount'), value: (x) => x.byStatus.BEHIND + x.byStatus.AT_RISK, num: true, sort: (x) => x.byStatus.BEHIND + x.byStatus.AT_RISK },
      { label: w('changes'), value: (x) => x.statusChanges + x.newAlerts + x.recoveredAlerts + x.restated, num: true },
      { label: w('workbook'), value: (x) => link(`${x.workbook}?lang=${D.lang()}`, w('workbook'), 'tt-download') },
      { label: w('pdf'), value: (x) => link(`${x.pdf}?lang=${D.lang()}`, w('pdf'), 'tt-download') }
    ], r.reports, 'tt-reports'));
  }

  window.OrdosPages = {
    goalLink(key) {
      const a = link(hashFor('goal', key), w('details'), 'goal-link');
      a.addEventListener('click', (e) => e.stopPropagation());
      return a;
    },
    openCounty(sym) { location.hash = hashFor('county', sym); }
  };

  window.addEventListener('hashchange', route);
  document.addEventListener('ordos:lang', () => {
    renderBar();
    if (shown && shown.page) route();
  });
  route();
})();
