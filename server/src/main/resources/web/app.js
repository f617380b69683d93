// The review console: plain JavaScript over the same API and accounts as everything else.
// Every value shown comes from evidence someone typed, so it is escaped (esc) before it meets HTML.
// Every code is shown by its Chinese name from the one catalogue (GET /api/labels), every time in the
// server's zone (fieldsync.zone, from /api/auth/me), every unit and person by name with the id one
// click away (the record page).
'use strict';

/** The catalogue of Chinese names, section → code → name (schemas: cn/fieldsync/labels/zh-CN.json). */
let L = {};
const settings = { zone: 'Asia/Shanghai' };

/** The Chinese name of a code; a code without a name stays visible (the browser tests look for such gaps). */
function label(section, code) {
  if (code === undefined || code === null || code === '') return '';
  const names = L[section] || {};
  return names[code] !== undefined ? names[code] : code;
}

const fieldName = (key) => label('fields', key);

// page → roles that may open it; the API checks the same again on every call
const PAGES = {
  cases: ['REVIEWER', 'ADMIN'],
  case: ['REVIEWER', 'ADMIN'],
  record: ['INSPECTOR', 'REVIEWER', 'ADMIN'],
  hazards: ['INSPECTOR', 'REVIEWER', 'ADMIN'],
  statistics: ['REVIEWER', 'ADMIN'],
  conflicts: ['ADMIN'],
  devices: ['ADMIN'],
  users: ['ADMIN'],
  rejected: ['ADMIN'],
  registry: ['REVIEWER', 'ADMIN'],
  home: ['INSPECTOR', 'REVIEWER', 'ADMIN']
};

const NAV = [
  ['cases', '案件'], ['hazards', '隐患台账'], ['registry', '单位与人员'], ['statistics', '统计'], ['conflicts', '同步冲突'], ['devices', '设备'],
  ['users', '用户'], ['rejected', '拒收与隔离']
];

const COLLECTIONS = { unit: 'units', person: 'persons', inspection: 'inspections', hazard: 'hazards', pledge: 'pledges' };

const state = { token: sessionStorage.getItem('fieldsync.token'), me: null };
const main = () => document.getElementById('main');
const $ = (selector, root) => (root || document).querySelector(selector);
const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

function esc(value) {
  return String(value === undefined || value === null ? '' : value)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.style.display = 'block';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.style.display = 'none'; }, 5000);
}

// ---- times, money, short ids --------------------------------------------------------------------

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_IN_TEXT = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?/g;

