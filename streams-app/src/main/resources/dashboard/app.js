// Ordos plan monitor dashboard. Vanilla JS + ECharts (bundled into the jar).
// Every data-derived string reaches the page through textContent (never innerHTML), so a goal
// name or an alert message is shown as text whatever characters it holds.
(function () {
  'use strict';

  const STATUS_COLOURS = {
    ACHIEVED: '#19c3a6', ON_TRACK: '#3fb950', AT_RISK: '#e3a21a', BEHIND: '#f0524a', NO_DATA: '#5d6f86', STALE: '#a57cf5'
  };
  const STATUS_ORDER = ['ACHIEVED', 'ON_TRACK', 'AT_RISK', 'BEHIND', 'STALE', 'NO_DATA'];
  const SEVERITY_COLOURS = { INFO: '#19c3a6', WARNING: '#e3a21a', CRITICAL: '#f0524a' };
  const COUNTIES = [
    ['DONGSHENG', '东胜区', 'Dongsheng'], ['KANGBASHI', '康巴什区', 'Kangbashi'], ['DALATE', '达拉特旗', 'Dalad'],
    ['ZHUNGEER', '准格尔旗', 'Jungar'], ['ETUOKEQIAN', '鄂托克前旗', 'Otog Front'], ['ETUOKE', '鄂托克旗', 'Otog'],
    ['HANGJIN', '杭锦旗', 'Hanggin'], ['WUSHEN', '乌审旗', 'Uxin'], ['YIJINHUOLUO', '伊金霍洛旗', 'Ejin Horo']
  ];
  const COMPARATOR_SIGNS = { AT_LEAST: '≥', AT_MOST: '≤', ABOUT: '≈', REACH: '→', HOLD_AT: '=' };
  const I18N = {
    zh: {
      title: '鄂尔多斯市2025年国民经济和社会发展计划 · 目标监测', subtitle: '市发展和改革委员会 监测中心',
      planDate: '计划日期', latestData: '最新数据', connecting: '连接中', live: '实时', reconnecting: '重连中',
      statusMix: '目标状态分布', counties: '旗区分布', alerts: '预警动态', goals: '项', target: '目标',
      expected: '应达', projected: '预计全年', sources: '来源', noAlerts: '暂无预警', noCounty: '暂无分旗区数据',
      ACHIEVED: '已完成', ON_TRACK: '正常', AT_RISK: '有风险', BEHIND: '滞后', NO_DATA: '无数据', STALE: '数据过期',
      FIRING: '触发', ESCALATED: '升级', RESOLVED: '解除', INFO: '通知', WARNING: '预警', CRITICAL: '严重', total: '目标总数'
    },
    en: {
      title: 'Ordos 2025 Development Plan · Goal Monitor', subtitle: 'Development and Reform Commission · Monitoring Centre',
      planDate: 'Plan date', latestData: 'Latest data', connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting',
      statusMix: 'Goal status', counties: 'By county', alerts: 'Alerts', goals: 'goals', target: 'Target',
      expected: 'Expected', projected: 'Projected', sources: 'sources', noAlerts: 'No alerts', noCounty: 'No county breakdown yet',
      ACHIEVED: 'Achieved', ON_TRACK: 'On track', AT_RISK: 'At risk', BEHIND: 'Behind', NO_DATA: 'No data', STALE: 'Stale',
      FIRING: 'Firing', ESCALATED: 'Escalated', RESOLVED: 'Resolved', INFO: 'Info', WARNING: 'Warning', CRITICAL: 'Critical', total: 'Goals'
    }
  };

  const state = {
    lang: localStorage.getItem('ordos.lang') === 'en' ? 'en' : 'zh',
    catalog: new Map(),   // key -> catalog goal
    goals: new Map(),     // key -> latest GoalView
    history: new Map(),   // key -> [HistoryPoint]
    alerts: [],
    latestData: null,
    countyGoal: null,
    countyPinned: false,
    // A past moment ({asOf: '2025-06-30'} or {knownAt: '2025-07-05'}) or null for live (timetravel.js sets it).
    moment: null
  };
  const cards = new Map();   // key -> {el, spark, parts}
  let statusChart = null;
  let countyChart = null;

  const t = (k) => (I18N[state.lang][k] !== undefined ? I18N[state.lang][k] : k);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  const fmt = (v) => {
    if (v === null || v === undefined || Number.isNaN(Number(v))) return '—';
    const n = Number(v);
    const abs = Math.abs(n);
    const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : 2;
    return n.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits });
  };
  const fmtTime = (iso) => {
    if (!iso) return '—';
    const d = new Date(iso);
    const p = (x) => String(x).padStart(2, '0');
    // Plan time zone: Asia/Shanghai (UTC+8), whatever the browser's zone.
    const s = new Date(d.getTime() + 8 * 3600 * 1000);
    return `${s.getUTCFullYear()}-${p(s.getUTCMonth() + 1)}-${p(s.getUTCDate())} ${p(s.getUTCHours())}:${p(s.getUTCMinutes())}`;
  };
  // ISO instants differ in length (fractional seconds are optional): compare them as numbers.
  const ts = (iso) => (iso ? Date.parse(iso) : 0);
  const name = (g) => (state.lang === 'zh' ? g.nameZh : g.nameEn) || g.nameZh || g.goalId;
  // A unit's English name from the catalog (unitEn, countyUnitEn, a feed's unitEn: the name the English
  // alert messages use, the multiplier folded in, 万千瓦 → '10 MW'); the figures stay in the Chinese unit.
  // The Chinese pages, and a unit the catalog does not name, show the unit as it is.
  const unitNames = new Map();
  const learnUnits = (catalog) => {
    for (const c of catalog) {
      const pairs = [[c.unit, c.unitEn], [c.countyUnit, c.countyUnitEn]];
      for (const f of [c.feed, c.numerator, c.denominator]) if (f) pairs.push([f.unit, f.unitEn]);
      for (const [zh, en] of pairs) if (zh && typeof en === 'string') unitNames.set(zh, en);
    }
  };
  const unit = (u) => (state.lang === 'en' && u && unitNames.has(u) ? unitNames.get(u) : u || '');
  // A unit after a figure: an English name with a multiplier is one ('650 × 100 million yuan', not '650 100 …').
  const unitAfter = (u) => (/^\d/.test(unit(u)) ? '× ' + unit(u) : unit(u));
  const amount = (v, u) => [fmt(v), unitAfter(u)].filter(Boolean).join(' ');
  const sectionTitle = (c) => (state.lang === 'zh' ? c.sectionTitleZh : c.sectionTitleEn) || c.section;

  // ---------- data ----------
  const momentQuery = () => {
    if (!state.moment) return '';
    const [k, v] = Object.entries(state.moment)[0];
    return `?${k}=${encodeURIComponent(v)}`;
  };

  async function resync() {
    const asked = state.moment;
    const res = await fetch('/api/dashboard' + momentQuery(), { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error('snapshot ' + res.status);
    const snap = await res.json();
    if (asked !== state.moment) return; // the moment changed while this answer was on its way
    if (asked) {
      // A past moment: its figures replace the screen's, whatever was pushed live.
      state.goals = new Map();
      state.history = new Map();
    }
    state.catalog = new Map(snap.catalog.map((c) => [c.key, c]));
    learnUnits(snap.catalog);
    // A snapshot read while pushed updates arrive may be older than what the page already holds:
    // keep whichever figure was computed last (and its history).
    const goals = new Map();
    const history = new Map(Object.entries(snap.history || {}));
    for (const g of snap.goals) {
      const held = state.goals.get(g.key);
      if (held && ts(held.computedAt) > ts(g.computedAt)) {
        goals.set(g.key, held);
        if (state.history.has(g.key)) history.set(g.key, state.history.get(g.key));
      } else {
        goals.set(g.key, g);
      }
    }
    state.goals = goals;
    state.history = history;
    state.alerts = snap.alerts || [];
    state.latestData = snap.latestData;
    renderAll();
  }

  function onProgress(msg) {
    if (state.moment) return; // a past moment on screen: live pushes wait for the way back
    const g = msg.goal;
    const held = state.goals.get(g.key);
    if (held && ts(held.computedAt) > ts(g.computedAt)) return; // an older figure arriving late
    state.goals.set(g.key, g);
    const points = state.history.get(g.key) || [];
    const day = (iso) => fmtTime(iso).slice(0, 10);
    if (points.length && day(points[points.length - 1].asOf) === day(msg.point.asOf)) {
      points[points.length - 1] = msg.point;
    } else if (!points.length || ts(points[points.length - 1].asOf) < ts(msg.point.asOf)) {
      points.push(msg.point);
    }
    state.history.set(g.key, points);
    if (g.latestEventTime && (!state.latestData || ts(g.latestEventTime) > ts(state.latestData))) state.latestData = g.latestEventTime;
    if (!cards.has(g.key)) {
      renderGoals();
    } else {
      updateCard(g.key, true);
    }
    scheduleSideRender();
  }

  function onAlert(a) {
    if (state.moment) return;
    state.alerts = [a].concat(state.alerts.filter((x) => !(x.alertId === a.alertId && x.sequence === a.sequence))).slice(0, 100);
    renderAlerts();
  }

  // ---------- rendering ----------
  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.getAttribute('data-i18n')); });
    document.getElementById('lang-toggle').textContent = state.lang === 'zh' ? 'EN' : '中文';
    setConnection(connection);
  }

  function allKeys() {
    const keys = new Set([...state.catalog.keys(), ...state.goals.keys()]);
    return [...keys];
  }

  function sectionsOf() {
    const sections = new Map();
    for (const key of allKeys()) {
      const c = state.catalog.get(key);
      const g = state.goals.get(key);
      const section = (c && c.section) || (g && g.section) || '?';
      if (!sections.has(section)) {
        sections.set(section, { section, info: c || { section, sectionTitleZh: section, sectionTitleEn: section }, keys: [] });
      } else if (c && !sections.get(section).info.sectionTitleZh) {
        sections.get(section).info = c;
      }
      sections.get(section).keys.push(key);
    }
    const order = (s) => (s === 'headline' ? -1 : Number.isFinite(Number(s)) ? Number(s) : 1000);
    return [...sections.values()].sort((a, b) => order(a.section) - order(b.section) || a.section.localeCompare(b.section));
  }

  function renderGoals() {
    const root = document.getElementById('goals');
    cards.forEach((c) => c.spark && c.spark.dispose());
    cards.clear();
    root.replaceChildren();
    for (const s of sectionsOf()) {
      const sec = el('div', 'section');
      sec.dataset.section = s.section;
      const head = el('div', 'section-head');
      head.append(el('h2', null, sectionTitle(s.info)), el('span', 'count', `${s.keys.length} ${t('goals')}`));
      const grid = el('div', 'cards');
      s.keys.sort();
      for (const key of s.keys) grid.append(buildCard(key));
      sec.append(head, grid);
      root.append(sec);
    }
    cards.forEach((c, key) => updateCard(key, false));
  }

  function buildCard(key) {
    const card = el('article', 'goal-card');
    card.dataset.goal = key;
    const top = el('div', 'row');
    const nm = el('div', 'goal-name');
    const st = el('span', 'goal-status');
    top.append(nm, st);
    const figs = el('div', 'goal-figures');
    const actual = el('span', 'goal-actual');
    const unit = el('span', 'goal-unit');
    const target = el('span', 'goal-target');
    figs.append(actual, unit, target);
    const bar = el('div', 'bar');
    const fill = el('div', 'fill');
    const exp = el('div', 'expected');
    bar.append(fill, exp);
    const foot = el('div', 'goal-foot');
    const expected = el('span', 'goal-expected');
    const projected = el('span', 'goal-projected');
    foot.append(expected, projected);
    const spark = el('div', 'spark');
    card.append(top, figs, bar, foot, spark);
    if (window.OrdosPages) card.append(window.OrdosPages.goalLink(key));
    card.addEventListener('click', () => { state.countyGoal = key; state.countyPinned = true; renderCounties(); });
    // The sparkline chart is created once the card is in the page (ECharts needs its size).
    cards.set(key, { el: card, spark: null, sparkEl: spark, parts: { nm, st, actual, unit, target, fill, exp, expected, projected } });
    return card;
  }

  function updateCard(key, flash) {
    const c = cards.get(key);
    if (!c) return;
    const cat = state.catalog.get(key) || {};
    const g = state.goals.get(key);
    const src = g || cat;
    const status = g ? g.status : 'NO_DATA';
    const p = c.parts;
    c.el.style.setProperty('--status', STATUS_COLOURS[status] || STATUS_COLOURS.NO_DATA);
    c.el.dataset.status = status;
    p.nm.textContent = name(src);
    p.nm.title = name(src);
    p.st.textContent = t(status);
    p.actual.textContent = g ? fmt(g.actual) : '—';
    // a card has room for a short unit: '× 10k mu', '× 100m yuan' (the full name on hover)
    p.unit.textContent = unitAfter(src.unit).replace(/ thousand\b/, 'k').replace(/ million\b/, 'm').replace(/ trillion\b/, 'tn');
    p.unit.title = unit(src.unit);
    const comparator = src.comparator || cat.comparator;
    p.target.textContent = `${t('target')} ${COMPARATOR_SIGNS[comparator] || ''}${fmt(src.target)}`;
    const ratio = g && g.progressRatio !== null && g.progressRatio !== undefined ? g.progressRatio : 0;
    p.fill.style.width = `${Math.max(0, Math.min(1, ratio)) * 100}%`;
    const target = Number(src.target);
    const expectedShare = g && g.expectedByNow !== null && target ? Number(g.expectedByNow) / target : null;
    if (expectedShare !== null && comparator !== 'AT_MOST' && expectedShare >= 0 && expectedShare <= 1.2) {
      p.exp.style.display = '';
      p.exp.style.left = `calc(${Math.min(1, expectedShare) * 100}% - 1px)`;
    } else {
      p.exp.style.display = 'none';
    }
    p.expected.textContent = g && g.expectedByNow !== null ? `${t('expected')} ${fmt(g.expectedByNow)}` : '';
    p.projected.textContent = g && g.projectedYearEnd !== null ? `${t('projected')} ${fmt(g.projectedYearEnd)}` : '';
    if (!c.spark && window.echarts && c.el.isConnected) c.spark = echarts.init(c.sparkEl, null, { renderer: 'canvas' });
    if (c.spark) {
      const pts = state.history.get(key) || [];
      c.spark.setOption({
        animation: false,
        grid: { left: 0, right: 0, top: 2, bottom: 2 },
        xAxis: { type: 'time', show: false },
        yAxis: { type: 'value', show: false, scale: true },
        series: [
          { type: 'line', data: pts.map((x) => [x.asOf, x.expectedByNow]), showSymbol: false, silent: true,
            lineStyle: { width: 1, type: 'dashed', color: '#8aa0bd' } },
          { type: 'line', data: pts.map((x) => [x.asOf, x.actual]), showSymbol: false, silent: true,
            lineStyle: { width: 2, color: STATUS_COLOURS[status] }, areaStyle: { opacity: 0.15, color: STATUS_COLOURS[status] } }
        ]
      }, true);
    }
    if (flash) {
      c.el.classList.remove('flash');
      void c.el.offsetWidth;
      c.el.classList.add('flash');
    }
  }

  let sideTimer = null;
  function scheduleSideRender() {
    if (sideTimer) return;
    sideTimer = setTimeout(() => { sideTimer = null; renderSummary(); renderStatus(); renderCounties(); renderClock(); }, 250);
  }

  function counts() {
    const n = {};
    STATUS_ORDER.forEach((s) => { n[s] = 0; });
    for (const key of allKeys()) {
      const g = state.goals.get(key);
      n[g ? g.status : 'NO_DATA'] += 1;
    }
    return n;
  }

  function renderSummary() {
    const root = document.getElementById('summary');
    root.replaceChildren();
    const n = counts();
    const total = el('div', 'pill');
    total.append(el('b', null, allKeys().length), el('span', null, t('total')));
    root.append(total);
    for (const s of STATUS_ORDER) {
      const pill = el('div', 'pill');
      pill.dataset.status = s;
      const b = el('b', null, n[s]);
      b.style.color = STATUS_COLOURS[s];
      pill.append(b, el('span', null, t(s)));
      root.append(pill);
    }
  }

  function renderStatus() {
    if (!window.echarts) return;
    if (!statusChart) statusChart = echarts.init(document.getElementById('status-chart'));
    const n = counts();
    statusChart.setOption({
      animationDuration: 300,
      legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { color: '#c9d6e8' }, itemWidth: 12, itemHeight: 12 },
      series: [{
        type: 'pie', radius: ['48%', '80%'], center: ['32%', '50%'], avoidLabelOverlap: true,
        label: { show: true, position: 'inside', color: '#07101c', fontWeight: 'bold', formatter: (p) => (p.value ? p.value : '') },
        data: STATUS_ORDER.map((s) => ({ name: t(s), value: n[s], itemStyle: { color: STATUS_COLOURS[s] } }))
      }]
    }, true);
  }

  function countyCandidates() {
    return [...state.goals.values()].filter((g) => g.byCounty && Object.keys(g.byCounty).length > 0)
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  function renderCounties() {
    const candidates = countyCandidates();
    const label = document.getElementById('county-goal');
    if (!state.countyGoal || !state.goals.get(state.countyGoal) || !Object.keys(state.goals.get(state.countyGoal).byCounty || {}).length) {
      state.countyGoal = candidates.length ? candidates[0].key : null;
    }
    const g = state.countyGoal ? state.goals.get(state.countyGoal) : null;
    // a ratio's counties are its numerator's, a growth rate's this year's amounts: the catalog says their unit
    const countyUnit = g && unit((state.catalog.get(g.key) || {}).countyUnit || g.unit);
    label.textContent = g ? (countyUnit ? `${name(g)}（${countyUnit}）` : name(g)) : t('noCounty');
    if (!window.echarts) return;
    if (!countyChart) {
      countyChart = echarts.init(document.getElementById('county-chart'));
      countyChart.on('click', (p) => window.OrdosPages && window.OrdosPages.openCounty(COUNTIES[p.dataIndex][0]));
    }
    const rows = COUNTIES.map(([sym, zh, en]) => ({ name: state.lang === 'zh' ? zh : en, value: g && g.byCounty[sym] !== undefined ? Number(g.byCounty[sym]) : 0 }));
    countyChart.setOption({
      animationDuration: 300,
      grid: { left: 4, right: 48, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { color: '#c9d6e8' },
        axisLine: { lineStyle: { color: '#1f3a5c' } }, axisTick: { show: false } },
      series: [{ type: 'bar', data: rows.map((r) => r.value), barWidth: '58%',
        itemStyle: { borderRadius: [0, 3, 3, 0], color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: '#1765a8' }, { offset: 1, color: '#36c2ff' }]) },
        label: { show: true, position: 'right', color: '#e6edf6', formatter: (p) => fmt(p.value) } }]
    }, true);
  }

  function rotateCountyGoal() {
    if (state.countyPinned) return;
    const c = countyCandidates();
    if (c.length < 2) return;
    const i = c.findIndex((g) => g.key === state.countyGoal);
    state.countyGoal = c[(i + 1) % c.length].key;
    renderCounties();
  }

  function alertText(a) { return state.lang === 'zh' ? a.messageZh : a.messageEn; }

  function renderAlerts() {
    const list = document.getElementById('alert-list');
    list.replaceChildren();
    if (!state.alerts.length) list.append(el('li', 'empty', t('noAlerts')));
    for (const a of state.alerts.slice(0, 30)) {
      const li = el('li', 'alert');
      Object.assign(li.dataset, { alertId: a.alertId, sequence: a.sequence, state: a.state });
      li.style.setProperty('--sev', a.state === 'RESOLVED' ? '#3fb950' : SEVERITY_COLOURS[a.severity]);
      li.append(el('span', 'when', `${fmtTime(a.changedAt)} · ${t(a.severity)} · ${t(a.state)}`), el('span', 'msg', alertText(a)));
      list.append(li);
    }
    const track = document.getElementById('ticker-track');
    track.replaceChildren();
    const items = state.alerts.filter((a) => a.state !== 'RESOLVED').slice(0, 15);
    for (const a of (items.length ? items : state.alerts.slice(0, 5))) {
      const span = el('span', 'tick');
      const sev = el('b', 'sev', t(a.severity));
      sev.style.background = SEVERITY_COLOURS[a.severity];
      span.append(sev, document.createTextNode(alertText(a)));
      track.append(span);
    }
    track.style.setProperty('--ticker-duration', `${Math.max(30, track.textContent.length / 4)}s`);
  }

  function renderClock() {
    let asOf = null;
    state.goals.forEach((g) => { if (g.asOf && (!asOf || ts(g.asOf) > ts(asOf))) asOf = g.asOf; });
    document.getElementById('plan-date').textContent = asOf ? fmtTime(asOf).slice(0, 10) : '—';
    document.getElementById('latest-data').textContent = fmtTime(state.latestData);
  }

  function renderAll() {
    applyLanguage();
    renderGoals();
    renderSummary();
    renderStatus();
    renderCounties();
    renderAlerts();
    renderClock();
  }

  // ---------- live updates ----------
  let connection = 'connecting';
  function setConnection(c) {
    connection = c;
    const box = document.getElementById('conn');
    box.classList.toggle('live', c === 'live');
    box.classList.toggle('down', c === 'reconnecting');
    document.getElementById('conn-text').textContent = t(c);
  }

  function connect() {
    const es = new EventSource('/api/stream');
    // EventSource reconnects by itself; every (re)open refetches the snapshot so nothing missed
    // while disconnected is lost.
    es.addEventListener('open', () => { setConnection('live'); resync().catch(() => setConnection('reconnecting')); });
    es.addEventListener('error', () => setConnection('reconnecting'));
    es.addEventListener('progress', (e) => onProgress(JSON.parse(e.data)));
    es.addEventListener('alert', (e) => onAlert(JSON.parse(e.data)));
    es.addEventListener('catalog', () => resync().catch(() => {}));
  }

  document.getElementById('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('ordos.lang', state.lang);
    renderAll();
    document.dispatchEvent(new CustomEvent('ordos:lang'));
  });

  // What timetravel.js (moments, drill-down pages, exports) needs from the screen.
  window.OrdosDashboard = {
    lang: () => state.lang,
    fmt, fmtTime, name, unit, amount, STATUS_COLOURS, COUNTIES, COMPARATOR_SIGNS,
    status: (s) => I18N[state.lang][s] || s,
    catalog: () => state.catalog,
    moment: () => state.moment,
    /** Settles once the first snapshot (with the catalog that names the units) is read, or failed. */
    ready: () => firstSync,
    /** Shows the screen at a past moment (null: live again). */
    setMoment(m) {
      state.moment = m;
      if (!m) state.alerts = [];
      return resync();
    }
  };
  window.addEventListener('resize', () => {
    cards.forEach((c) => c.spark && c.spark.resize());
    if (statusChart) statusChart.resize();
    if (countyChart) countyChart.resize();
  });
  setInterval(rotateCountyGoal, 10000);
  applyLanguage();
  const firstSync = resync().catch(() => {});
  connect();
})();