function zoneFormat() {
  if (!zoneFormat.cached || zoneFormat.zone !== settings.zone) {
    zoneFormat.zone = settings.zone;
    zoneFormat.cached = new Intl.DateTimeFormat('zh-CN', { timeZone: settings.zone, year: 'numeric', month: 'numeric',
      day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' });
  }
  return zoneFormat.cached;
}

function zoneParts(date) {
  const parts = {};
  zoneFormat().formatToParts(date).forEach(p => { parts[p.type] = p.value; });
  return parts;
}

/** A date (2026-11-21 → 2026年11月21日) or an instant (→ 2026年11月29日 10:20 in the server's zone). */
function when(value) {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string' && ISO_DAY.test(value)) {
    const [y, m, d] = value.split('-');
    return `${y}年${Number(m)}月${Number(d)}日`;
  }
  const date = value instanceof Date ? value : new Date(value);
  if (isNaN(date.getTime())) return String(value);
  const p = zoneParts(date);
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`;
}

/** The day of an instant in the server's zone, as 2026年11月29日. */
function dayOf(value) {
  return when(value).split(' ')[0];
}

/** Server texts that carry ISO dates ("整改期限 2026-11-21") read in Chinese too. */
function prose(text) {
  return String(text === undefined || text === null ? '' : text).replace(ISO_IN_TEXT, m => when(m));
}

/** Money in 元 with grouping, and in 万元 from ten thousand on: 1,850,000 元（185万元）. */
function money(amount) {
  if (amount === undefined || amount === null || amount === '') return '';
  const n = Number(amount);
  const text = new Intl.NumberFormat('zh-CN').format(n) + ' 元';
  return n >= 10000 ? `${text}（${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(n / 10000)}万元）` : text;
}

/** The last six characters of an id (the random part of a UUIDv7): enough to tell two records apart. */
const shortId = (id) => '…' + String(id || '').slice(-6);

/** A datetime-local value ("2026-11-29T10:20") as an instant in the server's zone ("2026-11-29T10:20:00+08:00"). */
function zoned(local) {
  if (!local) return null;
  const guess = new Date(local + 'Z');
  const name = zoneParts(guess).timeZoneName || 'GMT+08:00';
  const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
  return local + (local.length === 16 ? ':00' : '') + offset;
}

/** Today in the server's zone as 2026-12-01 (the default of date inputs). */
function today() {
  const p = zoneParts(new Date());
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

// ---- the API ----------------------------------------------------------------------------------

class ApiError extends Error {
  /**
   * What a person reads: the problem's Chinese title and the server's reason (its message, said in
   * Chinese: what was wrong and what to do), or, without a reason beyond the title, the title and the
   * field it concerns by its Chinese name.
   */
  constructor(status, problem) {
    const title = problem && problem.title ? problem.title : (status === 0 ? '无法连接服务器' : '请求未成功');
    // the codes and member names a message gives beside each Chinese name, for whoever calls the API
    // ("原因查清（CAUSE_ESTABLISHED）", "事故性质（nature）"), are left out here: the name is what a person reads
    const reason = problem && typeof problem.message === 'string'
      ? problem.message.replace(/（\/?[A-Za-z_][A-Za-z0-9_./-]*）/g, '').trim() : '';
    // the field the problem is about (/event/at, /personIds/0), by the most precise part that has a name
    const parts = problem && problem.field ? String(problem.field).split('/').filter(p => p && !/^\d+$/.test(p)) : [];
    const field = parts.reverse().find(p => L.fields && L.fields[p]);
    if (/[\u4e00-\u9fff]/.test(reason) && reason !== title) super(`${title}：${reason}`);
    else super(field ? `${title}（${L.fields[field]}）` : title);
    this.status = status;
    this.code = problem && problem.code;
    this.detail = problem && problem.message;
  }
}

async function api(method, path, body, raw, extraHeaders) {
  const headers = Object.assign({}, extraHeaders || {});
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, null);
  }
  if (response.status === 401 && path !== '/api/auth/login') {
    logout('登录已过期，请重新登录');
    throw new ApiError(401, { title: '请重新登录' });
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (e) { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/** Shows an error where it happened: the Chinese title, the server's details one hover away. */
function showError(element, e) {
  element.textContent = e.message;
  element.title = e.detail || '';
}

// ---- names of units, persons and records ----------------------------------------------------------

const names = new Map();

/** A record's one-line description: units and persons by name, the others by what tells them apart. */
function describe(type, r) {
  switch (type) {
    case 'unit':
    case 'person':
      return r.name;
    case 'hazard':
      return `${r.description}（${dayOf(r.foundAt)}发现，${label('hazardGrades', r.grade)}，${shortId(r.id)}）`;
    case 'inspection':
      return `${dayOf(r.startedAt)}现场检查（${(r.inspectors || []).map(i => i.name).join('、')}，${shortId(r.id)}）`;
    case 'pledge':
      return `${label('pledgeKinds', r.kind)}（${r.signer ? r.signer.name : ''}${r.signedAt ? '，' + dayOf(r.signedAt) + '签订' : '，未签订'}，${shortId(r.id)}）`;
    default:
      return label('recordTypes', type) + shortId(r.id);
  }
}

function nameOf(type, id) {
  const key = type + ':' + id;
  if (!names.has(key)) {
    names.set(key, COLLECTIONS[type]
      ? api('GET', `/api/${COLLECTIONS[type]}/${encodeURIComponent(id)}`).then(r => describe(type, r))
        .catch(() => `${label('recordTypes', type)}（无权查看或不存在，${shortId(id)}）`)
      : Promise.resolve(label('recordTypes', type) + ' ' + shortId(id)));
  }
  return names.get(key);
}

/** A link to a record, named once its name is known: the id is on the record's own page. */
function ref(type, id) {
  if (!id) return '';
  return `<a class="ref" data-ref-type="${esc(type)}" data-ref-id="${esc(id)}" href="#/record/${esc(type)}/${esc(id)}">${esc(label('recordTypes', type))}…</a>`;
}

/** Fills every ref under root with its name. */
function fillRefs(root) {
  return Promise.all($$('a.ref[data-ref-id]', root).map(async a => {
    a.textContent = await nameOf(a.dataset.refType, a.dataset.refId);
  }).concat([fillUsers(root)]));
}

/** The names people are known by (GET /api/auth/names), user name → display name. */
const people = new Map();

/**
 * A person behind an account, as HTML: the user name at first, the display name once fillRefs has
 * asked the server (the user name stays in data-user).
 */
function userName(username) {
  if (!username) return '';
  if (username === 'SYSTEM' || username === 'system') return '系统';
  return `<span class="user" data-user="${esc(username)}">${esc(people.get(username) || username)}</span>`;
}

/** Asks once for the display names of the users shown under root that are not known yet. */
async function fillUsers(root) {
  const spans = $$('span.user[data-user]', root);
  const wanted = [...new Set(spans.map(s => s.dataset.user))].filter(u => !people.has(u)).slice(0, 100);
  if (wanted.length) {
    try {
      const names = await api('GET', '/api/auth/names?' + wanted.map(u => 'user=' + encodeURIComponent(u)).join('&'));
      wanted.forEach(u => people.set(u, names[u] || u));
    } catch (e) {
      wanted.forEach(u => people.set(u, u));
    }
  }
  spans.forEach(s => { s.textContent = people.get(s.dataset.user) || s.dataset.user; });
}

// ---- chrome ---------------------------------------------------------------------------------------

function logout(message) {
  if (state.token && !message) {
    // 退出 ends the login on the server too, not only in this tab
    fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + state.token } }).catch(() => {});
  }
  state.token = null;
  state.me = null;
  sessionStorage.removeItem('fieldsync.token');
  renderChrome();
  location.hash = '#/login';
  if (message) setTimeout(() => toast(message), 0);
}

function renderChrome() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('whoami');
  if (!state.me) {
    nav.innerHTML = '';
    who.innerHTML = '';
    return;
  }
  const page = (location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] || '');
  nav.innerHTML = NAV.filter(([p]) => PAGES[p].includes(state.me.role))
    .map(([p, text]) => `<a href="#/${p}" id="nav-${p}" class="${page === p ? 'active' : ''}">${text}</a>`).join('');
  who.innerHTML = `<span id="current-user">${userName(state.me.username)}（${esc(label('roles', state.me.role))}）</span>`
    + '<button id="logout" type="button">退出</button>';
  document.getElementById('logout').onclick = () => logout();
  fillUsers(who);
}

/** A modal question before a step that is recorded for good; resolves true when confirmed. */
function confirmDialog(title, text) {
  return new Promise(resolve => {
    const dialog = document.getElementById('confirm-dialog');
    dialog.innerHTML = `<form method="dialog"><h2 id="confirm-title">${esc(title)}</h2><p id="confirm-text">${esc(text)}</p>
      <menu><button value="no" id="confirm-no" type="submit">取消</button> <button value="yes" id="confirm-yes" type="submit">确认记录</button></menu></form>`;
    dialog.onclose = () => resolve(dialog.returnValue === 'yes');
    dialog.returnValue = '';
    dialog.showModal();
  });
}

// ---- login ----------------------------------------------------------------------------------

function loginPage() {
  main().innerHTML = `
    <form class="login" id="login-form">
      <h1>登录</h1>
      <label for="username">用户名</label><input id="username" autocomplete="username" required>
      <label for="password">密码</label><input id="password" type="password" autocomplete="current-password" required>
      <button id="login-button" type="submit">登录</button>
      <p id="login-error" class="error"></p>
    </form>`;
  document.getElementById('login-form').onsubmit = async (event) => {
    event.preventDefault();
    const error = document.getElementById('login-error');
    error.textContent = '';
    try {
      const answer = await api('POST', '/api/auth/login', {
        username: document.getElementById('username').value.trim(),
        password: document.getElementById('password').value
      });
      state.token = answer.token;
      sessionStorage.setItem('fieldsync.token', answer.token);
      await loadMe();
      location.hash = state.me.role === 'ADMIN' ? '#/conflicts' : state.me.role === 'REVIEWER' ? '#/cases' : '#/home';
    } catch (e) {
      showError(error, e);
    }
  };
}

async function loadMe() {
  state.me = await api('GET', '/api/auth/me');
  if (state.me.zone) settings.zone = state.me.zone;
  renderChrome();
}

function homePage() {
  main().innerHTML = `<h1>欢迎，${userName(state.me.username)}</h1>
    <p id="home-text">${state.me.role === 'INSPECTOR'
      ? '检查员在移动终端上记录现场检查、事故隐患和责任书；本控制台供审查人员和管理员使用。可查看本辖区的隐患台账。'
      : '请从上方菜单选择。'}</p>`;
  fillUsers(main());
}

function forbiddenPage() {
  main().innerHTML = `<h1 id="forbidden">无权访问此页面</h1><p>${esc(label('roles', state.me.role))}不能打开该页面。</p>`;
}

/** The options of a select from a catalogue section (codes as values, names as text). */
function options(section, chosen, only) {
  return Object.entries(L[section] || {}).filter(([code]) => !only || only.includes(code))
    .map(([code, text]) => `<option value="${esc(code)}" ${code === chosen ? 'selected' : ''}>${esc(text)}</option>`).join('');
}

/** A search-by-name picker of units or persons: type part of the name, choose from what matches. */
function picker(id, type, placeholder) {
  return `<span class="picker" id="${id}" data-type="${type}"><input class="picker-q" id="${id}-q" placeholder="${esc(placeholder)}" size="14">`
    + `<select class="picker-choice" id="${id}-choice"><option value="">（输入名称后选择）</option></select></span>`;
}

function wirePickers(root) {
  $$('.picker', root).forEach(box => {
    const input = $('.picker-q', box);
    const select = $('.picker-choice', box);
    let timer = null;
    input.oninput = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (!q) return;
        try {
          const found = await api('GET', `/api/${COLLECTIONS[box.dataset.type]}?name=${encodeURIComponent(q)}&limit=20`);
          select.innerHTML = found.items.length
            ? found.items.map(r => `<option value="${esc(r.id)}">${esc(r.name)}${r.positions && r.positions.length
              ? '（' + esc(r.positions[r.positions.length - 1].post) + '）' : ''}</option>`).join('')
            : '<option value="">（没有名称含此文字的记录）</option>';
          select.dispatchEvent(new Event('change'));
        } catch (e) {
          select.innerHTML = `<option value="">${esc(e.message)}</option>`;
        }
      }, 250);
    };
  });
}

const pickerValue = (id) => ($('#' + id + '-choice') || {}).value || '';

// ---- cases ----------------------------------------------------------------------------------

const CASE_FILTERS = [['f-status', 'status'], ['f-grade', 'grade'], ['f-jurisdiction', 'jurisdiction']];
const CASE_EVENT_KINDS = ['ACCIDENT', 'VIOLATION', 'COMPLAINT', 'INSPECTION_FINDING'];

async function casesPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  main().innerHTML = `<h1>案件</h1>
    <div class="filters">
      <select id="f-status"><option value="">全部状态</option>${options('caseStatus')}</select>
      <select id="f-grade"><option value="">全部等级</option>${options('accidentGrades', null, ['ORDINARY', 'SERIOUS', 'MAJOR', 'EXTRAORDINARY'])}</select>
      <input id="f-jurisdiction" placeholder="行政区划代码前缀，如 370686" size="22">
      <label><input type="checkbox" id="f-overdue"> 仅超期</label>
      <button id="f-apply" type="button">查询</button>
      <span id="f-error" class="error"></span>
    </div>
    <table id="cases"><thead><tr><th>案号</th><th>案件</th><th>事发单位</th><th>等级</th><th>事发时间</th><th>状态</th><th>期限</th></tr></thead><tbody></tbody></table>
    <details class="card" id="open-case"><summary>立案</summary>
      <div class="form-grid">
        <label>案件名称</label><input id="n-title" size="40">
        <label>事发单位</label>${picker('n-unit', 'unit', '单位名称')}
        <label>事件类型</label><select id="n-kind">${options('eventKinds', 'ACCIDENT', CASE_EVENT_KINDS)}</select>
        <label>事发时间</label><input id="n-at" type="datetime-local">
        <label class="accident-only">死亡人数</label><input class="accident-only" id="n-deaths" type="number" min="0" value="0">
        <label class="accident-only">重伤人数（含急性工业中毒）</label><input class="accident-only" id="n-injuries" type="number" min="0" value="0">
        <label class="accident-only">直接经济损失（元）</label><input class="accident-only" id="n-loss" type="number" min="0" value="0">
        <label>简要经过</label><textarea id="n-description" rows="2" cols="40"></textarea>
        <label>调查人员（用户名，逗号分隔）</label><input id="n-investigators" size="30" value="${esc(state.me.username)}">
      </div>
      <button type="button" id="n-open">立案</button> <span id="n-error" class="error"></span>
    </details>`;
  for (const [id, key] of CASE_FILTERS) document.getElementById(id).value = params.get(key) || '';
  document.getElementById('f-overdue').checked = params.get('overdue') === 'true';
  document.getElementById('f-apply').onclick = () => {
    const q = new URLSearchParams();
    for (const [id, key] of CASE_FILTERS) {
      const v = document.getElementById(id).value.trim();
      if (v) q.set(key, v);
    }
    if (document.getElementById('f-overdue').checked) q.set('overdue', 'true');
    location.hash = '#/cases?' + q.toString();
  };
  wirePickers(main());
  const kind = document.getElementById('n-kind');
  kind.onchange = () => $$('.accident-only').forEach(e => { e.style.display = kind.value === 'ACCIDENT' ? '' : 'none'; });
  document.getElementById('n-open').onclick = async () => {
    const request = {
      title: $('#n-title').value.trim(),
      subjectUnitId: pickerValue('n-unit'),
      investigators: $('#n-investigators').value.split(/[,，\s]+/).filter(Boolean),
      event: { kind: kind.value, at: zoned($('#n-at').value), description: $('#n-description').value.trim() || undefined }
    };
    if (kind.value === 'ACCIDENT') {
      request.event.deaths = Number($('#n-deaths').value);
      request.event.seriousInjuries = Number($('#n-injuries').value);
      request.event.directLossCny = Number($('#n-loss').value);
    }
    try {
      const opened = await api('POST', '/api/cases', request);
      toast('已立案：' + opened.number);
      location.hash = '#/case/' + opened.id;
    } catch (e) {
      showError(document.getElementById('n-error'), e);
    }
  };
  let list;
  try {
    list = await api('GET', '/api/cases?' + params.toString());
  } catch (e) {
    // a bad filter: say so beside the filters and keep them
    showError(document.getElementById('f-error'), e);
    list = { items: [] };
  }
  const body = document.querySelector('#cases tbody');
  body.innerHTML = list.items.map(c => `
    <tr class="case-row ${c.overdue ? 'overdue' : ''}" data-id="${esc(c.id)}">
      <td><a class="case-link" href="#/case/${esc(c.id)}">${esc(c.number)}</a></td>
      <td>${esc(c.title)}</td><td>${ref('unit', c.subjectUnitId)}</td>
      <td>${esc(c.grade ? label('accidentGrades', c.grade) : label('eventKinds', c.event.kind))}</td>
      <td>${esc(when(c.event.at))}</td><td>${esc(label('caseStatus', c.status))}</td>
      <td>${c.deadlines ? '调查报告 ' + esc(when(c.deadlines.reportDue)) + (c.overdue ? ' <b>已超期</b>' : '') : ''}</td>
    </tr>`).join('') || '<tr><td colspan="7" class="muted">没有案件</td></tr>';
  fillRefs(body);
}

async function casePage(id) {
  const c = await api('GET', '/api/cases/' + encodeURIComponent(id));
  renderCase(c);
}

/** Runs a change of the case and draws the case the server answers; errors show in the given element. */
async function caseChange(c, path, body, errorElement, done) {
  try {
    const changed = await api('POST', `/api/cases/${c.id}/${path}`, body);
    renderCase(changed);
    if (done) toast(done);
  } catch (e) {
    if (errorElement) showError(errorElement, e); else toast(e.message);
  }
}

function deadlineLine(text, day, basis, extra) {
  return `<div class="deadline"><b>${esc(text)}</b>：${esc(when(day))}${extra || ''}${basis ? `<div class="basis">依据：${esc(prose(basis))}</div>` : ''}</div>`;
}

function renderCase(c) {
  const open = c.status === 'OPEN';
  const ev = c.event;
  const d = c.deadlines;
  const accident = ev.kind === 'ACCIDENT';
  main().innerHTML = `
    <h1><span id="case-number">${esc(c.number)}</span> ${esc(c.title)}
      <span class="print-slot" id="print-case" data-case="${esc(c.id)}"></span></h1>
    <div class="card" id="case-facts">
      <div>状态：<b id="case-status">${esc(label('caseStatus', c.status))}</b>　事件：<span id="case-event">${esc(label('eventKinds', ev.kind))}，${esc(when(ev.at))}</span>
        ${c.grade ? '　等级：<b>' + esc(label('accidentGrades', c.grade)) + '</b>' : ''}
        ${ev.nature ? '　事故性质：' + esc(label('accidentNatures', ev.nature)) + (ev.natureNote ? '（' + esc(ev.natureNote) + '）' : '') : ''}</div>
      ${ev.deaths !== undefined ? `<div id="case-figures">死亡 ${esc(ev.deaths)} 人（含下落不明 ${esc(ev.missing || 0)} 人），重伤 ${esc(ev.seriousInjuries)} 人（含急性工业中毒 ${esc(ev.poisoned || 0)} 人），直接经济损失 <b id="case-loss">${esc(money(ev.directLossCny))}</b></div>` : ''}
      <div>事发单位：${ref('unit', c.subjectUnitId)}
        ${(c.supervisors || []).map(s => `　${esc(label('supervisorKinds', s.kind))}：${ref('unit', s.unitId)}`).join('')}</div>
      ${ev.description ? `<div>简要经过：${esc(ev.description)}</div>` : ''}
      ${ev.reportTimeliness ? `<div>事故报告：知悉 ${esc(when(ev.knownAt))}，报告 ${esc(when(ev.reportedAt))}，应于 ${esc(when(ev.reportTimeliness.dueBy))} 前报告
        ${ev.reportTimeliness.late ? '<b class="error">迟报</b>' : '（按时）'}<div class="basis">依据：${esc(prose(ev.reportTimeliness.basis))}</div></div>` : ''}
      ${(ev.reportingMarks || []).length ? `<div>报告情况认定：${ev.reportingMarks.map(m => esc(label('reportingMarks', m.mark || m))).join('、')}</div>` : ''}
      <div>调查人员：<span id="case-investigators">${(c.investigators || []).map(u => userName(u)).join('、')}</span>
        　立案：${userName(c.openedBy)}，${esc(when(c.openedAt))}${c.closedAt ? '　结案：' + esc(when(c.closedAt)) : ''}</div>
      <div class="bundle"><button id="export-bundle" type="button">导出证据包</button>
        <span id="bundle-result"></span></div>
    </div>
    ${accident ? renderAccidentDeadlines(c, open) : ''}
    <div class="tracks">${['DIRECT', 'LEADERSHIP'].map(t => renderTrack(c, t, open)).join('')}</div>
    <h2>四不放过</h2>
    <div class="card" id="checklist">
      ${Object.entries(c.checklist).map(([item, entry]) => `<div class="check-row" data-item="${esc(item)}">
        <label><input type="checkbox" class="check-item" data-item="${esc(item)}" ${entry.done ? 'checked' : ''} ${open ? '' : 'disabled'}>
        <b>${esc(label('closeOutChecklist', item))}</b></label>
        ${entry.by ? ` <span class="muted">（${userName(entry.by)}${entry.at ? '，' + esc(when(entry.at)) : ''}）</span>` : ''}
        ${(entry.lacking || []).length ? `<ul class="lacking">${entry.lacking.map(x => `<li>尚缺：${esc(prose(x))}</li>`).join('')}</ul>`
          : '<div class="muted">所需事实已具备</div>'}</div>`).join('')}
      <button id="close-case" type="button" ${open ? '' : 'disabled'}>结案</button>
      <div id="close-message" class="error"></div>
    </div>`;
  fillRefs(main());
  wirePickers(main());
  wireCase(c);
}

/** "（已延长 30 日，理由：…）" beside a deadline an extension moved; nothing when it was not extended. */
function extended(days, reason) {
  return days ? `（已延长 ${esc(days)} 日${reason ? '，理由：' + esc(reason) : ''}）` : '';
}

function renderAccidentDeadlines(c, open) {
  const d = c.deadlines || {};
  const basis = d.basis || {};
  const facts = [];
  facts.push(deadlineLine('调查报告期限', d.reportDue, basis.reportDue,
    (d.reportOverdue ? ' <b class="error">已超期</b>' : '') + extended(d.reportExtensionDays, d.reportExtensionReason)));
  if (d.reportSubmitted) {
    facts.push(`<div>调查报告已于 <b id="report-submitted">${esc(when(d.reportSubmitted))}</b> 提交${d.reportLateDays ? `，<b class="error">逾期 ${esc(d.reportLateDays)} 日</b>` : ''}</div>`);
    facts.push(deadlineLine('批复期限', d.replyDue, basis.replyDue,
      (d.replyOverdue ? ' <b class="error">已超期</b>' : '') + extended(d.replyExtensionDays, d.replyExtensionReason)));
  }
  if (d.replied) {
    facts.push(`<div>已于 <b id="reply-recorded">${esc(when(d.replied))}</b> 收到批复${d.replyLateDays ? `，<b class="error">逾期 ${esc(d.replyLateDays)} 日</b>` : ''}</div>`);
  }
  if (c.evaluation) facts.push(`<div>整改评估：${esc(when(c.evaluation.due))} 前，由 ${esc(c.evaluation.by)} 进行</div>`);
  (c.education || []).forEach(e => facts.push(`<div>警示教育：${esc(when(e.on))} ${esc(e.description)}</div>`));
  const forms = [];
  if (open && !d.reportSubmitted) {
    forms.push(`<div class="step-form">提交调查报告：<input type="date" id="report-on" value="${today()}"> <button type="button" id="report-submit">记录提交</button></div>`);
    if (!d.reportExtensionDays) {
      forms.push(`<div class="step-form">延长调查期限（最多60日）：<input type="number" id="ext-days" min="1" max="60" size="4"> 日，理由
        <input id="ext-reason" size="24"> <button type="button" id="ext-submit">记录延长</button></div>`);
    }
  }
  if (open && d.reportSubmitted && !d.replied) {
    forms.push(`<div class="step-form">批复：<input type="date" id="reply-on" value="${today()}"> 文号 <input id="reply-number" size="18">
      <button type="button" id="reply-submit">记录批复</button></div>`);
    if (c.grade === 'EXTRAORDINARY' && !d.replyExtensionDays) {
      forms.push(`<div class="step-form">延长批复期限（最多30日）：<input type="number" id="rext-days" min="1" max="30" size="4"> 日，理由
        <input id="rext-reason" size="24"> <button type="button" id="rext-submit">记录延长</button></div>`);
    }
  }
  if (open && d.replied && !c.evaluation) {
    forms.push(`<div class="step-form">安排整改评估（批复后一年内）：<input type="date" id="eval-due"> 评估机关 <input id="eval-by" size="18">
      <button type="button" id="eval-submit">记录</button></div>`);
  }
  if (open) {
    forms.push(`<div class="step-form">警示教育：<input type="date" id="edu-on" value="${today()}"> 内容 <input id="edu-text" size="30">
      <button type="button" id="edu-submit">记录</button></div>`);
    forms.push(`<div class="step-form">事故性质：<select id="nature">${options('accidentNatures', c.event.nature)}</select>
      依据 <input id="nature-note" size="24" placeholder="认定依据（可选）" value="${esc(c.event.natureNote || '')}">
      <button type="button" id="nature-submit">记录</button></div>`);
  }
  return `<h2>期限与调查报告</h2><div class="card" id="accident-deadlines">${facts.join('')}${forms.join('')}
    <div id="deadline-error" class="error"></div></div>`;
}

function wireCase(c) {
  const err = () => document.getElementById('deadline-error');
  const click = (id, handler) => { const b = document.getElementById(id); if (b) b.onclick = handler; };
  click('export-bundle', () => exportBundle(c));
  printButtons(document.getElementById('print-case'), [['CASE_FILE', '打印案卷']], () => ({ caseId: c.id }));
  click('report-submit', () => caseChange(c, 'report-submitted', { on: $('#report-on').value }, err(), '已记录调查报告提交'));
  click('ext-submit', () => caseChange(c, 'report-extension', { days: Number($('#ext-days').value), reason: $('#ext-reason').value.trim() }, err(), '已记录延长'));
  click('reply-submit', () => caseChange(c, 'reply', { on: $('#reply-on').value, documentNumber: $('#reply-number').value.trim() || undefined }, err(), '已记录批复'));
  click('rext-submit', () => caseChange(c, 'reply-extension', { days: Number($('#rext-days').value), reason: $('#rext-reason').value.trim() }, err(), '已记录延长'));
  click('eval-submit', () => caseChange(c, 'evaluation', { due: $('#eval-due').value, by: $('#eval-by').value.trim() }, err(), '已安排整改评估'));
  click('edu-submit', () => caseChange(c, 'education', { on: $('#edu-on').value, description: $('#edu-text').value.trim() }, err(), '已记录警示教育'));
  click('nature-submit', () => caseChange(c, 'nature', { nature: $('#nature').value, note: $('#nature-note').value.trim() || undefined },
    err(), '已记录事故性质'));
  $$('.confirm').forEach(b => b.onclick = () => caseChange(c, `links/${b.dataset.link}/confirm`, {}, null, '已确认'));
  $$('.reject').forEach(b => b.onclick = () => { b.parentElement.querySelector('.reject-form').style.display = 'block'; });
  $$('.reject-submit').forEach(b => b.onclick = () => {
    const reason = b.parentElement.querySelector('.reject-reason').value.trim();
    if (!reason) { toast('驳回须说明理由'); return; }
    caseChange(c, `links/${b.dataset.link}/reject`, { reason }, null, '已驳回');
  });
  $$('.track').forEach(section => wireTrack(c, section));
  $$('.check-item').forEach(box => box.onchange = async () => {
    const wanted = box.checked;
    box.checked = !wanted; // nothing changes until confirmed
    const item = box.dataset.item;
    const row = box.closest('.check-row');
    const lacking = $$('.lacking li', row).map(li => li.textContent);
    const ok = await confirmDialog(wanted ? `确认“${label('closeOutChecklist', item)}”已落实？` : `撤销“${label('closeOutChecklist', item)}”？`,
      wanted ? (lacking.length ? '以下事实尚未具备，结案时仍会被拒绝：' + lacking.join('；') + '。确认后记录在案并写入审计日志。'
        : '所需事实已具备。确认后记录在案并写入审计日志。') : '撤销后该事项视为未落实，写入审计日志。');
    if (ok) caseChange(c, 'checklist', { item, done: wanted }, null, wanted ? '已记录' : '已撤销');
  });
  click('close-case', async () => {
    const message = document.getElementById('close-message');
    if (!await confirmDialog('结案', '结案后除依法提出的复审、复核、申诉外不再接受修改。确认结案？')) return;
    try {
      renderCase(await api('POST', `/api/cases/${c.id}/close`));
      toast('已结案');
    } catch (e) {
      showError(message, e);
      if (e.code === 'case_not_closable') {
        const open = Object.entries(c.checklist).filter(([, entry]) => !entry.done || (entry.lacking || []).length);
        message.insertAdjacentHTML('beforeend', `<ul>${open.map(([item, entry]) => `<li>${esc(label('closeOutChecklist', item))}：${
          entry.done ? '' : '尚未确认落实'}${(entry.lacking || []).length ? (entry.done ? '' : '；') + esc(entry.lacking.map(prose).join('；')) : ''}</li>`).join('')}</ul>`);
      }
    }
  });
}

async function exportBundle(c) {
  const result = document.getElementById('bundle-result');
  try {
    const response = await api('POST', '/api/bundles', { caseId: c.id }, true);
    const sha = response.headers.get('X-Fieldsync-Bundle-Sha256') || '';
    const name = await saveDownload(response, 'evidence-bundle.zip');
    result.innerHTML = `已导出 ${esc(name)}。证据包 SHA-256：<code id="bundle-sha256">${esc(sha)}</code>
      <button type="button" id="copy-sha256">复制</button>
      <div class="muted">离线核验：fieldsync verify-bundle --sha256 ${esc(sha)} ${esc(name)}</div>`;
    document.getElementById('copy-sha256').onclick = async () => {
      try {
        await navigator.clipboard.writeText(sha);
        toast('已复制 SHA-256');
      } catch (e) {
        // without clipboard access: select the text so that Ctrl+C copies it
        const range = document.createRange();
        range.selectNodeContents(document.getElementById('bundle-sha256'));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        toast('已选中，请按 Ctrl+C 复制');
      }
    };
  } catch (e) {
    showError(result, e);
  }
}

// ---- the two tracks: parties, findings, evidence, accountability ------------------------------------

/** The catalogue section naming the kinds of each form of accountability (AccountabilityForm), in the rules' order. */
const KIND_SECTIONS = { WARNING: 'warningKinds', PARTY_ACCOUNTABILITY: 'partyAccountabilityKinds',
  GOVERNMENT_SANCTION: 'governmentSanctionKinds', PARTY_DISCIPLINE: 'partyDisciplineKinds' };

/** The steps that may follow a step (the server decides again, with the dates, and says why not). */
const NEXT_STEPS = {
  PROPOSED: ['NOTIFIED', 'DECIDED', 'EXEMPTED'], NOTIFIED: ['DECIDED', 'EXEMPTED'],
  DECIDED: ['REVIEW_REQUESTED', 'APPEALED', 'FINAL'], REVIEW_REQUESTED: ['APPEALED', 'FINAL'], APPEALED: ['FINAL']
};

/** What each deadline of an action is called. */
const ACTION_DEADLINES = [['statement', '陈述申辩截止'], ['reviewRequest', null], ['directAppeal', '直接申诉截止'],
  ['reviewDecision', null], ['appealAfterReview', null], ['appealDecision', null]];

function actionDeadlineName(a, key) {
  const first = (a.remedy && a.remedy.firstLevel) || '一级救济';
  const second = (a.remedy && a.remedy.secondLevel) || '二级救济';
  return { statement: '陈述申辩截止', reviewRequest: `申请${first}截止`, directAppeal: '直接申诉截止',
    reviewDecision: `${first}决定期限`, appealAfterReview: `申请${second}截止`, appealDecision: `${second}决定期限` }[key];
}

/** The step's label, naming the remedy level by the action's route (复审, 复核 or 申诉). */
function stepLabel(a, step) {
  const s = step || a.state;
  if (s === 'REVIEW_REQUESTED' && a.remedy && a.remedy.firstLevel) return a.remedy.firstLevel + (step ? '' : '中');
  if (s === 'APPEALED' && a.remedy && a.remedy.secondLevel) return a.remedy.secondLevel + (step ? '' : '中');
  return label('actionSteps', s);
}

function renderTrack(c, track, open) {
  const t = c.tracks[track];
  const people = t.parties.map(p => `<option value="${esc(p.personId)}">${esc(p.name)}</option>`).join('');
  const confirmed = t.links.filter(l => l.state === 'CONFIRMED');
  return `<section class="track" id="track-${track}" data-track="${track}">
    <h2>${esc(label('tracks', track))}</h2>
    <h3>当事人</h3><ul class="parties">${t.parties.map(p => `<li class="party" data-person="${esc(p.personId)}">
        <a href="#/record/person/${esc(p.personId)}">${esc(p.name)}</a>（事发时：${p.unitId ? ref('unit', p.unitId) + ' ' : ''}${esc(p.postAtEvent || '无职务记录')}）
        ${esc(label('responsibilities', p.responsibility))} <span class="muted">${userName(p.addedBy)}${p.addedAt ? '，' + esc(when(p.addedAt)) : ''}</span></li>`).join('')
      || '<li class="muted">暂无</li>'}</ul>
    ${open ? `<div class="step-form add-party">${picker('party-' + track, 'person', '人员姓名')}
      <select class="party-responsibility">${options('responsibilities')}</select>
      <button type="button" class="add-party-submit">添加当事人</button> <span class="error party-error"></span></div>` : ''}
    <h3>认定事实</h3><ul class="findings">${t.findings.map(f => `<li class="finding">${esc(f.text)}
        ${(f.personIds || []).length ? '<span class="muted">涉及：' + f.personIds.map(id => ref('person', id)).join('、') + '</span>' : ''}
        <span class="muted">${userName(f.addedBy)}${f.addedAt ? '，' + esc(when(f.addedAt)) : ''}</span></li>`).join('')
      || '<li class="muted">暂无</li>'}</ul>
    ${open ? `<div class="step-form add-finding"><textarea class="finding-text" rows="2" cols="40" placeholder="调查认定的事实"></textarea>
      ${t.parties.length ? '<div>涉及人员：' + t.parties.map(p => `<label><input type="checkbox" class="finding-person" value="${esc(p.personId)}">${esc(p.name)}</label>`).join(' ') + '</div>' : ''}
      <button type="button" class="add-finding-submit">添加认定事实</button> <span class="error finding-error"></span></div>` : ''}
    <h3>证据</h3><ul class="links">${t.links.map(l => `
      <li class="link" data-evidence-id="${esc(l.evidenceId)}" data-state="${esc(l.state)}" data-link="${esc(l.id)}">
        <span class="badge ${esc(l.state)}">${esc(label('linkStates', l.state))}</span>
        ${l.aggravating ? '<span class="badge aggravating">加重情节</span>' : ''}
        ${esc(label('recordTypes', l.evidenceType))}：${ref(l.evidenceType, l.evidenceId)}
        <div class="link-reason">${esc(label('linkRoles', l.role))}：${esc(prose(l.reason))}
          <span class="muted">（${l.proposedBy === 'SYSTEM' ? '系统推荐' : userName(l.proposedBy)}${l.proposedAt ? '，' + esc(when(l.proposedAt)) : ''}）</span></div>
        ${l.decisionReason ? `<div class="decision-reason">${l.state === 'REJECTED' ? '驳回理由' : '确认理由'}：${esc(l.decisionReason)}（${userName(l.decidedBy)}）</div>` : ''}
        ${l.state === 'CONFIRMED' && l.decidedBy ? `<div class="muted">确认：${userName(l.decidedBy)}${l.decidedAt ? '，' + esc(when(l.decidedAt)) : ''}</div>` : ''}
        ${open && l.state === 'PROPOSED' ? `
          <button type="button" class="confirm" data-link="${esc(l.id)}">确认</button>
          <button type="button" class="reject" data-link="${esc(l.id)}">驳回</button>
          <div class="reject-form" style="display:none"><input class="reject-reason" placeholder="驳回理由" size="30">
            <button type="button" class="reject-submit" data-link="${esc(l.id)}">提交驳回</button></div>` : ''}
      </li>`).join('') || '<li class="muted">暂无</li>'}</ul>
    ${open ? `<div class="step-form add-link">补充证据：<select class="link-type">${options('recordTypes', 'hazard', ['inspection', 'hazard', 'pledge'])}</select>
      <select class="link-evidence"><option value="">（事发单位的记录）</option></select>
      <input class="link-reason-text" placeholder="关联理由" size="20">
      <button type="button" class="add-link-submit">提出关联</button> <span class="error link-error"></span></div>` : ''}
    <h3>问责</h3><ul class="actions">${t.actions.map(a => renderAction(c, a, open, confirmed)).join('') || '<li class="muted">暂无</li>'}</ul>
    ${open ? `<div class="step-form add-action">对象：<select class="action-person"><option value="">（当事人）</option>${people}</select>
      或单位 ${picker('action-unit-' + track, 'unit', '单位名称')}
      <select class="action-category">${options('actionCategories')}</select>
      <select class="action-kind"></select> <select class="action-subkind" style="display:none">${options('organisationalHandlingKinds')}</select>
      决定机关 <select class="action-body-kind"><option value="">（暂不填）</option>${options('decidingBodies', null, ['SUPERVISORY_ORGAN', 'APPOINTING_ORGAN', 'PARTY_ORGAN', 'OTHER'])}</select>
      <input class="action-body-name" placeholder="机关名称" size="12">
      <input type="date" class="action-on" value="${today()}">
      <button type="button" class="add-action-submit">提出问责</button> <span class="error action-error"></span></div>` : ''}
  </section>`;
}

function renderAction(c, a, open, confirmed) {
  const deadlines = a.deadlines || {};
  const basis = deadlines.basis || {};
  const next = (NEXT_STEPS[a.state] || []).filter(s => a.form.sanction || !['NOTIFIED', 'EXEMPTED', 'REVIEW_REQUESTED', 'APPEALED', 'FINAL'].includes(s))
    // a route with one level of remedy (申诉 of a party decision) has nothing after its review but the end
    .filter(s => !(a.state === 'REVIEW_REQUESTED' && s === 'APPEALED' && !(a.remedy && a.remedy.secondLevel)));
  // only what the server reads for this action: the influence period is a person's 政务处分's (政务处分法第8条),
  // the first-level decision's day follows a review that was requested
  const influence = a.form.category === 'GOVERNMENT_SANCTION' && a.personId;
  const remedyOpen = ['DECIDED', 'REVIEW_REQUESTED', 'APPEALED'].includes(a.state);
  return `<li class="action" data-action="${esc(a.id)}" data-state="${esc(a.state)}">
    <b>${esc(a.form.label)}</b>（${esc(label('actionCategories', a.form.category))}）· 对象：${a.personId ? ref('person', a.personId) : ref('unit', a.targetUnitId)}
    · <span class="action-state">${esc(stepLabel(a))}</span>
    ${a.decidingBody ? `· 决定机关：${esc(a.decidingBody.name)}（${esc(label('decidingBodies', a.decidingBody.kind))}）` : ''}
    ${a.remedy && a.remedy.route !== 'NONE' ? `<div class="muted">救济途径：${esc(label('remedyRoutes', a.remedy.route))}；${esc(prose(a.remedy.basis || ''))}${a.remedy.counting ? '；' + esc(prose(a.remedy.counting)) : ''}</div>` : ''}
    <ul class="deadlines">${ACTION_DEADLINES.filter(([k]) => deadlines[k]).map(([k]) => `<li>${esc(actionDeadlineName(a, k))}：<b>${esc(when(deadlines[k]))}</b>
      ${basis[k] ? `<div class="basis">依据：${esc(prose(basis[k]))}</div>` : ''}</li>`).join('')}</ul>
    ${a.decidedOn ? `<div>决定日期：${esc(when(a.decidedOn))}${a.decisionKnownOn ? '，本人知悉：' + esc(when(a.decisionKnownOn)) : ''}</div>` : ''}
    ${a.influenceEnds ? `<div>影响期：${esc(when(a.influenceFrom))} 至 <b>${esc(when(a.influenceEnds))}</b>（${esc(a.influenceMonths)}个月）${a.influenceBasis ? '<div class="basis">依据：' + esc(prose(a.influenceBasis)) + '</div>' : ''}</div>` : ''}
    ${a.executed === false ? `<div>不另执行（政务处分法第15条）${a.influenceBasis ? '：' + esc(prose(a.influenceBasis)) : ''}</div>` : ''}
    ${a.exemption ? `<div>尽职免责：${esc(a.exemption.reason)}</div>` : ''}
    <ol class="steps">${(a.steps || []).map(s => `<li>${esc(stepLabel(a, s.to || s.step))} ${esc(when(s.on))} <span class="muted">${userName(s.by)}</span>${s.note ? '：' + esc(s.note) : ''}</li>`).join('')}</ol>
    ${(open || remedyOpen) && next.length ? `<div class="step-form action-step" data-action="${esc(a.id)}">下一步：
      <select class="step-to">${next.map(s => `<option value="${s}">${esc(stepLabel(a, s))}</option>`).join('')}</select>
      日期 <input type="date" class="step-on" value="${today()}">
      <span data-for="NOTIFIED">陈述申辩截止（必填） <input type="date" class="step-statement-deadline"></span>
      <span data-for="DECIDED"><label><input type="checkbox" class="step-statement-received">已收到陈述申辩</label>
        本人知悉日期 <input type="date" class="step-known-on">
        ${influence ? '影响期（月，合并时选择）<input type="number" class="step-influence" min="1" max="48" size="3">' : ''}
        ${a.decidingBody ? '' : `决定机关 <select class="step-body-kind">${options('decidingBodies', null, ['SUPERVISORY_ORGAN', 'APPOINTING_ORGAN', 'PARTY_ORGAN', 'OTHER'])}</select>
        <input class="step-body-name" placeholder="机关名称" size="12">`}</span>
      ${a.state === 'REVIEW_REQUESTED' ? `<span data-for="APPEALED FINAL">${esc((a.remedy && a.remedy.firstLevel) || '一级救济')}决定收到日期 <input type="date" class="step-review-decision"></span>` : ''}
      <span data-for="EXEMPTED">免责理由 <input class="step-exemption" size="20"> 依据证据：${confirmed.map(l =>
        `<label><input type="checkbox" class="step-exemption-evidence" value="${esc(l.evidenceId)}">${ref(l.evidenceType, l.evidenceId)}</label>`).join(' ') || '（本线索尚无已确认证据）'}</span>
      说明 <input class="step-note" size="14">
      <button type="button" class="step-submit">记录</button> <span class="error step-error"></span></div>` : ''}
  </li>`;
}

function wireTrack(c, section) {
  const track = section.dataset.track;
  const one = (selector) => $(selector, section);
  const on = (selector, handler) => { const e = one(selector); if (e) e.onclick = handler; };
  on('.add-party-submit', () => caseChange(c, 'parties', { track, personId: pickerValue('party-' + track),
    responsibility: one('.party-responsibility').value }, one('.party-error'), '已添加当事人'));
  on('.add-finding-submit', () => caseChange(c, 'findings', { track, text: one('.finding-text').value.trim(),
    personIds: $$('.finding-person:checked', section).map(b => b.value) }, one('.finding-error'), '已添加认定事实'));
  const linkType = one('.link-type');
  if (linkType) {
    const load = async () => {
      const select = one('.link-evidence');
      try {
        const list = await api('GET', `/api/${COLLECTIONS[linkType.value]}?unit=${encodeURIComponent(c.subjectUnitId)}&limit=200`);
        select.innerHTML = list.items.map(r => `<option value="${esc(r.id)}">${esc(describe(linkType.value, r))}</option>`).join('')
          || '<option value="">（事发单位没有此类记录）</option>';
      } catch (e) {
        select.innerHTML = `<option value="">${esc(e.message)}</option>`;
      }
    };
    linkType.onchange = load;
    load();
  }
  on('.add-link-submit', () => caseChange(c, 'links', { track, evidenceType: linkType.value, evidenceId: one('.link-evidence').value,
    role: 'OTHER', reason: one('.link-reason-text').value.trim() }, one('.link-error'), '已提出关联'));
  const category = one('.action-category');
  if (category) {
    const kinds = () => {
      one('.action-kind').innerHTML = options(KIND_SECTIONS[category.value]);
      one('.action-kind').onchange();
    };
    one('.action-kind').onchange = () => {
      one('.action-subkind').style.display = one('.action-kind').value === 'ORGANISATIONAL_HANDLING' ? '' : 'none';
    };
    category.onchange = kinds;
    kinds();
  }
  on('.add-action-submit', () => {
    const person = one('.action-person').value;
    const body = { track, on: one('.action-on').value, form: { category: category.value, kind: one('.action-kind').value } };
    if (body.form.kind === 'ORGANISATIONAL_HANDLING') body.form.subKind = one('.action-subkind').value;
    if (person) body.personId = person; else body.targetUnitId = pickerValue('action-unit-' + track);
    if (one('.action-body-kind').value) body.decidingBody = { kind: one('.action-body-kind').value, name: one('.action-body-name').value.trim() };
    caseChange(c, 'actions', body, one('.action-error'), '已提出问责');
  });
  $$('.action-step', section).forEach(form => {
    const to = $('.step-to', form);
    const show = () => $$('[data-for]', form).forEach(s => { s.style.display = s.dataset.for.split(' ').includes(to.value) ? '' : 'none'; });
    to.onchange = show;
    show();
    $('.step-submit', form).onclick = () => {
      const body = { to: to.value, on: $('.step-on', form).value };
      const value = (selector) => { const e = $(selector, form); return e && e.value ? e.value.trim() : null; };
      if (to.value === 'NOTIFIED' && value('.step-statement-deadline')) body.statementDeadline = value('.step-statement-deadline');
      if (to.value === 'DECIDED') {
        body.statementReceived = $('.step-statement-received', form).checked;
        if (value('.step-known-on')) body.decisionKnownOn = value('.step-known-on');
        if (value('.step-influence')) body.influenceMonths = Number(value('.step-influence'));
        if (value('.step-body-name')) body.decidingBody = { kind: value('.step-body-kind'), name: value('.step-body-name') };
      }
      if (['APPEALED', 'FINAL'].includes(to.value) && value('.step-review-decision')) body.reviewDecisionOn = value('.step-review-decision');
      if (to.value === 'EXEMPTED') {
        body.exemption = { reason: value('.step-exemption') || '', evidenceIds: $$('.step-exemption-evidence:checked', form).map(b => b.value) };
      }
      if (value('.step-note')) body.note = value('.step-note');
      caseChange(c, `actions/${form.dataset.action}/steps`, body, $('.step-error', form), '已记录：' + stepLabel({ remedy: null }, to.value));
    };
  });
}

// ---- evidence viewer: a record as its paper form reads --------------------------------------------

/** The fields of each form in the order the paper form has them; the rest follow. */
const FORM_ORDER = {
  inspection: ['unitId', 'status', 'startedAt', 'endedAt', 'place', 'inspectors', 'checklistTemplate', 'checklist', 'findings',
    'onSiteMeasures', 'signatures', 'refusalToSign', 'refusalReport', 'notes', 'amends'],
  hazard: ['unitId', 'inspectionId', 'checklistItemCode', 'grade', 'category', 'description', 'location', 'foundAt', 'deadline',
    'responsiblePerson', 'status', 'treatmentPlan', 'supervisionListing', 'extensions', 'reinspections', 'rectificationCompletedAt',
    'verifiedAt', 'verifiedBy', 'assessment', 'resumptionRequest', 'closeOutReview', 'notes'],
  pledge: ['kind', 'status', 'signer', 'counterSigner', 'period', 'items', 'signedAt', 'supersedes'],
  unit: ['name', 'kind', 'jurisdictionCode', 'creditCode', 'address', 'industry', 'supervisingUnitId'],
  person: ['name', 'publicOfficial', 'civilServant', 'partyMember', 'managedBy', 'positions', 'phone']
};
const META = ['id', 'type', 'version', 'deleted', 'createdAt', 'updatedAt', 'seal', 'sealVerified', 'overdue', 'escalateTo'];
const REFS = { unitId: 'unit', supervisingUnitId: 'unit', personId: 'person', hazardId: 'hazard', inspectionId: 'inspection',
  pledgeId: 'pledge', supersedes: 'pledge' };
const IMAGES = ['photos', 'signatureImage', 'evidence'];

/** The catalogue section that names a field's codes, by field, record type and the list it sits in. */
function sectionOf(key, type, within) {
  switch (key) {
    case 'grade': return 'hazardGrades';
    case 'category': return 'hazardCategories';
    case 'status': return { hazard: 'hazardStatus', inspection: 'inspectionStatus', pledge: 'pledgeStatus' }[type];
    case 'role': return 'signerRoles';
    case 'result': return within === 'reinspections' ? 'reinspectionResults' : 'checkResults';
    case 'level': case 'escalateTo': return 'listingLevels';
    case 'event': return 'listingEvents';
    case 'leadership': return 'posts';
    case 'kind': return within === 'onSiteMeasures' ? 'onSiteMeasures' : { pledge: 'pledgeKinds', unit: 'unitKinds' }[type];
    default: return null;
  }
}

/** One value of a record as a reader sees it: names, Chinese dates, tables for lists, images for photos. */
function fieldValue(key, value, type, within) {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (REFS[key] || key === 'amends') return ref(REFS[key] || type, value);
  if (IMAGES.includes(key)) {
    return [].concat(value).map(sha => `<span class="image" data-sha="${esc(sha)}"></span>`).join('');
  }
  if (Array.isArray(value)) {
    if (!value.length) return '<span class="muted">无</span>';
    if (value.every(v => v === null || typeof v !== 'object')) {
      return `<ol class="plain">${value.map(v => `<li>${fieldValue(key, v, type, within)}</li>`).join('')}</ol>`;
    }
    const columns = [];
    value.forEach(v => Object.keys(v || {}).forEach(k => { if (!columns.includes(k)) columns.push(k); }));
    return `<table class="nested" data-field="${esc(key)}"><thead><tr>${columns.map(k => `<th>${esc(fieldName(k))}</th>`).join('')}</tr></thead>
      <tbody>${value.map(v => `<tr>${columns.map(k => `<td>${fieldValue(k, (v || {})[k], type, key)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  }
  if (typeof value === 'object') {
    return `<table class="nested" data-field="${esc(key)}">${Object.entries(value).map(([k, v]) =>
      `<tr><th>${esc(fieldName(k))}</th><td>${fieldValue(k, v, type, key)}</td></tr>`).join('')}</table>`;
  }
  const section = sectionOf(key, type, within);
  if (section) return esc(label(section, value));
  if (typeof value === 'string' && (ISO_DAY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value))) return esc(when(value));
  return esc(value);
}

function fieldRows(record, type) {
  const order = FORM_ORDER[type] || [];
  const keys = order.filter(k => k in record).concat(Object.keys(record).filter(k => !order.includes(k) && !META.includes(k)));
  return keys.map(k => `<tr data-field="${esc(k)}"><th>${esc(editLabel(type, k))}</th><td>${fieldValue(k, record[k], type)}</td></tr>`).join('');
}

function sealText(record) {
  if (!record.seal) return '<span id="seal-status" class="seal none">未封存</span>';
  return record.sealVerified
    ? `<span id="seal-status" class="seal ok">已签字封存，签章校验通过</span>（${esc(when(record.seal.sealedAt))}封存）`
    : `<span id="seal-status" class="seal bad">已封存，但签章校验未通过：封存后的内容或签名已不一致</span>`;
}

/** The differences between two versions, field by field. */
function versionDiff(before, after, type) {
  const keys = [];
  [before, after].forEach(v => Object.keys(v).forEach(k => { if (!keys.includes(k) && !META.includes(k)) keys.push(k); }));
  const changed = keys.filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (!changed.length) return '<span class="muted">内容未变（仅删除标记或服务器字段）</span>';
  return `<table class="diff"><thead><tr><th>字段</th><th>修改前</th><th>修改后</th></tr></thead><tbody>${changed.map(k =>
    `<tr data-field="${esc(k)}"><th>${esc(fieldName(k))}</th><td class="before">${k in before ? fieldValue(k, before[k], type) : '<span class="muted">（无）</span>'}</td>
     <td class="after">${k in after ? fieldValue(k, after[k], type) : '<span class="muted">（删去）</span>'}</td></tr>`).join('')}</tbody></table>`;
}

function auditLine(entry) {
  const d = entry.detail || {};
  const extra = [];
  if (d.version) extra.push(`第${d.version}版`);
  if (d.resolution) extra.push(label('conflictResolutions', d.resolution));
  if (d.number) extra.push(d.number);
  return `<li>${esc(when(entry.at))} ${userName(entry.actor)}：${esc(label('auditActions', entry.action))}${extra.length ? '（' + esc(extra.join('，')) + '）' : ''}</li>`;
}

async function recordPage(type, id) {
  if (!COLLECTIONS[type]) {
    main().innerHTML = `<h1>${esc(label('recordTypes', type))}</h1><p class="muted">该类证据在案件页面中查看。</p>`;
    return;
  }
  const path = `/api/${COLLECTIONS[type]}/${encodeURIComponent(id)}`;
  const record = await api('GET', path);
  const history = await api('GET', path + '/history');
  let audit = null;
  try { audit = await api('GET', '/api/audit?record=' + encodeURIComponent(id)); } catch (e) { /* inspectors do not read the audit log */ }
  const versions = history.versions || [];
  main().innerHTML = `<h1>${esc(label('recordTypes', type))}：${esc(describe(type, record))}
      <span class="print-slot" id="print-record" data-type="${esc(type)}" data-id="${esc(id)}"></span></h1>
    <div class="card" id="record-head">${sealText(record)}　第 ${esc(record.version)} 版　录入：${esc(when(record.createdAt))}　最近修改：${esc(when(record.updatedAt))}
      ${record.deleted ? '　<b class="error">已删除</b>' : ''}${record.overdue ? '　<b class="error">已逾期</b>' : ''}
      ${record.escalateTo ? '　督办升级至' + esc(label('listingLevels', record.escalateTo)) : ''}
      <details class="record-id"><summary>记录编号</summary><code id="record-id">${esc(id)}</code></details></div>
    <table id="fields" class="form">${fieldRows(record, type)}</table>
    ${EDITABLE[type] && state.me.role === 'ADMIN' && !record.deleted ? editForm(type, record) : ''}
    <h2>照片与签名</h2><div id="photos"></div>
    <h2>版本历史</h2><ol id="history">${versions.map((v, i) => `<li>第${i + 1}版：${i === 0 ? '录入' : versionDiff(versions[i - 1], v, type)}</li>`).join('')}</ol>
    <h2>审计记录</h2><ul id="audit">${audit ? audit.items.map(i => auditLine(i.entry)).join('') || '<li class="muted">无</li>' : '<li class="muted">无权查看</li>'}</ul>`;
  printButtons(document.getElementById('print-record'), (PRINTABLE[type] || (() => []))(record), () => ({ recordId: id }));
  wireEditForm(type, record, path);
  fillRefs(main());
  // every image the record names, where it is named, and all together under 照片与签名
  const gallery = document.getElementById('photos');
  const shas = [];
  $$('#fields .image[data-sha]').forEach(span => {
    if (!shas.includes(span.dataset.sha)) {
      shas.push(span.dataset.sha);
      const caption = span.closest('tr[data-field]') ? fieldName(span.closest('tr[data-field]').dataset.field) : '';
      gallery.insertAdjacentHTML('beforeend', `<figure><span class="image" data-sha="${esc(span.dataset.sha)}"></span><figcaption>${esc(caption)}</figcaption></figure>`);
    }
  });
  if (!shas.length) gallery.innerHTML = '<span class="muted">无</span>';
  const blobs = {};
  for (const span of $$('.image[data-sha]')) {
    const sha = span.dataset.sha;
    try {
      blobs[sha] = blobs[sha] || URL.createObjectURL(await (await api('GET', '/api/attachments/' + sha, undefined, true)).blob());
      span.innerHTML = `<img class="photo" alt="照片或签名" src="${blobs[sha]}">`;
    } catch (e) {
      span.innerHTML = `<span class="muted">（无法读取：${esc(e.message)}）</span>`;
    }
  }
}

// ---- units and persons: found by name, corrected by an administrator ---------------------------

/**
 * The fields of a unit or person an administrator corrects in the console (a unit or person is the
 * administrator's: an inspector's device may create one, never change it). 'yesno' is a fact that may
 * be unrecorded (公职人员, 公务员, 党员: they decide which 处分 a person can receive); a person's
 * posts (任职经历) are edited below the fields, a row each.
 */
const EDITABLE = {
  unit: [['name', 'text'], ['kind', 'unitKinds'], ['creditCode', 'text'], ['address', 'text'], ['industry', 'text']],
  person: [['name', 'text'], ['certificateNumber', 'text'], ['managedBy', 'text'], ['publicOfficial', 'yesno'],
    ['civilServant', 'yesno'], ['partyMember', 'yesno']]
};

/** 未记录 / 是 / 否: a flag left out of the record is not the same as false. */
function yesNo(id, field, value) {
  const choice = value === true ? 'true' : value === false ? 'false' : '';
  return `<select id="${id}" data-field="${field}" data-kind="yesno">${[['', '未记录'], ['true', '是'], ['false', '否']]
    .map(([v, t]) => `<option value="${v}" ${v === choice ? 'selected' : ''}>${t}</option>`).join('')}</select>`;
}

/** One post of a person: the unit (chosen by name), the post, its 领导职责, the first and last day. */
function positionRow(index, post) {
  const p = post || {};
  return `<tr class="position-row">
    <td>${picker('pos-unit-' + index, 'unit', '单位名称')}</td>
    <td><input class="pos-post" value="${esc(p.post || '')}" size="14" placeholder="如 安全科长"></td>
    <td><select class="pos-leadership">${options('posts', p.leadership || 'STAFF')}</select></td>
    <td><input type="date" class="pos-from" value="${esc(p.from || '')}"></td>
    <td><input type="date" class="pos-to" value="${esc(p.to || '')}" title="任职的最后一天；仍在任的留空"></td>
    <td><button type="button" class="remove-position">删除此行</button></td></tr>`;
}

/** A person's posts as the form holds them, each with only what is filled in, in the record's key order. */
function formPositions(form) {
  return $$('.position-row', form).map(row => {
    const post = { unitId: ($('.picker-choice', row) || {}).value || '', post: $('.pos-post', row).value,
      leadership: $('.pos-leadership', row).value, from: $('.pos-from', row).value };
    if ($('.pos-to', row).value) post.to = $('.pos-to', row).value;
    return post;
  });
}

/** The same shape for the record's own posts, so that an untouched list compares equal. */
const samePositions = (list) => JSON.stringify((list || []).map(p => {
  const post = { unitId: p.unitId, post: p.post, leadership: p.leadership, from: p.from };
  if (p.to) post.to = p.to;
  return post;
}));

/** A person's name is their 姓名; elsewhere "name" is a unit's 名称. */
const editLabel = (type, key) => type === 'person' && key === 'name' ? label('fields', 'displayName') : fieldName(key);

function editForm(type, record) {
  const rows = EDITABLE[type].map(([key, kind]) => `<tr><th><label for="edit-${key}">${esc(editLabel(type, key))}</label></th><td>${kind === 'text'
    ? `<input id="edit-${key}" data-field="${key}" value="${esc(record[key] == null ? '' : record[key])}" size="40">`
    : kind === 'yesno' ? yesNo(`edit-${key}`, key, record[key])
    : `<select id="edit-${key}" data-field="${key}">${options(kind, record[key])}</select>`}</td></tr>`).join('');
  const posts = type !== 'person' ? '' : `<h3>任职经历</h3>
    <p class="muted">追责看事发时的职务：卸任的写上最后一天，不要删去；新任职另加一行。</p>
    <table id="edit-positions"><thead><tr><th>单位</th><th>职务</th><th>领导职责</th><th>起始日</th><th>截止日</th><th></th></tr></thead>
    <tbody>${(record.positions || []).map((p, i) => positionRow(i, p)).join('')}</tbody></table>
    <button type="button" id="add-position">添加任职</button>`;
  return `<h2>修改</h2><form id="edit-record" class="card"><table class="form">${rows}</table>${posts}
    <p class="muted">只改动的字段会提交；留空即删去该字段（必填的不能留空）。若他人已先修改，会提示刷新后再改，不会覆盖。</p>
    <button type="submit" id="edit-save">保存修改</button> <span id="edit-error" class="error"></span></form>`;
}

function wireEditForm(type, record, path) {
  const form = document.getElementById('edit-record');
  if (!form) return;
  if (type === 'person') {
    // each post's unit shown by name in its picker; a new row's unit is chosen by typing its name
    (record.positions || []).forEach((p, i) => {
      const choice = $('#pos-unit-' + i + '-choice', form);
      choice.innerHTML = `<option value="${esc(p.unitId)}">${esc(shortId(p.unitId))}</option>`;
      nameOf('unit', p.unitId).then(name => { choice.options[0].textContent = name; });
    });
    let added = (record.positions || []).length;
    const wireRemove = () => $$('.remove-position', form).forEach(b => b.onclick = () => b.closest('tr').remove());
    wireRemove();
    document.getElementById('add-position').onclick = () => {
      $('#edit-positions tbody', form).insertAdjacentHTML('beforeend', positionRow(added++));
      wirePickers(form.querySelector('#edit-positions tbody tr:last-child'));
      wireRemove();
    };
    wirePickers(form);
  }
  form.onsubmit = async (event) => {
    event.preventDefault();
    const changes = {};
    $$('[data-field]', form).forEach(input => {
      const before = record[input.dataset.field] == null ? '' : String(record[input.dataset.field]);
      // typed as is: a blank at a name's end is the server's to refuse, in words, never quietly cut here
      const after = input.value;
      if (after !== before) {
        changes[input.dataset.field] = after === '' ? null : input.dataset.kind === 'yesno' ? after === 'true' : after;
      }
    });
    if (type === 'person') {
      const posts = formPositions(form);
      if (JSON.stringify(posts) !== samePositions(record.positions)) changes.positions = posts;
    }
    const error = document.getElementById('edit-error');
    if (!Object.keys(changes).length) {
      error.textContent = '没有改动';
      return;
    }
    try {
      const saved = await api('PATCH', path, changes, false, { 'If-Match': String(record.version) });
      toast(`已保存：第 ${saved.version} 版`);
      await route();
    } catch (e) {
      showError(error, e);
    }
  };
}

function registryPage() {
  main().innerHTML = `<h1>单位与人员</h1>
    <p class="muted">输入名称的一部分，选择后打开。${state.me.role === 'ADMIN' ? '管理员可在打开的页面上修改名称等信息（检查员的设备只能新建单位和人员，不能修改）。' : ''}</p>
    <div class="filters" id="registry">
      ${picker('r-unit', 'unit', '单位名称')} <button type="button" id="r-open-unit">打开单位</button>
      ${picker('r-person', 'person', '人员姓名')} <button type="button" id="r-open-person">打开人员</button>
      <span id="registry-error" class="error"></span>
    </div>
    <h2>名字需要更正的单位与人员</h2>
    <p class="muted">名字首尾有空格，或含有不换行空格、全角空格等特殊空格的（多在此规则实施前录入）：看起来与另一个名字相同，同一单位或人员在证据中会成为两个，按名字查找也会漏掉。${state.me.role === 'ADMIN' ? '打开后删去多余的空格再保存。' : '请管理员更正。'}</p>
    <button type="button" id="r-misnamed">查找</button>
    <ul id="misnamed"></ul>`;
  wirePickers(main());
  document.getElementById('r-misnamed').onclick = async () => {
    const list = document.getElementById('misnamed');
    list.innerHTML = '<li class="muted">查找中…</li>';
    try {
      const found = [];
      for (const type of ['unit', 'person']) {
        const page = await api('GET', `/api/${COLLECTIONS[type]}?nameProblems=true&limit=500`);
        page.items.forEach(r => found.push([type, r]));
      }
      // the name between quotes: its blanks are what is wrong, and quotes show where it ends
      list.innerHTML = found.length ? found.map(([type, r]) => `<li class="misnamed" data-id="${esc(r.id)}">${esc(label('recordTypes', type))}
          <a href="#/record/${type}/${esc(r.id)}">“${esc(r.name)}”</a>：${esc(r.nameProblem || '')}</li>`).join('')
        : '<li class="muted" id="misnamed-none">没有名字需要更正的单位或人员</li>';
    } catch (e) {
      list.innerHTML = `<li class="error">${esc(e.message)}</li>`;
    }
  };
  [['unit', 'r-unit'], ['person', 'r-person']].forEach(([type, id]) => {
    document.getElementById(`r-open-${type}`).onclick = () => {
      const chosen = pickerValue(id);
      if (!chosen) {
        document.getElementById('registry-error').textContent = `请先输入${type === 'unit' ? '单位名称' : '姓名'}并从列表中选择`;
        return;
      }
      location.hash = `#/record/${type}/${chosen}`;
    };
  });
}

// ---- hidden-danger ledger ---------------------------------------------------------------------

const LEDGER_FILTERS = [['l-jurisdiction', 'jurisdiction'], ['l-grade', 'grade'], ['l-status', 'status']];

async function hazardsPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  main().innerHTML = `<h1>隐患台账</h1>
    <div class="filters" id="ledger-filters">
      ${picker('l-unit', 'unit', '单位名称')}
      <input id="l-jurisdiction" placeholder="行政区划代码前缀" size="14">
      <select id="l-grade"><option value="">全部等级</option>${options('hazardGrades')}</select>
      <select id="l-status"><option value="">全部状态</option>${options('hazardStatus')}</select>
      <label><input type="checkbox" id="l-overdue"> 仅逾期</label>
      <label><input type="checkbox" id="l-listed"> 仅挂牌督办</label>
      <button id="l-apply" type="button">查询</button>
      <button id="export-csv" type="button">导出 CSV</button>
      <button id="export-xlsx" type="button">导出 XLSX</button>
      <span class="print-slot" id="print-ledger"></span>
    </div>
    <p id="ledger-error" class="error"></p>
    <p id="ledger-total" class="muted"></p>
    <table id="ledger"><thead><tr><th>单位</th><th>等级</th><th>隐患描述</th><th>发现时间</th><th>整改期限</th><th>状态</th><th>挂牌督办</th></tr></thead><tbody></tbody></table>`;
  wirePickers(main());
  for (const [id, key] of LEDGER_FILTERS) document.getElementById(id).value = params.get(key) || '';
  const unit = params.get('unit');
  const unitChoice = document.getElementById('l-unit-choice');
  unitChoice.innerHTML = '<option value="">全部单位</option>';
  if (unit) {
    unitChoice.insertAdjacentHTML('beforeend', `<option value="${esc(unit)}" selected>…</option>`);
    nameOf('unit', unit).then(n => { unitChoice.options[1].textContent = n; });
  }
  document.getElementById('l-overdue').checked = params.get('overdue') === 'true';
  document.getElementById('l-listed').checked = params.get('listed') === 'true';
  const query = () => {
    const q = new URLSearchParams();
    if (unitChoice.value) q.set('unit', unitChoice.value);
    for (const [id, key] of LEDGER_FILTERS) {
      const v = document.getElementById(id).value.trim();
      if (v) q.set(key, v);
    }
    if (document.getElementById('l-overdue').checked) q.set('overdue', 'true');
    if (document.getElementById('l-listed').checked) q.set('listed', 'true');
    return q;
  };
  document.getElementById('l-apply').onclick = () => { location.hash = '#/hazards?' + query().toString(); };
  document.getElementById('export-csv').onclick = () => download('GET', '/api/hazards/export?format=csv&' + query(), undefined, 'hazard-ledger.csv');
  printButtons(document.getElementById('print-ledger'), [['HAZARD_LEDGER', '打印隐患台账']],
    () => ({ filter: Object.fromEntries(query().entries()) }));
  document.getElementById('export-xlsx').onclick = () => download('GET', '/api/hazards/export?format=xlsx&' + query(), undefined, 'hazard-ledger.xlsx');
  params.set('limit', '500');
  let list;
  try {
    list = await api('GET', '/api/hazards?' + params.toString());
  } catch (e) {
    // a filter the server refuses: say so here, keep what was typed, show no rows
    showError(document.getElementById('ledger-error'), e);
    document.querySelector('#ledger tbody').innerHTML = '<tr><td colspan="7" class="muted">请修改查询条件</td></tr>';
    return;
  }
  document.getElementById('ledger-total').textContent = `共 ${list.total} 条${list.total > list.items.length ? '，每页 500 条；导出为全部' : ''}`;
  if (list.nextCursor) {
    const next = new URLSearchParams(params);
    next.delete('limit');
    next.set('cursor', list.nextCursor);
    document.getElementById('ledger-total').insertAdjacentHTML('beforeend', ` <a id="ledger-next" href="#/hazards?${esc(next.toString())}">下一页</a>`);
  }
  const body = document.querySelector('#ledger tbody');
  body.innerHTML = list.items.map(h => {
    const listing = (h.supervisionListing || []).slice(-1)[0];
    return `<tr class="hazard-row ${h.overdue ? 'overdue' : ''}" data-id="${esc(h.id)}">
      <td>${ref('unit', h.unitId)}</td><td>${esc(label('hazardGrades', h.grade))}</td>
      <td><a href="#/record/hazard/${esc(h.id)}">${esc(h.description)}</a> <span class="muted">${esc(shortId(h.id))}</span></td><td>${esc(when(h.foundAt))}</td>
      <td>${esc(when(h.deadline))}${h.overdue ? ' <b>逾期</b>' : ''}</td><td>${esc(label('hazardStatus', h.status))}</td>
      <td>${listing && listing.event === 'LISTED' ? esc(label('listingLevels', listing.level) + '挂牌 ' + listing.documentNumber) : ''}${
        h.escalateTo ? ' → 升级至' + esc(label('listingLevels', h.escalateTo)) + '督办' : ''}</td>
    </tr>`;
  }).join('') || '<tr><td colspan="7" class="muted">没有隐患</td></tr>';
  fillRefs(body);
}

/** Statuses of a danger already rectified (HazardLifecycle.isRectified on the server). */
const RECTIFIED_STATUSES = ['RECTIFIED', 'VERIFIED', 'ASSESSED', 'RESUMPTION_REQUESTED', 'CLOSED_OUT'];

/**
 * Whether a new 责令限期整改指令书 applies (安全生产法 arts 65, 102): a deadline, not yet past, and the
 * danger not yet rectified; orders issued earlier stay in the record's document list.
 */
function orderApplies(r) {
  return Boolean(r.deadline) && r.deadline >= today() && !RECTIFIED_STATUSES.includes(r.status || 'REGISTERED');
}

/** The documents a record can be printed as (the server refuses the others with document_not_applicable). */
const PRINTABLE = {
  inspection: r => r.status === 'SEALED' ? [['INSPECTION_RECORD', '打印现场检查记录']] : [],
  hazard: r => (orderApplies(r) ? [['RECTIFICATION_ORDER', '打印责令限期整改指令书']] : []).concat(
    (r.reinspections && r.reinspections.length) || r.verifiedAt || r.closeOutReview ? [['REINSPECTION_OPINION', '打印整改复查意见书']] : [])
};

/**
 * 打印 buttons: the server numbers each document per kind and year, logs its number and SHA-256 in
 * the audit chain and answers the PDF (POST /api/documents); the same content printed again keeps
 * its number.
 */
function printButtons(slot, docs, subject) {
  if (!slot) return;
  slot.innerHTML = docs.map(([kind, text]) => `<button type="button" class="print" data-kind="${esc(kind)}">${esc(text)}</button>`).join(' ');
  slot.querySelectorAll('button.print').forEach(button => {
    button.onclick = async () => {
      try {
        const response = await api('POST', '/api/documents', Object.assign({ kind: button.dataset.kind }, subject()), true);
        const number = decodeURIComponent(response.headers.get('X-Fieldsync-Document-Number') || '');
        const sha = response.headers.get('X-Fieldsync-Document-Sha256') || '';
        await saveDownload(response, (number || 'document') + '.pdf');
        toast('已出具 ' + number + '（SHA-256：' + sha + '）');
      } catch (e) {
        toast('打印失败：' + e.message);
      }
    };
  });
}

async function saveDownload(response, fallbackName) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  const blob = await response.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = match ? match[1] : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  return a.download;
}

async function download(method, path, body, fallbackName) {
  try {
    toast('已导出 ' + await saveDownload(await api(method, path, body, true), fallbackName));
  } catch (e) {
    toast('导出失败：' + e.message);
  }
}

// ---- administration: conflicts -------------------------------------------------------------------

/** How a field's merged value is typed in; unlisted fields follow their value's own kind. */
const FIELD_INPUTS = { deadline: 'date', rectificationCompletedAt: 'date', verifiedAt: 'date', signedAt: 'datetime',
  foundAt: 'datetime', startedAt: 'datetime', endedAt: 'datetime', description: 'textarea', photos: 'list', findings: 'list',
  notes: 'list', deleted: 'boolean' };

function inputKind(field, recordType, sample) {
  if (FIELD_INPUTS[field]) return FIELD_INPUTS[field];
  if (sectionOf(field, recordType)) return 'choice';
  if (Array.isArray(sample) && sample.every(v => typeof v !== 'object')) return 'list';
  if (typeof sample === 'boolean') return 'boolean';
  if (typeof sample === 'number') return 'number';
  if (sample !== null && typeof sample === 'object') return 'json';
  return 'text';
}

/** "2026-11-06T09:30:00+08:00" as a datetime-local value in the server's zone. */
function localInput(iso) {
  if (!iso) return '';
  const p = zoneParts(new Date(iso));
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}T${p.hour}:${p.minute}`;
}

function mergedInput(field, recordType, value) {
  const kind = inputKind(field, recordType, value);
  const attrs = `class="merged-value" data-field="${esc(field)}" data-kind="${kind}"`;
  switch (kind) {
    case 'date': return `<input type="date" ${attrs} value="${esc(value || '')}">`;
    case 'datetime': return `<input type="datetime-local" ${attrs} value="${esc(localInput(value))}">`;
    case 'choice': return `<select ${attrs}>${options(sectionOf(field, recordType), value)}</select>`;
    case 'boolean': return `<select ${attrs}><option value="false" ${value ? '' : 'selected'}>否</option><option value="true" ${value ? 'selected' : ''}>是</option></select>`;
    case 'number': return `<input type="number" ${attrs} value="${esc(value === undefined ? '' : value)}">`;
    case 'list': return `<textarea ${attrs} rows="3" cols="24" placeholder="每行一项">${esc([].concat(value || []).join('\n'))}</textarea>`;
    case 'textarea': return `<textarea ${attrs} rows="2" cols="24">${esc(value || '')}</textarea>`;
    case 'json': return `<textarea ${attrs} rows="3" cols="24">${esc(JSON.stringify(value, null, 1))}</textarea>`;
    default: return `<input ${attrs} value="${esc(value === undefined || value === null ? '' : value)}">`;
  }
}

function mergedValue(input) {
  const v = input.value;
  switch (input.dataset.kind) {
    case 'datetime': return zoned(v);
    case 'boolean': return v === 'true';
    case 'number': return v === '' ? null : Number(v);
    case 'list': return v.split('\n').map(s => s.trim()).filter(Boolean);
    case 'json': return JSON.parse(v);
    default: return v;
  }
}

async function conflictsPage() {
  const list = await api('GET', '/api/conflicts?status=OPEN&limit=100');
  const resolved = await api('GET', '/api/conflicts?status=RESOLVED&limit=500');
  const done = resolved.items.slice().sort((a, b) => String(b.resolvedAt).localeCompare(String(a.resolvedAt)));
  main().innerHTML = `<h1>同步冲突</h1><p class="muted">同一字段在服务器和设备上被改成了不同的值。服务器暂存服务器值；请选择处理方式，处理结果将同步到所有设备。</p>
    <div id="conflicts">${list.items.map(renderConflict).join('') || '<p id="no-conflicts" class="muted">没有待处理的冲突</p>'}</div>
    <h2>已处理的冲突</h2>
    <table id="resolved-conflicts"><thead><tr><th>处理时间</th><th>处理人</th><th>记录</th><th>处理方式</th><th>采用的值</th><th>冲突发生</th></tr></thead><tbody>
    ${done.map(c => `<tr class="resolved-conflict" data-id="${esc(c.id)}"><td>${esc(when(c.resolvedAt))}</td><td>${userName(c.resolvedBy)}</td>
      <td>${ref(c.recordType, c.recordId)}</td><td>${esc(label('conflictResolutions', c.resolution))}</td>
      <td>${Object.entries(c.resolvedValues || {}).map(([f, v]) => `${esc(fieldName(f))}：${fieldValue(f, v, c.recordType)}`).join('<br>')}</td>
      <td>${esc(when(c.createdAt))}，${userName(c.user)}的设备</td></tr>`).join('') || '<tr><td colspan="6" class="muted">无</td></tr>'}</tbody></table>`;
  fillRefs(main());
  $$('.resolve').forEach(b => b.onclick = async () => {
    const box = b.closest('.conflict');
    // the version this page showed: if the record changed since, the server refuses (stale_resolution)
    // and the device's edits it held: a later edit of that device joins the conflict without a new record version
    const body = { resolution: b.dataset.resolution, version: Number(box.dataset.version), deviceVersion: Number(box.dataset.deviceVersion) };
    if (b.dataset.resolution === 'MERGED') {
      body.values = {};
      try {
        $$('.merged-value', box).forEach(input => { body.values[input.dataset.field] = mergedValue(input); });
      } catch (e) {
        toast('合并值的格式不正确，请检查');
        return;
      }
    }
    try {
      await api('POST', `/api/conflicts/${box.dataset.id}/resolve`, body);
      toast('冲突已处理');
      conflictsPage();
    } catch (e) {
      if (e.code === 'stale_resolution') {
        // someone changed the record after this page was drawn: show its values now, decide again
        await conflictsPage();
        toast('记录或设备的修改在您查看后有了变化，已重新载入，请再次确认处理方式');
      } else {
        toast(e.message);
      }
    }
  });
}

/** Two JSON values alike (a conflict's base, server and device values). */
function sameValue(a, b) {
  return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
}

function renderConflict(c) {
  const changed = (c.changedSince || []);
  const show = (field, v) => (v === undefined ? '<span class="muted">（无）</span>' : fieldValue(field, v, c.recordType) || '<span class="muted">（空）</span>');
  // 安全生产法 art 68: a signature given on content that changed since; the server refuses to apply it
  const signedOn = Object.values(c.fields).map(v => v.signedOnOtherContent).find(Boolean);
  return `<div class="card conflict" data-id="${esc(c.id)}" data-record="${esc(c.recordId)}" data-version="${esc(c.currentVersion)}" data-device-version="${esc(c.deviceVersion)}">
    <div>${esc(label('recordTypes', c.recordType))}：${ref(c.recordType, c.recordId)}
      · 设备用户 ${userName(c.user)} · ${esc(when(c.createdAt))} · 记录当前为第 ${esc(c.currentVersion)} 版</div>
    ${signedOn ? `<p class="signed-on-other-content"><b>签字所依据的内容已改变</b>：${esc(signedOn.message)}</p>` : ''}
    ${changed.length ? `<p class="changed-since"><b>冲突产生后记录又被修改</b>（${esc(changed.map(fieldName).join('、'))}）：请以“当前值”为准再决定。</p>` : ''}
    <table><thead><tr><th>字段</th><th>原值（共同基础）</th><th>服务器值（冲突时）</th><th>当前值</th><th>设备值（最新）</th><th>合并值</th></tr></thead><tbody>
    ${Object.entries(c.fields).map(([field, v]) => `<tr class="conflict-field ${v.changedSince ? 'changed' : ''}" data-field="${esc(field)}">
      <td>${esc(fieldName(field))}</td><td class="base">${show(field, v.base)}</td><td class="server">${show(field, v.server)}</td>
      <td class="current">${show(field, v.current)}${v.changedSince ? ' <b>已变</b>' : ''}</td>
      <td class="device">${show(field, v.device)}${sameValue(v.device, v.base) && !sameValue(v.device, v.server)
        ? '<br><span class="muted untouched">设备未改此项（是它修改前看到的值，随它的其他修改一并待定）</span>' : ''}${(v.earlierDeviceValues || []).length
        ? `<br><span class="muted earlier">此前：${v.earlierDeviceValues.map(x => show(field, x)).join('、')}</span>` : ''}</td>
      <td>${mergedInput(field, c.recordType, v.current !== undefined ? v.current : v.server)}</td></tr>`).join('')}
    </tbody></table>
    <button type="button" class="resolve resolve-server" data-resolution="SERVER">采用当前值</button>
    <button type="button" class="resolve resolve-device" data-resolution="DEVICE">采用设备值</button>
    <button type="button" class="resolve resolve-merged" data-resolution="MERGED">采用合并值</button>
  </div>`;
}

async function devicesPage() {
  const list = await api('GET', '/api/devices');
  main().innerHTML = `<h1>设备</h1><table id="devices"><thead><tr><th>设备</th><th>用户</th><th>注册时间</th><th>最近同步</th><th>状态</th><th></th></tr></thead><tbody>
    ${list.items.map(d => `<tr class="device-row" data-id="${esc(d.id)}"><td>${esc(d.name)}<br><span class="muted" title="${esc(d.id)}">设备编号 ${esc(shortId(d.id))}</span></td>
      <td>${userName(d.user)}</td><td>${esc(when(d.enrolledAt))}</td><td>${esc(d.lastSyncAt ? when(d.lastSyncAt) : '从未')}</td>
      <td>${d.revokedAt ? '已吊销（' + userName(d.revokedBy) + '，' + esc(when(d.revokedAt)) + '）' + esc(d.revokeReason || '') : '正常'}</td>
      <td>${d.revokedAt ? '' : `<input class="revoke-reason" placeholder="吊销原因"> <button type="button" class="revoke">吊销</button>`}</td></tr>`).join('')}
    </tbody></table>`;
  fillUsers(main());
  $$('.revoke').forEach(b => b.onclick = async () => {
    const row = b.closest('tr');
    await api('POST', `/api/devices/${row.dataset.id}/revoke`, { reason: row.querySelector('.revoke-reason').value || null });
    toast('设备已吊销');
    devicesPage();
  });
}

async function usersPage() {
  const list = await api('GET', '/api/admin/users');
  main().innerHTML = `<h1>用户</h1>
    <table id="users"><thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>辖区</th><th>单位</th><th>案件</th><th>状态</th></tr></thead><tbody>
    ${list.items.map(u => `<tr class="user-row" data-username="${esc(u.username)}"><td>${esc(u.username)}</td><td>${esc(u.displayName || '')}</td><td>${esc(label('roles', u.role))}</td>
      <td>${u.role === 'ADMIN' ? '全部' : `<input class="user-jurisdictions" value="${esc(u.jurisdictions.join(','))}" size="16">
        <button type="button" class="save-scope">保存辖区</button>`}</td>
      <td>${esc(u.units.length)}</td><td>${esc(u.cases.length)}</td>
      <td>${u.disabled ? '停用' : '正常'}${u.username === 'admin' ? '' : ` <button type="button" class="toggle-user">${u.disabled ? '启用' : '停用'}</button>`}</td></tr>`).join('')}
    </tbody></table>
    <h2>新建用户</h2>
    <form class="card" id="new-user">
      <input id="u-name" placeholder="用户名" required> <input id="u-display" placeholder="姓名"> <input id="u-password" type="password" placeholder="密码（至少8位）" required>
      <select id="u-role">${options('roles', 'INSPECTOR')}</select>
      <input id="u-jurisdictions" placeholder="辖区代码，逗号分隔，如 370686">
      <button type="submit" id="u-create">创建</button> <span id="u-error" class="error"></span>
    </form>`;
  $$('.save-scope').forEach(b => b.onclick = async () => {
    const row = b.closest('tr');
    try {
      await api('PATCH', '/api/admin/users/' + encodeURIComponent(row.dataset.username),
        { jurisdictions: row.querySelector('.user-jurisdictions').value.split(/[,，\s]+/).filter(Boolean) });
      toast('辖区已保存');
      usersPage();
    } catch (e) {
      toast(e.message);
    }
  });
  $$('.toggle-user').forEach(b => b.onclick = async () => {
    const row = b.closest('tr');
    await api('PATCH', '/api/admin/users/' + encodeURIComponent(row.dataset.username), { disabled: b.textContent === '停用' });
    usersPage();
  });
  document.getElementById('new-user').onsubmit = async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/api/admin/users', {
        username: document.getElementById('u-name').value.trim(),
        displayName: document.getElementById('u-display').value.trim() || undefined,
        password: document.getElementById('u-password').value,
        role: document.getElementById('u-role').value,
        jurisdictions: document.getElementById('u-jurisdictions').value.split(/[,，\s]+/).filter(Boolean)
      });
      toast('用户已创建');
      usersPage();
    } catch (e) {
      showError(document.getElementById('u-error'), e);
    }
  };
}

/** An operation a device sent, in words: what it did to which record. */
function operationText(op) {
  const kind = op.delete ? '删除' : op.baseVersion === 0 ? '新建' : '修改';
  const fields = op.fields && typeof op.fields === 'object' ? Object.keys(op.fields).map(fieldName).join('、') : '';
  return `${kind}${label('recordTypes', op.type)}${fields ? '（' + fields + '）' : ''}`;
}

async function rejectedPage() {
  const rejected = await api('GET', '/api/sync/rejected?limit=200');
  const quarantine = await api('GET', '/api/devices/quarantine?limit=200');
  const held = await api('GET', '/api/sync/held?limit=200');
  main().innerHTML = `<h1>暂缓接收的操作</h1>
    <p class="muted">所需的记录、照片尚未到达，或已超出该用户当前的管辖范围：操作保留在设备上，每次同步时重发；在此可见，直至被接受或撤回。</p>
    <table id="held"><thead><tr><th>首次</th><th>最近</th><th>用户</th><th>记录</th><th>原因</th><th>次数</th></tr></thead><tbody>
    ${held.items.map(h => `<tr><td>${esc(when(h.firstAt))}</td><td>${esc(when(h.lastAt))}</td><td>${userName(h.user)}</td>
      <td>${esc(label('recordTypes', h.recordType))} ${ref(h.recordType, h.recordId)}</td>
      <td>${esc(label('held', h.code))}</td><td>${esc(h.attempts)}</td></tr>`).join('') || '<tr><td colspan="6" class="muted">无</td></tr>'}</tbody></table>
    <h1>拒收的操作</h1>
    <table id="rejected"><thead><tr><th>时间</th><th>用户</th><th>记录</th><th>原因</th></tr></thead><tbody>
    ${rejected.items.map(r => `<tr><td>${esc(when(r.createdAt))}</td><td>${userName(r.user)}</td>
      <td>${esc(label('recordTypes', r.recordType))} ${ref(r.recordType, r.recordId)}</td>
      <td title="${esc(r.message)}">${esc(label('errors', r.code))}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">无</td></tr>'}</tbody></table>
    <h1>隔离的推送（已吊销设备）</h1>
    <table id="quarantine"><thead><tr><th>时间</th><th>设备</th><th>用户</th><th>操作数</th><th>内容</th></tr></thead><tbody>
    ${quarantine.items.map(q => `<tr><td>${esc(when(q.receivedAt))}</td><td title="${esc(q.deviceId)}">${esc(q.deviceName || shortId(q.deviceId))}</td><td>${userName(q.user)}</td>
      <td>${esc(q.count)}</td><td><ol class="plain">${[].concat(q.operations || []).map(op => `<li>${esc(operationText(op))}</li>`).join('')}</ol></td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">无</td></tr>'}</tbody></table>`;
  fillRefs(main());
}

// ---- statistics ---------------------------------------------------------------------------------

/** Apache ECharts, served by the server from its WebJar (no CDN: the console works without internet). */
function loadCharts() {
  if (!loadCharts.promise) {
    loadCharts.promise = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/console/vendor/echarts/echarts.min.js';
      script.onload = () => resolve(window.echarts);
      script.onerror = () => reject(new Error('图表组件无法加载'));
      document.head.appendChild(script);
    });
  }
  return loadCharts.promise;
}

const percent = (rate) => (Math.round(rate * 1000) / 10) + '%';

function countTable(id, section, counts) {
  const rows = Object.entries(counts || {});
  return `<table id="${id}" class="counts"><tbody>${rows.map(([code, n]) => `<tr><th>${esc(section ? label(section, code) : code)}</th><td>${esc(n)}</td></tr>`).join('')
    || '<tr><td class="muted">无</td></tr>'}</tbody></table>`;
}

function monthName(month) {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

async function statisticsPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const jurisdiction = params.get('jurisdiction') || (state.me.jurisdictions || [])[0] || '';
  main().innerHTML = `<h1>统计</h1>
    <div class="filters"><input id="s-jurisdiction" value="${esc(jurisdiction)}" placeholder="县（市、区）或市的行政区划代码，如 370686、3706" size="30">
      <button id="s-apply" type="button">统计</button> <span id="s-error" class="error"></span></div>
    <div id="statistics"></div>`;
  document.getElementById('s-apply').onclick = () => {
    location.hash = '#/statistics?jurisdiction=' + encodeURIComponent(document.getElementById('s-jurisdiction').value.trim());
  };
  let s;
  try {
    s = await api('GET', '/api/statistics' + (jurisdiction ? '?jurisdiction=' + encodeURIComponent(jurisdiction) : ''));
  } catch (e) {
    showError(document.getElementById('s-error'), e);
    return;
  }
  const h = s.hazards;
  const c = s.cases;
  document.getElementById('statistics').innerHTML = `
    <div class="card figures" id="hazard-figures">隐患 <b>${esc(h.total)}</b> 项；逾期未整改 <b>${esc(h.overdue)}</b> 项（逾期率 <b id="overdue-rate">${esc(percent(h.overdueRate))}</b>）；
      已整改 <b>${esc(h.rectified)}</b> 项（整改率 <b id="rectification-rate">${esc(percent(h.rectificationRate))}</b>）；
      挂牌督办 <b>${esc(h.listed.length)}</b> 项。案件 <b>${esc(c.total)}</b> 件，超期 <b>${esc(c.overdue)}</b> 件。
      <div class="muted">逾期率＝逾期未整改隐患数÷隐患总数；整改率＝已整改（含复查验收、评估、销号）隐患数÷隐患总数。</div></div>
    <div class="charts">
      <section><h2>隐患等级</h2><div class="chart" id="chart-grade"></div>${countTable('by-grade', 'hazardGrades', h.byGrade)}</section>
      <section><h2>隐患状态</h2><div class="chart" id="chart-status"></div>${countTable('by-status', 'hazardStatus', h.byStatus)}</section>
      <section><h2>按月发现的隐患</h2><div class="chart" id="chart-month"></div></section>
      <section><h2>各单位隐患</h2><div class="chart" id="chart-unit"></div>
        <table id="by-unit" class="counts"><thead><tr><th>单位</th><th>隐患</th><th>逾期</th></tr></thead><tbody>${h.byUnit.map(u =>
          `<tr><td><a href="#/record/unit/${esc(u.unitId)}">${esc(u.name)}</a></td><td>${esc(u.total)}</td><td>${esc(u.overdue)}</td></tr>`).join('')}</tbody></table></section>
      <section><h2>案件等级</h2><div class="chart" id="chart-case-grade"></div>${countTable('cases-by-grade', 'accidentGrades', c.byGrade)}</section>
      <section><h2>案件状态</h2><div class="chart" id="chart-case-status"></div>${countTable('cases-by-status', 'caseStatus', c.byStatus)}</section>
    </div>
    <h2>挂牌督办的隐患</h2>
    <table id="listed"><thead><tr><th>单位</th><th>隐患</th><th>督办级别</th><th>文号</th><th>整改期限</th></tr></thead><tbody>${h.listed.map(x =>
      `<tr class="${x.overdue ? 'overdue' : ''}"><td><a href="#/record/unit/${esc(x.unitId)}">${esc(x.unitName)}</a></td>
        <td><a href="#/record/hazard/${esc(x.id)}">${esc(x.description)}</a></td><td>${esc(label('listingLevels', x.level))}</td>
        <td>${esc(x.documentNumber)}</td><td>${esc(when(x.deadline))}${x.overdue ? ' <b>逾期</b>' : ''}</td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">无</td></tr>'}</tbody></table>`;
  let echarts;
  try {
    echarts = await loadCharts();
  } catch (e) {
    showError(document.getElementById('s-error'), e);
    return;
  }
  const named = (section, counts) => Object.entries(counts || {}).map(([code, n]) => ({ name: label(section, code), value: n }));
  const pie = (id, data) => echarts.init(document.getElementById(id)).setOption({
    animation: false, tooltip: { trigger: 'item' }, series: [{ type: 'pie', radius: '65%', data, label: { formatter: '{b}：{c}' } }]
  });
  const bars = (id, data, horizontal) => echarts.init(document.getElementById(id)).setOption({
    animation: false, tooltip: {}, grid: { left: horizontal ? 160 : 40, right: 20, top: 20, bottom: 60 },
    [horizontal ? 'yAxis' : 'xAxis']: { type: 'category', data: data.map(d => d.name), axisLabel: { interval: 0, rotate: horizontal ? 0 : 30 } },
    [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.map(d => d.value), label: { show: true, position: horizontal ? 'right' : 'top' } }]
  });
  pie('chart-grade', named('hazardGrades', h.byGrade));
  bars('chart-status', named('hazardStatus', h.byStatus));
  bars('chart-month', Object.entries(h.byMonth).map(([m, n]) => ({ name: monthName(m), value: n })));
  bars('chart-unit', h.byUnit.slice(0, 10).map(u => ({ name: u.name, value: u.total })).reverse(), true);
  pie('chart-case-grade', named('accidentGrades', c.byGrade));
  bars('chart-case-status', named('caseStatus', c.byStatus));
}

// ---- routing ----------------------------------------------------------------------------------

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('?')[0].split('/');
  const page = parts[0] || 'home';
  if (!state.token) {
    renderChrome();
    loginPage();
    return;
  }
  if (!state.me) {
    try {
      await loadMe();
    } catch (e) {
      return;
    }
  }
  if (page === 'login') {
    location.hash = '#/home';
    return;
  }
  renderChrome();
  const allowed = PAGES[page];
  if (!allowed || !allowed.includes(state.me.role)) {
    forbiddenPage();
    return;
  }
  main().innerHTML = '<p class="muted">加载中…</p>';
  try {
    switch (page) {
      case 'cases': await casesPage(); break;
      case 'case': await casePage(parts[1]); break;
      case 'record': await recordPage(parts[1], parts[2]); break;
      case 'hazards': await hazardsPage(); break;
      case 'statistics': await statisticsPage(); break;
      case 'conflicts': await conflictsPage(); break;
      case 'devices': await devicesPage(); break;
      case 'users': await usersPage(); break;
      case 'rejected': await rejectedPage(); break;
      case 'registry': registryPage(); break;
      default: homePage();
    }
  } catch (e) {
    main().innerHTML = `<h1 id="page-error">无法打开</h1><p class="error" title="${esc(e.detail || '')}">${esc(e.message)}</p>`;
  }
}

/** The catalogue first: nothing is drawn before every code has its name. */
async function start() {
  try {
    L = await api('GET', '/api/labels');
  } catch (e) {
    main().innerHTML = `<h1 id="page-error">无法连接服务器</h1><p class="error">${esc(e.message)}</p>`;
    return;
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
