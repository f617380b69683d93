'use strict';
/*
 * The inspector's app: plain JavaScript over the local JSON API of `fieldsync app` (no framework,
 * nothing from the internet). Every name of a code comes from the label catalogue the API serves
 * (/api/labels); every check of a document is the device's own (/api/check), said in Chinese.
 * Pages are built in the browser only, so the same files run in an Android WebView.
 */

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
const main = () => $('#main');

let L = {};            // the label catalogue
let device = {};       // /api/state
let units = [];
let persons = [];
let templates = [];

/* ---------- small helpers ---------- */

function esc(text) {
  return String(text == null ? '' : text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function label(section, code) {
  return (L[section] && L[section][code]) || code || '';
}

function pad2(n) { return String(Math.floor(Math.abs(n))).padStart(2, '0'); }

/*
 * Every time is shown and typed in the zone the server counts days in and the console and search
 * use (fieldsync.zone, China Standard Time: /api/state says which), whatever zone the phone is set
 * to: one record reads the same on every screen.
 */
const ZONE_DEFAULT = 'Asia/Shanghai';
function zone() { return (device && device.zone) || ZONE_DEFAULT; }

/** The wall-clock fields of an instant in the zone, and the zone's offset then (minutes east of UTC). */
function zoned(d) {
  const parts = {};
  new Intl.DateTimeFormat('en-US', { timeZone: zone(), hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(d).forEach(p => { parts[p.type] = Number(p.value); });
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  parts.offset = Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60000);
  return parts;
}

/** RFC 3339 in the zone, with its offset, as the schemas want it (2026-11-30T09:30:00+08:00). */
function isoWithOffset(d) {
  const z = zoned(d);
  const off = z.offset;
  return z.year + '-' + pad2(z.month) + '-' + pad2(z.day) + 'T' + pad2(z.hour) + ':' + pad2(z.minute) + ':' + pad2(z.second)
    + (off >= 0 ? '+' : '-') + pad2(off / 60) + ':' + pad2(off % 60);
}

/** The value of a datetime-local field showing the instant in the zone. */
function localInputValue(d) {
  const z = zoned(d);
  return z.year + '-' + pad2(z.month) + '-' + pad2(z.day) + 'T' + pad2(z.hour) + ':' + pad2(z.minute);
}

/** What a datetime-local field holds (a wall time in the zone) as an instant, RFC 3339 with the zone's offset. */
function fromInputValue(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // the zone's offset at that wall time (checked twice: a change of offset lies between)
  let instant = wall - zoned(new Date(wall)).offset * 60000;
  instant = wall - zoned(new Date(instant)).offset * 60000;
  return isoWithOffset(new Date(instant));
}

/** A moment as the inspector reads it, with its year, in the zone: 2026年11月30日 09:30. */
function shortTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  const z = zoned(d);
  return z.year + '年' + z.month + '月' + z.day + '日 ' + pad2(z.hour) + ':' + pad2(z.minute);
}

/** A day (2026-11-30, a deadline) as the inspector reads it: 2026年11月30日. */
function chineseDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  return m ? m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : (day || '');
}

function toast(message, bad) {
  const t = $('#toast');
  t.textContent = message;
  t.className = bad ? 'bad' : '';
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, bad ? 8000 : 2500);
}

class ApiError extends Error {
  constructor(status, data) {
    super((data && data.message) || ('请求失败（' + status + '）'));
    this.status = status;
    this.data = data || {};
  }
}

/*
 * This launch's token (the address fieldsync app printed: /?launch=TOKEN), kept in this tab's
 * sessionStorage, which belongs to this origin alone (a cookie would also reach every other server
 * on 127.0.0.1), and taken out of the address bar at once.
 */
const TOKEN_KEY = 'fieldsync.launch';
(function takeLaunchToken() {
  const given = new URLSearchParams(location.search).get('launch');
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    history.replaceState(null, '', '/' + location.hash);
  }
})();

async function api(method, path, body, contentType) {
  const options = { method, headers: { 'X-Fieldsync-Token': sessionStorage.getItem(TOKEN_KEY) || '' }, credentials: 'omit' };
  if (body instanceof Blob) {
    options.body = body;
    options.headers['Content-Type'] = contentType || body.type || 'image/jpeg';
  } else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch('/api' + path, options);
  } catch (e) {
    throw new ApiError(0, { message: '本机应用没有响应：请确认 fieldsync app 仍在运行' });
  }
  const text = await response.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { message: text }; }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/* ---------- sync bar: progress, automatic rounds ---------- */

let syncPolling = null;

function renderSync(sync) {
  const bar = $('#syncbar');
  const text = $('#sync-text');
  const progress = $('#sync-progress');
  bar.className = '';
  // what a round left, for whoever waits on it (the browser test): when it ended, and whether one runs
  bar.setAttribute('data-running', String(!!sync.running));
  bar.setAttribute('data-last', sync.last ? sync.last.at : '');
  if (!device.enrolled) {
    text.textContent = '本设备尚未登记';
    progress.hidden = true;
    return;
  }
  if (sync.running) {
    progress.hidden = false;
    if (sync.phase === 'PUSH' && sync.total > 0) {
      progress.value = Math.round(100 * sync.done / sync.total);
      text.textContent = '正在同步：发送 ' + sync.done + ' / ' + sync.total;
    } else {
      progress.removeAttribute('value');
      text.textContent = sync.phase === 'PULL' ? '正在同步：接收更新 ' + sync.done + ' 项' : '正在同步…';
    }
    return;
  }
  progress.hidden = true;
  const last = sync.last;
  // refused changes are in the outbox too, but they wait for the inspector, not for the network
  const waiting = device.pending > 0 && !device.needsAttention ? '，' + device.pending + ' 项等待同步' : '';
  if (last && !last.ok) {
    bar.className = last.offline ? 'offline' : 'bad';
    text.textContent = last.message + waiting;
    // the session ended: log in again, but never by leaving a form the inspector is filling
    if (last.login && location.hash !== '#/login') {
      if (showsSyncStates(location.hash)) {
        location.hash = '#/login';
      } else {
        text.textContent = last.message + '（保存当前内容后，点此重新登录）';
        text.onclick = () => { text.onclick = null; location.hash = '#/login'; };
      }
    }
  } else if (last) {
    text.textContent = last.message + ' · ' + shortTime(last.at) + waiting;
  } else {
    text.textContent = (device.lastSync ? '上次同步 ' + shortTime(device.lastSync) : '尚未同步') + waiting;
  }
}

async function refreshState() {
  device = await api('GET', '/state');
  renderSync(device.sync);
  return device;
}

async function startSync() {
  if (!device.enrolled) return;
  const sync = await api('POST', '/sync');
  renderSync(sync);
  watchSync();
}

/** The pages that only display records and their sync states: home, the list, one record. */
function showsSyncStates(hash) {
  return /^(#?\/?|#\/records(\?.*)?|#\/withdrawn|#\/record\/[0-9a-f-]{36})$/.test(hash || '');
}

function watchSync() {
  if (syncPolling) return;
  syncPolling = setInterval(async () => {
    try {
      const sync = await api('GET', '/sync');
      if (!sync.running) {
        clearInterval(syncPolling);
        syncPolling = null;
        await refreshState();
        await showRound();
        return;
      }
      renderSync(sync);
    } catch (e) {
      clearInterval(syncPolling);
      syncPolling = null;
    }
  }, 500);
}

/**
 * Shows on the page open now what a round left, in place: the home screen's counts, the list's
 * cards (its search words and how far it was scrolled stay), a record's page. No page is left and
 * no form redrawn: a form being filled (an inspection, a danger, a pledge, a signature) only gets
 * the units and people the round brought, which its pickers and checks use from then on — a name
 * typed while the first sync was still running is found once it ends, without typing it again.
 * Then the sync bar says which round the page shows ({@code data-shown}), for whoever waits on it.
 */
async function showRound() {
  const round = device.sync && device.sync.last ? device.sync.last.at : '';
  try {
    if (pageRefresh) {
      await pageRefresh();
    } else if (showsSyncStates(location.hash)) {
      // a page of sync states still loading what it shows (from before the round's end): loaded again, the older load paints nothing
      await route();
    } else {
      await refreshScope();
    }
  } catch (e) {
    showError(e);
  }
  $('#syncbar').setAttribute('data-shown', round);
}

/** On a form: the scope as the round left it, for its pickers and checks; the form re-checks what was typed, nothing is redrawn. */
async function refreshScope() {
  const current = ticket();
  await loadScope();
  const form = $('#main form');
  if (current() && form) form.dispatchEvent(new Event('change'));
}

window.addEventListener('online', () => { startSync().catch(() => {}); });
// a periodic try: a network that came back without an online event, or a server that was down
setInterval(() => { if (navigator.onLine !== false) startSync().catch(() => {}); }, 5 * 60 * 1000);

/* ---------- routing ---------- */

const routes = [
  [/^#\/enrol$/, viewEnrol],
  [/^#\/login$/, viewLogin],
  [/^#\/records(?:\?(.*))?$/, m => viewRecords(new URLSearchParams(m[1] || ''))],
  [/^#\/withdrawn$/, viewWithdrawn],
  [/^#\/inspection\/new(?:\?amends=([0-9a-f-]{36}))?$/, m => viewInspection(null, m[1])],
  [/^#\/inspection\/([0-9a-f-]{36})$/, m => viewInspection(m[1])],
  [/^#\/hazard\/new(?:\?(.*))?$/, m => viewHazard(null, new URLSearchParams(m[1] || ''))],
  [/^#\/hazard\/([0-9a-f-]{36})$/, m => viewHazard(m[1], new URLSearchParams())],
  [/^#\/pledge\/new(?:\?amends=([0-9a-f-]{36}))?$/, m => viewPledge(null, m[1])],
  [/^#\/pledge\/([0-9a-f-]{36})$/, m => viewPledge(m[1])],
  [/^#\/sign\/([0-9a-f-]{36})$/, m => viewSign(m[1])],
  [/^#\/record\/([0-9a-f-]{36})$/, m => viewRecord(m[1])],
];

/*
 * Each page opened gets the next number. A view loads what it shows before it paints; when the
 * inspector has opened another page meanwhile (a tap on "签订责任书" while the home screen was being
 * brought up to date after a sync round), the slower view paints nothing: a page never replaces
 * the one opened after it, nor takes the inspector elsewhere.
 */
let pageNumber = 0;
/** How the page open now shows what a sync round left, in place; null on pages that show no sync states (forms). */
let pageRefresh = null;

/** Taken by a view before it loads anything: answers whether its page is still the one open. */
function ticket() {
  const mine = pageNumber;
  return () => mine === pageNumber;
}

async function route() {
  pageNumber++;
  pageRefresh = null;
  const hash = location.hash || '#/';
  if (!device.enrolled && hash !== '#/enrol') {
    location.hash = '#/enrol';
    return;
  }
  for (const [pattern, view] of routes) {
    const m = hash.match(pattern);
    if (m) {
      try { await view(m); } catch (e) { showError(e); }
      window.scrollTo(0, 0);
      return;
    }
  }
  try { await viewHome(); } catch (e) { showError(e); }
}

function showError(e) {
  toast(e.message, true);
}

window.addEventListener('hashchange', route);

/* ---------- field problems, as the inspector types ---------- */

/**
 * Checks a document with the device's own rules (schemas + hazard rules) and shows each problem
 * under its field (data-ptr = the JSON pointer); fields not yet touched stay quiet until "save".
 */
function validator(form, type, build, extra) {
  const touched = new Set();
  let showAll = false;
  let asked = 0;
  async function check() {
    const mine = ++asked;
    let doc;
    try { doc = build(); } catch (e) { return []; }
    const answer = await api('POST', '/check/' + type, doc);
    // a problem the form says at its own field replaces the schema's word for a field the form does not show
    const own = extra ? extra(doc) : [];
    const problems = answer.problems.filter(p => !(extra && p.field.startsWith('/signer/personId')))
      .concat(localProblems(form, doc), own);
    // the local API answers on several threads: an answer about what the form held before, arriving after
    // a newer check was asked, would put back problems already fixed ("请填写此项" under a name just typed)
    if (mine === asked) show(problems);
    return problems;
  }
  /** A field is spoken for once touched, or once a sibling in the same list entry is (choosing a measure makes its deadline due). */
  function isTouched(key) {
    if (touched.has(key)) return true;
    const parent = key.substring(0, key.lastIndexOf('/'));
    return parent !== '' && Array.from(touched).some(t => t.startsWith(parent + '/'));
  }
  function owner(pointer) {
    let p = pointer;
    while (p) {
      const el = form.querySelector('[data-ptr="' + p + '"]');
      if (el) return el;
      p = p.substring(0, p.lastIndexOf('/'));
    }
    return null;
  }
  function show(problems) {
    $$('.problem[data-for]', form).forEach(p => p.remove());
    $$('.invalid', form).forEach(el => el.classList.remove('invalid'));
    const loose = [];
    for (const problem of problems) {
      const el = owner(problem.field);
      const key = el ? el.getAttribute('data-ptr') : null;
      if (!el || (!showAll && !isTouched(key))) {
        if (showAll) loose.push(problem);
        continue;
      }
      el.classList.add('invalid');
      const note = document.createElement('div');
      note.className = 'problem';
      note.setAttribute('data-for', key);
      note.textContent = problem.message;
      el.insertAdjacentElement('afterend', note);
    }
    const summary = $('.summary-problems', form);
    if (summary) {
      summary.hidden = !(showAll && problems.length);
      summary.textContent = showAll && problems.length ? '还有 ' + problems.length + ' 处需要修改'
        + (loose.length ? '：' + loose.map(p => p.message).join('；') : '（见标红处）') : '';
    }
  }
  const later = debounce(() => check().catch(() => {}), 250);
  form.addEventListener('input', e => {
    const el = e.target.closest('[data-ptr]');
    if (el) touched.add(el.getAttribute('data-ptr'));
    later();
  });
  form.addEventListener('change', e => {
    const el = e.target.closest('[data-ptr]');
    if (el) touched.add(el.getAttribute('data-ptr'));
    later();
  });
  return {
    async all() {
      showAll = true;
      return check();
    },
    show(problems) { showAll = true; show(problems); }
  };
}

/** What the schema cannot say but the form must: a plan is all six parts or none, the unit chosen from the list. */
function localProblems(form, doc) {
  const problems = [];
  if (doc.treatmentPlan) {
    const parts = ['objectivesAndTasks', 'methodsAndMeasures', 'fundsAndMaterials', 'responsibleBodyAndPeople', 'timeLimit', 'safetyAndEmergencyMeasures'];
    for (const part of parts) {
      if (!doc.treatmentPlan[part]) {
        problems.push({ field: '/treatmentPlan/' + part, message: label('fields', part) + '：治理方案须六项齐全（已填写部分内容时）' });
      }
    }
  }
  return problems;
}

/* ---------- pickers: a unit by its name, never by id ---------- */

/** {@code fixed}: the unit is given (a danger raised from an inspection's item is of that inspection's unit) and is shown, not chosen. */
function unitPicker(container, pointer, chosenId, onChoose, fixed) {
  container.innerHTML = '<input type="search" class="unit-search" placeholder="输入单位名称搜索" autocomplete="off">'
    + '<ul class="picker-list" hidden></ul><div class="picker-chosen" hidden></div>';
  container.setAttribute('data-ptr', pointer);
  const search = $('.unit-search', container);
  const list = $('.picker-list', container);
  const chosen = $('.picker-chosen', container);
  let value = chosenId || '';
  function choose(unit) {
    value = unit ? unit.id : '';
    chosen.hidden = !unit;
    chosen.textContent = unit ? '已选：' + unit.name + (unit.address ? '（' + unit.address + '）' : '') : '';
    list.hidden = true;
    search.value = '';
    if (onChoose) onChoose(unit);
    container.dispatchEvent(new Event('change', { bubbles: true }));
  }
  search.addEventListener('input', () => {
    const q = search.value.trim();
    const found = units.filter(u => !q || (u.name || '').includes(q) || (u.address || '').includes(q)).slice(0, 30);
    list.innerHTML = found.length ? found.map(u => '<li><button type="button" data-id="' + esc(u.id) + '">' + esc(u.name)
      + (u.address ? ' <span class="hint">' + esc(u.address) + '</span>' : '') + '</button></li>').join('')
      : '<li class="hint">没有名称含“' + esc(q) + '”的单位；请先同步以取得您管辖范围内的单位</li>';
    list.hidden = false;
  });
  search.addEventListener('focus', () => search.dispatchEvent(new Event('input')));
  list.addEventListener('click', e => {
    const b = e.target.closest('button[data-id]');
    if (b) choose(units.find(u => u.id === b.getAttribute('data-id')));
  });
  if (chosenId) choose(units.find(u => u.id === chosenId) || { id: chosenId, name: '（本设备上没有这个单位）' });
  if (fixed && chosenId) {
    search.hidden = true;
    chosen.textContent += '（即检查记录的被检查单位，不能更改）';
  }
  return { value: () => value };
}

/**
 * Names to pick from under a text field (people: a signer, inspectors, a responsible person): the
 * field stays free text, the list only suggests. Our own list, not a <datalist>: a datalist's popup
 * is the browser's, differs in an Android WebView, and swallows the next tap while it is open.
 * {@code options()} answers [{ value, hint, id }] at the moment the list opens; {@code onPick} gets the
 * option picked, so two people of one name stay two (the hint tells them apart, the id is kept).
 * A name typed that several options share keeps the list open: one of them must be picked.
 */
function suggest(input, options, onPick) {
  const list = document.createElement('ul');
  list.className = 'picker-list suggestions';
  list.hidden = true;
  input.setAttribute('autocomplete', 'off');
  input.insertAdjacentElement('afterend', list);
  const show = () => {
    const q = input.value.trim();
    const all = options();
    const same = all.filter(o => o.value === q).length;
    shown = all.filter(o => o.value && (o.value !== q || same > 1 && !input.dataset.pickedId) && (!q || o.value.includes(q))).slice(0, 8);
    list.innerHTML = shown.map((o, i) => '<li><button type="button" data-index="' + i + '" data-value="' + esc(o.value) + '">' + esc(o.value)
      + (o.hint ? ' <span class="hint">' + esc(o.hint) + '</span>' : '') + '</button></li>').join('');
    list.hidden = !shown.length;
  };
  let shown = [];
  // a tap on a suggestion comes after the field's blur: hide a moment later, so the tap lands — unless
  // the field has the focus again by then (left and tapped again at once), when the list stays
  let hiding = null;
  input.addEventListener('input', e => { if (e.isTrusted) delete input.dataset.pickedId; show(); });
  input.addEventListener('focus', () => { clearTimeout(hiding); show(); });
  input.addEventListener('blur', () => { hiding = setTimeout(() => { list.hidden = true; }, 200); });
  list.addEventListener('mousedown', e => e.preventDefault()); // keep the focus (and the list) while choosing
  list.addEventListener('click', e => {
    const b = e.target.closest('button[data-value]');
    if (!b) return;
    const picked = shown[Number(b.getAttribute('data-index'))];
    input.value = picked.value;
    if (picked.id) input.dataset.pickedId = picked.id;
    list.hidden = true;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    if (onPick) onPick(picked);
  });
}

function unitName(id) {
  const u = units.find(x => x.id === id);
  return u ? u.name : '';
}

async function loadScope() {
  [units, persons] = await Promise.all([api('GET', '/units'), api('GET', '/persons')]);
  units.sort((a, b) => (a.name || '').localeCompare(b.name || '', 'zh-CN'));
}

/* ---------- location from the device's GPS ---------- */

function locator(container, pointer, initial) {
  container.setAttribute('data-ptr', pointer);
  container.innerHTML = '<div class="row"><button type="button" class="secondary locate">获取当前位置</button></div>'
    + '<div class="hint gps-text">尚未定位</div>'
    + '<input type="text" class="address" placeholder="地址（如：栖霞市经济开发区某路 1 号）">';
  let fix = initial && initial.lat != null ? { lat: initial.lat, lon: initial.lon, accuracyM: initial.accuracyM } : null;
  if (initial && initial.address) $('.address', container).value = initial.address;
  const text = $('.gps-text', container);
  function showFix() {
    if (fix) text.textContent = '纬度 ' + fix.lat.toFixed(5) + '，经度 ' + fix.lon.toFixed(5)
      + (fix.accuracyM != null ? '，定位精度 ±' + Math.round(fix.accuracyM) + ' 米' : '');
  }
  showFix();
  $('.locate', container).addEventListener('click', () => {
    if (!navigator.geolocation) {
      text.textContent = '本设备不能定位，请填写地址';
      return;
    }
    text.textContent = '正在定位…';
    navigator.geolocation.getCurrentPosition(position => {
      fix = { lat: position.coords.latitude, lon: position.coords.longitude, accuracyM: Math.round(position.coords.accuracy) };
      showFix();
      container.dispatchEvent(new Event('change', { bubbles: true }));
    }, error => {
      text.textContent = '无法定位（' + (error.code === 1 ? '未允许使用位置' : error.code === 3 ? '定位超时' : '没有信号')
        + '），请填写地址';
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });
  return {
    value() {
      const address = $('.address', container).value.trim();
      if (!fix && !address) return undefined;
      const location = fix ? { lat: fix.lat, lon: fix.lon } : {};
      if (fix && fix.accuracyM != null) location.accuracyM = fix.accuracyM;
      if (address) location.address = address;
      return location;
    },
    fix: () => fix
  };
}

/* ---------- photos from the camera, kept until the record is saved ---------- */

function photoInput(container, label) {
  container.innerHTML = '<label class="button secondary photo-button">' + esc(label)
    + '<input type="file" accept="image/*" capture="environment" multiple></label><div class="thumbs"></div>';
  const files = [];
  $('input', container).addEventListener('change', e => {
    for (const file of e.target.files) {
      files.push(file);
      const img = document.createElement('img');
      img.alt = '照片 ' + files.length;
      img.src = URL.createObjectURL(file);
      $('.thumbs', container).appendChild(img);
    }
    e.target.value = '';
  });
  return files;
}

/**
 * Stores the photos chosen on a form with its record (already saved): each on its own, so one
 * refused photo (too large, say) neither stops the others nor leads to saving the record twice.
 * Answers the refusals, one line each ([] when every photo was stored).
 */
async function uploadPhotos(recordId, files, itemCode, fix) {
  const refused = [];
  for (const file of files.splice(0)) {
    const q = new URLSearchParams();
    if (itemCode) q.set('item', itemCode);
    if (fix) {
      q.set('lat', fix.lat);
      q.set('lon', fix.lon);
      if (fix.accuracyM != null) q.set('accuracy', fix.accuracyM);
    }
    try {
      await api('POST', '/records/' + recordId + '/photos?' + q, file, file.type || 'image/jpeg');
    } catch (err) {
      refused.push((file.name || '照片') + '：' + err.message);
    }
  }
  return refused;
}

/** After a save: where to go, and what to say (the photos that could not be stored, if any). */
function saved(recordId, refused, message, next) {
  if (refused.length) {
    toast('记录已保存，但有 ' + refused.length + ' 张照片未能存入（可在记录中重新拍照）：' + refused.join('；'), true);
  } else {
    toast(message);
  }
  location.hash = next;
}

/* ---------- views ---------- */

/** The home screen's counts, each a link to the list showing those records. */
const STATE_GROUPS = { attention: ['NEEDS_ACTION'], waiting: ['PENDING', 'WAITING'], photo: ['WAITING_FILE'], conflict: ['CONFLICT'], draft: ['DRAFT'] };
const STATE_GROUP_NAMES = { attention: '需处理', waiting: '等待同步', photo: '等待照片上传', conflict: '有冲突', draft: '未签字封存' };

/** What the home screen counts: the records of each group, and how many were withdrawn. */
async function homeCounts() {
  await refreshState();
  const [records, withdrawn] = await Promise.all([api('GET', '/records'), api('GET', '/withdrawn')]);
  const counts = {};
  Object.keys(STATE_GROUPS).forEach(g => { counts[g] = records.filter(r => STATE_GROUPS[g].includes(r.state)).length; });
  return { counts, withdrawn: withdrawn.length };
}

function withdrawnLink(n) {
  return n ? '<a href="#/withdrawn" id="go-withdrawn">已撤回的记录（' + n + ' 条，仍保留在本设备上）</a>' : '';
}

async function viewHome() {
  const current = ticket();
  const shown = await homeCounts();
  if (!current()) return;
  main().innerHTML = '<h1>今天的工作</h1>'
    + '<div class="counts">'
    + Object.keys(STATE_GROUPS).map(g => '<a class="count' + (shown.counts[g] ? ' some' : '') + '" href="#/records?state=' + g + '" id="count-' + g + '"><b>'
      + shown.counts[g] + '</b>' + esc(STATE_GROUP_NAMES[g]) + '</a>').join('') + '</div>'
    + '<p id="home-withdrawn"' + (shown.withdrawn ? '' : ' hidden') + '>' + withdrawnLink(shown.withdrawn) + '</p>'
    + '<div class="big-actions">'
    + '<a class="button" href="#/inspection/new" id="go-inspection">新建现场检查</a>'
    + '<a class="button" href="#/hazard/new" id="go-hazard">登记事故隐患</a>'
    + '<a class="button secondary" href="#/pledge/new" id="go-pledge">签订责任书</a>'
    + '<a class="button secondary" href="#/records" id="go-records">我的记录与同步</a></div>'
    + '<p class="hint">设备：' + esc(device.deviceName) + ' · 服务器：' + esc(device.server) + '</p>';
  // after a sync round only the numbers change: the buttons stay the very elements a finger may be on
  pageRefresh = async () => {
    const now = await homeCounts();
    if (!current()) return;
    Object.keys(STATE_GROUPS).forEach(g => {
      $('#count-' + g + ' b').textContent = now.counts[g];
      $('#count-' + g).classList.toggle('some', now.counts[g] > 0);
    });
    if (now.withdrawn !== shown.withdrawn) {
      $('#home-withdrawn').innerHTML = withdrawnLink(now.withdrawn);
      $('#home-withdrawn').hidden = !now.withdrawn;
    }
    shown.withdrawn = now.withdrawn;
  };
}

function viewEnrol() {
  if (device.enrolled) { location.hash = '#/'; return; }
  main().innerHTML = '<h1>登录并登记本设备</h1><form id="enrol-form" class="card" novalidate>'
    + '<p class="hint">只需一次：登记后，本设备在没有网络时也能录入，联网后自动同步。</p>'
    + '<p class="hint" id="e-store">将在 <b>' + esc(device.store || '') + '</b> 新建本设备的存储。如果您的记录原本在别处，'
    + '请关闭本页，用 fieldsync app --store 指向原来的目录重新打开。</p>'
    + '<label for="e-server">服务器地址<span class="req">*</span></label><input type="url" id="e-server" placeholder="如 https://fieldsync.example.cn" data-ptr="server">'
    + '<label for="e-device">设备名称<span class="req">*</span></label><input type="text" id="e-device" value="检查终端" data-ptr="deviceName">'
    + '<label for="e-user">用户名<span class="req">*</span></label><input type="text" id="e-user" autocomplete="username" data-ptr="user">'
    + '<label for="e-password">密码<span class="req">*</span></label><input type="password" id="e-password" autocomplete="current-password" data-ptr="password">'
    + '<div class="summary-problems" hidden></div>'
    + '<div class="actions"><button type="submit" id="e-submit">登录并登记</button></div></form>';
  $('#e-user').value = localStorage.getItem('fieldsync.user') || '';
  $('#enrol-form').addEventListener('submit', async e => {
    e.preventDefault();
    const button = $('#e-submit');
    button.disabled = true;
    button.textContent = '正在登录…';
    try {
      const user = $('#e-user').value.trim();
      await api('POST', '/enrol', { server: $('#e-server').value.trim(), deviceName: $('#e-device').value.trim(), user,
        password: $('#e-password').value });
      localStorage.setItem('fieldsync.user', user);
      await refreshState();
      toast('登记成功，正在取得您管辖范围内的单位、人员和未销号隐患…');
      location.hash = '#/';
      await startSync();
    } catch (err) {
      fieldProblems($('#enrol-form'), err);
      button.disabled = false;
      button.textContent = '登录并登记';
    }
  });
}

/** Problems the API answered for plain forms (enrol, login, sign): under the field, else as a message. */
function fieldProblems(form, err) {
  $$('.problem', form).forEach(p => p.remove());
  const problems = (err.data && err.data.problems) || [];
  for (const p of problems) {
    const el = form.querySelector('[data-ptr="' + p.field + '"]');
    if (el) {
      const note = document.createElement('div');
      note.className = 'problem';
      note.textContent = p.message;
      el.insertAdjacentElement('afterend', note);
    }
  }
  const summary = $('.summary-problems', form);
  if (summary) {
    summary.hidden = false;
    summary.textContent = plainServerMessage(err.message);
  } else {
    toast(plainServerMessage(err.message), true);
  }
}

function plainServerMessage(message) {
  if (/invalid_credentials|401/.test(message)) return '用户名或密码不对';
  if (/too_many_attempts|429/.test(message)) return '尝试次数过多，请稍后再试';
  if (/cannot reach|unreachable|connect|無法|无法连接/i.test(message)) return '连不上服务器，请检查服务器地址和网络：' + message;
  return message;
}

function viewLogin() {
  main().innerHTML = '<h1>重新登录</h1><form id="login-form" class="card" novalidate>'
    + '<p class="hint">与服务器的登录已过期。本设备上的记录都还在，登录后继续同步。</p>'
    + '<label for="l-user">用户名</label><input type="text" id="l-user" data-ptr="user">'
    + '<label for="l-password">密码</label><input type="password" id="l-password" data-ptr="password">'
    + '<div class="summary-problems" hidden></div><div class="actions"><button type="submit">登录</button></div></form>';
  $('#l-user').value = localStorage.getItem('fieldsync.user') || '';
  $('#login-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('POST', '/login', { user: $('#l-user').value.trim(), password: $('#l-password').value });
      location.hash = '#/';
      await startSync();
    } catch (err) {
      fieldProblems($('#login-form'), err);
    }
  });
}

/* ----- the inspection, following a checklist ----- */

async function viewInspection(id, amends) {
  const current = ticket();
  await loadScope();
  if (!templates.length) templates = await (await fetch('checklists.json')).json();
  const start = await startingPoint(id, amends, current);
  if (!start) return;
  const { existing, amendment } = start;
  // asked each time: a sync round may bring more while the form is open
  const inspectorsKnown = () => persons.filter(p => p.certificateNumber);
  // a checklist made elsewhere (another device, the server) may follow a template this app does not ship,
  // and may hold results for some items only: its own items are offered, and what was left unanswered
  // may stay unanswered — no result is invented for it
  const choices = templates.slice();
  if (existing && existing.checklist && existing.checklist.length && !templates.some(t => t.name === existing.checklistTemplate)) {
    choices.push({ name: existing.checklistTemplate || '其他设备的检查表', items: existing.checklist.map(i => ({ itemCode: i.itemCode, text: i.text, forcesMajor: i.forcesMajor })) });
  }
  const mayStayUnanswered = code => !!existing && !amendment && !(existing.checklist || []).some(i => i.itemCode === code && i.result);
  main().innerHTML = '<h1>' + (amendment ? '改正后重新记录' : id ? '修改现场检查记录' : '新建现场检查') + '</h1>'
    + (amendment ? amendment.banner : '') + '<form id="inspection-form" novalidate>'
    + '<div class="card"><label>被检查单位<span class="req">*</span></label><div id="i-unit"></div>'
    + '<label for="i-started">检查开始时间<span class="req">*</span></label><input type="datetime-local" id="i-started" data-ptr="/startedAt">'
    + '<label>检查地点<span class="req">*</span></label><div id="i-place"></div></div>'
    + '<div class="card"><h2>执法人员（不少于两名）</h2><div id="i-inspectors" data-ptr="/inspectors"></div>'
    + '<button type="button" class="small" id="i-add-inspector">增加一名执法人员</button></div>'
    + '<div class="card"><label for="i-template">检查表<span class="req">*</span></label><select id="i-template" data-ptr="/checklistTemplate">'
    + choices.map((t, i) => '<option value="' + i + '">' + esc(t.name) + '</option>').join('') + '</select>'
    + '<div id="i-items" data-ptr="/checklist"></div></div>'
    + '<div class="card"><label for="i-findings">检查发现（每行一条）</label><textarea id="i-findings" data-ptr="/findings"></textarea></div>'
    + '<div class="card"><h2>' + esc(label('fields', 'onSiteMeasures')) + '</h2><div id="i-measures" data-ptr="/onSiteMeasures"></div>'
    + '<button type="button" class="small" id="i-add-measure">增加一项措施</button></div>'
    + '<div class="summary-problems" hidden></div>'
    + '<div class="actions"><button type="submit" id="i-save">保存，去签字</button></div></form>';
  const form = $('#inspection-form');
  const unit = unitPicker($('#i-unit'), '/unitId', existing && existing.unitId);
  const place = locator($('#i-place'), '/place', existing && existing.place);
  $('#i-started').value = localInputValue(existing ? new Date(existing.startedAt) : new Date());

  const inspectorRow = (name, cert) => {
    const row = document.createElement('div');
    const n = $$('.inspector', $('#i-inspectors')).length;
    row.className = 'row inspector';
    row.innerHTML = '<div data-ptr="/inspectors/' + n + '/name"><input type="text" class="ins-name" placeholder="姓名" value="' + esc(name) + '"></div>'
      + '<div data-ptr="/inspectors/' + n + '/certificateNumber"><input type="text" class="ins-cert" placeholder="执法证号" value="' + esc(cert) + '"></div>';
    $('#i-inspectors').appendChild(row);
    // the certificate comes from the person picked: of two inspectors of one name, the one whose number is shown
    suggest($('.ins-name', row), () => inspectorsKnown().map(p => ({ value: p.name, hint: p.certificateNumber, id: p.id })), picked => {
      $('.ins-cert', row).value = picked.hint || $('.ins-cert', row).value;
    });
    $('.ins-name', row).addEventListener('change', () => {
      const known = inspectorsKnown().filter(p => p.name === $('.ins-name', row).value.trim());
      if (known.length === 1 && !$('.ins-cert', row).value) $('.ins-cert', row).value = known[0].certificateNumber;
    });
  };
  const startInspectors = existing ? existing.inspectors : [{ name: '', certificateNumber: '' }, { name: '', certificateNumber: '' }];
  startInspectors.forEach(i => inspectorRow(i.name, i.certificateNumber));
  $('#i-add-inspector').addEventListener('click', () => inspectorRow('', ''));

  const itemPhotos = {};
  function renderItems() {
    const template = choices[Number($('#i-template').value)];
    const previous = existing && existing.checklistTemplate === template.name ? existing.checklist || [] : [];
    $('#i-items').innerHTML = template.items.map((item, i) => {
      const before = previous.find(p => p.itemCode === item.itemCode) || {};
      return '<div class="item" data-code="' + esc(item.itemCode) + '" data-ptr="/checklist/' + i + '">'
        + '<div class="item-text">' + esc(item.itemCode) + ' ' + esc(item.text)
        + (item.forcesMajor ? '<span class="badge major" title="不符合时为重大事故隐患">重大隐患判定项</span>' : '') + '</div>'
        + '<div class="choices" data-ptr="/checklist/' + i + '/result">'
        + ['PASS', 'FAIL', 'NOT_APPLICABLE'].map(r => '<label><input type="radio" name="r-' + i + '" value="' + r + '"'
          + (before.result === r ? ' checked' : '') + '><span>' + esc(label('checkResults', r)) + '</span></label>').join('') + '</div>'
        + (mayStayUnanswered(item.itemCode) && !before.result ? '<div class="hint unanswered">此项原记录中未作答，可以留空</div>' : '')
        + '<textarea class="item-note" placeholder="说明（不符合时写明情况）" data-ptr="/checklist/' + i + '/note">' + esc(before.note || '') + '</textarea>'
        + '<div class="item-photos"></div></div>';
    }).join('');
    $$('.item', $('#i-items')).forEach(el => {
      itemPhotos[el.getAttribute('data-code')] = photoInput($('.item-photos', el), '拍照（此项）');
    });
  }
  if (existing && existing.checklistTemplate) {
    const index = choices.findIndex(t => t.name === existing.checklistTemplate);
    if (index >= 0) $('#i-template').value = String(index);
  }
  $('#i-template').addEventListener('change', renderItems);
  renderItems();

  const measureRow = m => {
    const n = $$('.measure', $('#i-measures')).length;
    const row = document.createElement('div');
    row.className = 'measure';
    row.innerHTML = '<div data-ptr="/onSiteMeasures/' + n + '/kind"><select class="m-kind"><option value="">请选择措施</option>'
      + Object.keys(L.onSiteMeasures).map(k => '<option value="' + k + '"' + (m && m.kind === k ? ' selected' : '') + '>'
        + esc(label('onSiteMeasures', k)) + '</option>').join('') + '</select></div>'
      + '<div data-ptr="/onSiteMeasures/' + n + '/description"><textarea class="m-description" placeholder="措施内容">' + esc(m ? m.description : '') + '</textarea></div>'
      + '<label>期限（责令限期改正时必填）</label><div data-ptr="/onSiteMeasures/' + n + '/deadline"><input type="date" class="m-deadline" value="' + esc(m && m.deadline || '') + '"></div>';
    $('#i-measures').appendChild(row);
  };
  (existing && existing.onSiteMeasures || []).forEach(measureRow);
  $('#i-add-measure').addEventListener('click', () => measureRow(null));

  function build() {
    const template = choices[Number($('#i-template').value)];
    const doc = {
      unitId: unit.value() || undefined,
      status: 'DRAFT',
      startedAt: fromInputValue($('#i-started').value),
      place: place.value(),
      inspectors: $$('.inspector').map(row => ({ name: $('.ins-name', row).value.trim(), certificateNumber: $('.ins-cert', row).value.trim() }))
        .filter(i => i.name || i.certificateNumber)
        .map(i => Object.fromEntries(Object.entries(i).filter(([, v]) => v))),
      checklistTemplate: template.name,
      checklist: $$('.item', $('#i-items')).map((el, i) => {
        const item = template.items[i];
        const chosen = $('input[type=radio]:checked', el);
        const before = existing && (existing.checklist || []).find(p => p.itemCode === item.itemCode);
        const entry = { itemCode: item.itemCode, text: item.text, result: chosen ? chosen.value : undefined };
        const note = $('.item-note', el).value.trim();
        if (note) entry.note = note;
        if (item.forcesMajor) entry.forcesMajor = true;
        if (before && before.evidence) entry.evidence = before.evidence;
        const photosChosen = itemPhotos[item.itemCode] && itemPhotos[item.itemCode].length;
        // unanswered before and still: left out (the schema's items are answered ones), never given a made-up result
        if (!entry.result && !note && !entry.evidence && !photosChosen && mayStayUnanswered(item.itemCode)) return null;
        return entry;
      }).filter(Boolean),
      findings: $('#i-findings').value.split('\n').map(s => s.trim()).filter(Boolean),
      onSiteMeasures: $$('.measure').map(row => {
        const m = { kind: $('.m-kind', row).value || undefined, description: $('.m-description', row).value.trim() || undefined };
        if ($('.m-deadline', row).value) m.deadline = $('.m-deadline', row).value;
        return m;
      })
    };
    if (!doc.findings.length) delete doc.findings;
    if (!doc.onSiteMeasures.length) delete doc.onSiteMeasures;
    if (existing && existing.photos) doc.photos = existing.photos;
    return JSON.parse(JSON.stringify(doc));
  }
  if (existing && existing.findings) $('#i-findings').value = existing.findings.join('\n');
  const check = validator(form, 'inspection', build);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const problems = await check.all();
    if (problems.length) { toast('还有 ' + problems.length + ' 处需要修改', true); return; }
    const button = $('#i-save');
    button.disabled = true;
    try {
      const doc = build();
      let recordId = id;
      if (id) {
        const changes = changedFields(existing, doc);
        // 安全生产法 art 68: who signed, signed this content; the device refuses a change under signatures (rules2)
        const changing = Object.keys(changes).length || Object.values(itemPhotos).some(files => files && files.length);
        if (changing && existing.signatures && existing.signatures.length) {
          if (!confirm('修改将清除已有签字：保存后须请各方重新签字。继续修改吗？')) { button.disabled = false; return; }
          changes.signatures = [];
        }
        if (Object.keys(changes).length) await api('PATCH', '/records/' + id, changes);
      } else if (amends) {
        recordId = await saveAmendment(amends, doc);
      } else {
        recordId = (await api('POST', '/records/inspection', doc)).id;
      }
      const refused = [];
      for (const [code, files] of Object.entries(itemPhotos)) {
        refused.push(...await uploadPhotos(recordId, files, code, place.fix()));
      }
      saved(recordId, refused, '检查记录已保存在本设备上', '#/sign/' + recordId);
    } catch (err) {
      if (err.data && err.data.problems) check.show(err.data.problems);
      toast(err.message, true);
      button.disabled = false;
    }
  });
}

/**
 * "改正后重新记录": the refused sealed record's content, to start the form from (nothing is stored
 * until the inspector saves), and the card saying what happens on saving.
 */
async function amendmentOf(refusedId) {
  const answer = await api('GET', '/records/' + refusedId + '/amendment');
  answer.banner = '<div class="card summary-problems" id="amending">改正后重新记录：服务器拒收了已封存的原记录（' + esc(answer.reason)
    + '）。下面已填入原记录的全部内容和照片，请按原因改正后保存，再重新签字封存。保存时原记录撤回，仍保留在本设备上（见“已撤回的记录”）。'
    + (answer.dangers ? '由原记录登记的 ' + answer.dangers + ' 条隐患随改正转到新记录（所属单位随之更正），不必重新登记，随新记录一起重新发送。' : '') + '</div>';
  return answer;
}

/**
 * What a form for an inspection or a pledge starts from: the draft being edited ({@code id}), the
 * refused sealed record being corrected ({@code amends}), or nothing (a new one). A sealed record
 * is not edited: its page is shown instead (answers null; null too when another page was opened meanwhile).
 */
async function startingPoint(id, amends, current) {
  if (id) {
    const existing = (await api('GET', '/records/' + id)).record;
    if (!current()) return null;
    if (existing.status === 'SEALED') { location.hash = '#/record/' + id; return null; }
    return { existing, amendment: null };
  }
  if (amends) {
    const amendment = await amendmentOf(amends);
    if (!current()) return null;
    // a correction was already made (asked twice, or the app was stopped half-way): it is opened, not made again
    if (amendment.existing) { toast('这条记录已改正后重新记录过，已打开那条新记录'); location.hash = '#/record/' + amendment.existing; return null; }
    return { existing: amendment.record, amendment };
  }
  return current() ? { existing: null, amendment: null } : null;
}

/** Saves the corrected content as a new record in place of the refused one; answers the new id. */
async function saveAmendment(refusedId, doc) {
  return (await api('POST', '/records/' + refusedId + '/amend', doc)).id;
}

/** Top-level fields of doc that differ from the record (null removes one), for PATCH. */
function changedFields(record, doc) {
  const changes = {};
  for (const [k, v] of Object.entries(doc)) {
    if (JSON.stringify(record[k]) !== JSON.stringify(v)) changes[k] = v;
  }
  return changes;
}

/* ----- a hidden danger ----- */

const PLAN_PARTS = ['objectivesAndTasks', 'methodsAndMeasures', 'fundsAndMaterials', 'responsibleBodyAndPeople', 'timeLimit', 'safetyAndEmergencyMeasures'];

async function viewHazard(id, params) {
  const current = ticket();
  await loadScope();
  let existing = null;
  let view = null;
  if (id) {
    view = await api('GET', '/records/' + id);
    existing = view.record;
  }
  const inspectionId = existing ? existing.inspectionId : params.get('inspection');
  const itemCode = existing ? existing.checklistItemCode : params.get('item');
  let item = null;
  let inspection = null;
  // the inspection it was raised from may be gone from this device (withdrawn): the danger still opens
  const inspectionView = inspectionId ? await api('GET', '/records/' + inspectionId).catch(() => null) : null;
  if (!current()) return;
  if (inspectionView) {
    inspection = inspectionView.record;
    item = (inspection.checklist || []).find(i => i.itemCode === itemCode) || null;
    const already = !id && itemCode && inspectionView.raised && inspectionView.raised[itemCode];
    if (already) {
      toast('该检查项已登记过隐患，已为您打开那条隐患');
      location.hash = '#/record/' + already;
      return;
    }
  }
  const forced = !!(item && item.forcesMajor && item.result === 'FAIL');
  const h = existing || {
    unitId: inspection ? inspection.unitId : undefined,
    grade: forced ? 'MAJOR' : undefined,
    // the item says what is required; the danger is what was found instead
    description: item ? (item.note || '不符合检查项要求：' + item.text) : '',
    location: inspection ? inspection.place : undefined
  };
  main().innerHTML = '<h1>' + (id ? '修改事故隐患' : '登记事故隐患') + '</h1>'
    + (view && view.state === 'NEEDS_ACTION' ? '<div class="card summary-problems" id="h-refused">服务器拒收：' + esc(view.reason)
      + '<br>修改后点“保存”，再在记录列表中点“重新发送”。</div>' : '')
    + (item ? '<div class="card hint" id="h-from-item">来自检查项 ' + esc(item.itemCode) + '：' + esc(item.text)
      + (forced ? '<br><b>该项是重大隐患判定项且判定为不符合：此隐患只能是重大事故隐患。</b>' : '') + '</div>' : '')
    + '<form id="hazard-form" novalidate><div class="card">'
    + '<label>所属单位<span class="req">*</span></label><div id="h-unit"></div>'
    + '<label>等级<span class="req">*</span></label><div class="choices" data-ptr="/grade">'
    + ['GENERAL', 'MAJOR'].map(g => '<label><input type="radio" name="grade" value="' + g + '"' + (h.grade === g ? ' checked' : '')
      + (forced && g === 'GENERAL' ? ' disabled' : '') + (existing && existing.version > 0 ? ' disabled' : '') + '><span>' + esc(label('hazardGrades', g)) + '</span></label>').join('') + '</div>'
    + '<label for="h-category">类别<span class="req">*</span></label><select id="h-category" data-ptr="/category"><option value="">请选择</option>'
    + Object.keys(L.hazardCategories).map(c => '<option value="' + c + '"' + (h.category === c ? ' selected' : '') + '>'
      + esc(label('hazardCategories', c)) + '</option>').join('') + '</select>'
    + '<label for="h-description">隐患描述<span class="req">*</span></label><textarea id="h-description" data-ptr="/description">' + esc(h.description || '') + '</textarea>'
    + '<label>位置</label><div id="h-location"></div>'
    + '<label>照片</label><div id="h-photos"></div>'
    + '<label for="h-deadline">整改期限</label><input type="date" id="h-deadline" data-ptr="/deadline" value="' + esc(h.deadline || '') + '"' + (existing && existing.version > 0 && existing.deadline ? ' disabled' : '') + '>'
    + '<label for="h-person">整改责任人</label><input type="text" id="h-person" data-ptr="/responsiblePerson" value="' + esc(h.responsiblePerson || '') + '"></div>'
    + '<div class="card" id="h-plan"' + (h.grade === 'MAJOR' ? '' : ' hidden') + '><h2>治理方案（重大事故隐患，六项）</h2>'
    + '<p class="hint">可在登记后补充；开始治理前须六项齐全。</p>'
    + PLAN_PARTS.map(p => '<label for="plan-' + p + '">' + esc(label('fields', p)) + '</label><textarea id="plan-' + p + '" data-ptr="/treatmentPlan/' + p + '">'
      + esc(h.treatmentPlan ? h.treatmentPlan[p] || '' : '') + '</textarea>').join('') + '</div>'
    + '<div class="summary-problems" hidden></div>'
    + '<div class="actions"><button type="submit" id="h-save">保存</button></div></form>';
  const form = $('#hazard-form');
  let chosenUnit = null;
  const unit = unitPicker($('#h-unit'), '/unitId', inspection && inspection.unitId ? inspection.unitId : h.unitId, u => { chosenUnit = u; },
    !!(inspection && inspection.unitId));
  // the chosen unit's people first suggested (all people while no unit is chosen)
  suggest($('#h-person'), () => persons.filter(p => !chosenUnit || (p.positions || []).some(pos => pos.unitId === chosenUnit.id))
    .map(p => ({ value: p.name, hint: (p.positions || []).map(x => x.post).join('、'), id: p.id })));
  const where = locator($('#h-location'), '/location', h.location);
  const photos = photoInput($('#h-photos'), '拍照');
  $$('input[name=grade]').forEach(r => r.addEventListener('change', () => { $('#h-plan').hidden = r.value !== 'MAJOR' || !r.checked; }));

  function build() {
    const grade = $('input[name=grade]:checked');
    const doc = Object.assign({}, existing || {}, {
      unitId: unit.value() || undefined,
      grade: grade ? grade.value : undefined,
      category: $('#h-category').value || undefined,
      description: $('#h-description').value.trim() || undefined,
      location: where.value(),
      deadline: $('#h-deadline').value || undefined,
      responsiblePerson: $('#h-person').value.trim() || undefined,
      foundAt: existing ? existing.foundAt : isoWithOffset(new Date())
    });
    for (const f of ['id', 'type', 'version', 'deleted', 'createdAt', 'updatedAt', 'overdue', 'escalateTo']) delete doc[f];
    if (inspectionId) doc.inspectionId = inspectionId;
    if (itemCode) doc.checklistItemCode = itemCode;
    const plan = {};
    PLAN_PARTS.forEach(p => { const v = $('#plan-' + p).value.trim(); if (v) plan[p] = v; });
    doc.treatmentPlan = doc.grade === 'MAJOR' && Object.keys(plan).length ? plan : undefined;
    return JSON.parse(JSON.stringify(doc));
  }
  const check = validator(form, 'hazard', build);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const problems = await check.all();
    if (problems.length) { toast('还有 ' + problems.length + ' 处需要修改', true); return; }
    $('#h-save').disabled = true;
    try {
      const doc = build();
      let recordId = id;
      if (id) {
        const changes = changedFields(existing, doc);
        for (const k of Object.keys(existing)) {
          if (!(k in doc) && ['treatmentPlan', 'deadline', 'responsiblePerson', 'location'].includes(k)) changes[k] = null;
        }
        if (Object.keys(changes).length) await api('PATCH', '/records/' + id, changes);
      } else {
        recordId = (await api('POST', '/records/hazard', doc)).id;
      }
      saved(recordId, await uploadPhotos(recordId, photos, null, where.fix()), '隐患已保存在本设备上', '#/record/' + recordId);
    } catch (err) {
      if (err.data && err.data.problems) check.show(err.data.problems);
      toast(err.message, true);
      $('#h-save').disabled = false;
    }
  });
}

/* ----- a pledge ----- */

async function viewPledge(id, amends) {
  const current = ticket();
  await loadScope();
  const start = await startingPoint(id, amends, current);
  if (!start) return;
  const { existing, amendment } = start;
  main().innerHTML = '<h1>' + (amendment ? '改正后重新记录' : id ? '修改责任书' : '签订责任书') + '</h1>'
    + (amendment ? amendment.banner : '') + '<form id="pledge-form" novalidate><div class="card">'
    + '<label for="p-kind">类型<span class="req">*</span></label><select id="p-kind" data-ptr="/kind"><option value="">请选择</option>'
    + Object.keys(L.pledgeKinds).map(k => '<option value="' + k + '">' + esc(label('pledgeKinds', k)) + '</option>').join('') + '</select>'
    + '<label>签订人所在单位</label><div id="p-unit"></div>'
    + '<label for="p-name">签订人姓名<span class="req">*</span></label>'
    + '<p class="hint" id="p-name-hint">签订人须是本设备上已有的人员：输入姓名后，从下方列表中选择（人员名单随同步取得）。</p>'
    + '<input type="text" id="p-name" data-ptr="/signer/name">'
    + '<label for="p-position">签订人职务<span class="req">*</span></label><input type="text" id="p-position" data-ptr="/signer/position">'
    + '<div class="row"><div><label for="p-from">期限起<span class="req">*</span></label><input type="date" id="p-from" data-ptr="/period/from"></div>'
    + '<div><label for="p-to">期限止<span class="req">*</span></label><input type="date" id="p-to" data-ptr="/period/to"></div></div></div>'
    + '<div class="card"><h2>责任条目</h2><div id="p-items" data-ptr="/items"></div><button type="button" class="small" id="p-add">增加一条</button></div>'
    + '<div class="summary-problems" hidden></div><div class="actions"><button type="submit" id="p-save">保存，去签字</button></div></form>';
  const form = $('#pledge-form');
  const signerBefore = existing ? existing.signer || {} : {};
  let chosenUnit = null;
  const unit = unitPicker($('#p-unit'), '/signer/unitId', signerBefore.unitId, u => { chosenUnit = u; });
  // the chosen unit's people first (all people while no unit is chosen); picking one fills the post
  const signerChoices = () => persons.filter(p => !chosenUnit || (p.positions || []).some(pos => pos.unitId === chosenUnit.id));
  suggest($('#p-name'), () => signerChoices().map(p => ({ value: p.name, hint: (p.positions || []).map(x => x.post).join('、'), id: p.id })), picked => {
    const known = persons.find(p => p.id === picked.id);
    const post = known && (known.positions || []).find(pos => !chosenUnit || pos.unitId === chosenUnit.id);
    if (post && post.post && !$('#p-position').value.trim()) $('#p-position').value = post.post;
  });
  $('#p-name').value = signerBefore.name || '';
  if (signerBefore.personId) $('#p-name').dataset.pickedId = signerBefore.personId;
  $('#p-position').value = signerBefore.position || '';
  const itemRow = before => {
    const n = $$('.pledge-item').length;
    const row = document.createElement('div');
    row.className = 'measure pledge-item';
    row.innerHTML = ['commitment', 'target', 'assessmentStandard'].map(f => '<label>' + esc(label('fields', f)) + '</label><textarea class="pi-' + f
      + '" data-ptr="/items/' + n + '/' + f + '">' + esc(before && before[f] || '') + '</textarea>').join('');
    $('#p-items').appendChild(row);
  };
  (existing && existing.items && existing.items.length ? existing.items : [null]).forEach(itemRow);
  $('#p-add').addEventListener('click', () => itemRow(null));
  if (existing && existing.kind) $('#p-kind').value = existing.kind;
  const year = (device.today || isoWithOffset(new Date())).substring(0, 4);
  $('#p-from').value = existing && existing.period && existing.period.from || year + '-01-01';
  $('#p-to').value = existing && existing.period && existing.period.to || year + '-12-31';
  function build() {
    const signer = { name: $('#p-name').value.trim() || undefined, position: $('#p-position').value.trim() || undefined, unitId: unit.value() || undefined };
    // the person picked from the list; a typed name only when one person on the device has it
    const named = persons.filter(p => p.name === signer.name);
    const picked = $('#p-name').dataset.pickedId;
    if (picked && persons.some(p => p.id === picked && p.name === signer.name)) signer.personId = picked;
    else if (named.length === 1) signer.personId = named[0].id;
    return JSON.parse(JSON.stringify(Object.assign(pledgeKept(existing), {
      kind: $('#p-kind').value || undefined, status: 'DRAFT', signer,
      period: { from: $('#p-from').value || undefined, to: $('#p-to').value || undefined },
      items: $$('.pledge-item').map(row => ({ commitment: $('.pi-commitment', row).value.trim() || undefined,
        target: $('.pi-target', row).value.trim() || undefined, assessmentStandard: $('.pi-assessmentStandard', row).value.trim() || undefined }))
    })));
  }
  const check = validator(form, 'pledge', build, doc => {
    // said before the fact, at the name: the signer is someone on the device, chosen from the list
    if (!doc.signer || !doc.signer.name || doc.signer.personId) return [];
    const namesakes = persons.filter(p => p.name === doc.signer.name).length;
    if (namesakes > 1) {
      return [{ field: '/signer/name', message: '本设备上有 ' + namesakes + ' 位名叫“' + doc.signer.name + '”的人员：请从姓名下方的列表中选择签订人（按职务区分）' }];
    }
    return [{ field: '/signer/name', message: '签订人“' + doc.signer.name + '”不在本设备的人员名单中：请输入姓名后从列表中选择；名单中没有时，先同步取得人员名单' }];
  });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const problems = await check.all();
    if (problems.length) { toast('还有 ' + problems.length + ' 处需要修改', true); return; }
    try {
      const doc = build();
      let recordId = id;
      if (id) {
        const changes = changedFields(existing, doc);
        if (Object.keys(changes).length) await api('PATCH', '/records/' + id, changes);
      } else if (amends) {
        recordId = await saveAmendment(amends, doc);
      } else {
        recordId = (await api('POST', '/records/pledge', doc)).id;
      }
      location.hash = '#/sign/' + recordId;
    } catch (err) {
      if (err.data && err.data.problems) check.show(err.data.problems);
      toast(err.message, true);
    }
  });
}

/** What a pledge being edited keeps that its form does not show (what it supersedes, its notes). */
function pledgeKept(existing) {
  const kept = Object.assign({}, existing || {});
  for (const f of ['id', 'type', 'version', 'deleted', 'createdAt', 'updatedAt', 'kind', 'status', 'signer', 'period', 'items']) delete kept[f];
  return kept;
}

/* ----- signing on the glass, then the seal ----- */

function signaturePad(container) {
  container.innerHTML = '<div class="pad-wrap"><canvas class="pad"></canvas></div>'
    + '<div class="actions"><button type="button" class="small clear">重签</button></div>';
  const canvas = $('canvas', container);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, canvas.clientWidth * ratio);
  canvas.height = Math.max(1, canvas.clientHeight * ratio);
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.lineWidth = 2.5;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = '#101820';
  let drawing = false;
  let strokes = 0;
  const point = e => { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  canvas.addEventListener('pointerdown', e => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    const [x, y] = point(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
    e.preventDefault();
  });
  canvas.addEventListener('pointermove', e => {
    if (!drawing) return;
    const [x, y] = point(e);
    ctx.lineTo(x, y);
    ctx.stroke();
    strokes++;
  });
  const end = () => { drawing = false; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  $('.clear', container).addEventListener('click', () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    strokes = 0;
  });
  return {
    empty: () => strokes < 3,
    image: () => canvas.toDataURL('image/png')
  };
}

async function viewSign(id) {
  const current = ticket();
  const view = await api('GET', '/records/' + id);
  if (!current()) return;
  const r = view.record;
  if (r.status === 'SEALED') { location.hash = '#/record/' + id; return; }
  if (r.type === 'pledge') {
    main().innerHTML = '<h1>签订责任书</h1><div class="card"><p>' + esc(label('pledgeKinds', r.kind)) + '，签订人 ' + esc(r.signer.name)
      + '（' + esc(r.signer.position || '') + '）</p><label>签订人签名</label><div id="pad-signer"></div>'
      + '<div class="actions"><button type="button" id="seal-pledge">签名并封存</button></div></div>';
    const pad = signaturePad($('#pad-signer'));
    $('#seal-pledge').addEventListener('click', async () => {
      if (pad.empty()) { toast('请先在框内签名', true); return; }
      try {
        await api('POST', '/records/' + id + '/seal', { name: r.signer.name, position: r.signer.position, image: pad.image(),
          signedContent: view.signedContent });
        toast('责任书已签名并以本设备密钥封存');
        location.hash = '#/record/' + id;
      } catch (err) { toast(err.message, true); }
    });
    return;
  }
  // per officer (by the certificate number: two officers may share a name), as the device's seal check counts them
  const signedAt = view.signedInspectors || [];
  const isSigned = i => !!signedAt[i];
  const namesake = ins => r.inspectors.filter(x => x.name === ins.name).length > 1;
  const who = ins => ins.name + (namesake(ins) && ins.certificateNumber ? '（执法证号 ' + ins.certificateNumber + '）' : '');
  main().innerHTML = '<h1>签字封存</h1><p class="hint">' + esc(unitName(r.unitId) || '') + ' · ' + esc(r.checklistTemplate || '现场检查')
    + '。按安全生产法第六十八条，检查记录由执法人员和被检查单位负责人签字；负责人拒绝签字的，记录拒签情况并有见证人。</p>'
    // what the signatures confirm, on the page where they are given (a third tester's finding: only the unit was shown)
    + '<div class="card" id="signed-content"><h2>签字确认的内容</h2>'
    + ((r.checklist || []).length ? '<ul>' + r.checklist.map(item => '<li>' + esc(item.itemCode) + ' ' + esc(item.text || '') + '：<b>'
      + esc(label('checkResults', item.result) || item.result || '未填写') + '</b>' + (item.note ? '（' + esc(item.note) + '）' : '')
      + ((item.evidence || []).length ? '，照片 ' + item.evidence.length + ' 张' : '') + '</li>').join('') + '</ul>' : '')
    + ((r.findings || []).length ? '<p>检查发现：' + r.findings.map(esc).join('；') + '</p>' : '<p>检查发现：无</p>')
    + ((r.onSiteMeasures || []).length ? '<p>现场处理措施：' + r.onSiteMeasures.map(m => esc(m.description || '')
      + (m.deadline ? '（期限 ' + esc(m.deadline) + '）' : '')).join('；') + '</p>' : '')
    + ((r.photos || []).length ? '<p>现场照片 ' + r.photos.length + ' 张</p>' : '')
    + '<p class="hint">签字后内容不能再改；如内容有误，请先返回修改。</p></div>'
    + r.inspectors.map((ins, i) => '<div class="card inspector-sign" data-name="' + esc(ins.name) + '" data-cert="' + esc(ins.certificateNumber || '')
      + '"><h2>执法人员 ' + esc(who(ins)) + '</h2>'
      + (isSigned(i) ? '<div class="signed">✓ 已签名</div>' : '<div id="pad-ins-' + i + '"></div><div class="actions"><button type="button" class="sign-inspector" data-i="' + i + '">确认签名</button></div>')
      + '</div>').join('')
    + '<div class="card" id="unit-sign"><h2>被检查单位负责人</h2>'
    + '<div class="choices"><label><input type="radio" name="mode" value="sign" checked><span>签字</span></label>'
    + '<label><input type="radio" name="mode" value="refuse"><span>拒绝签字</span></label></div>'
    + '<form id="sign-form" novalidate><div id="sign-part"><label for="s-name">负责人姓名<span class="req">*</span></label><input type="text" id="s-name" data-ptr="name">'
    + '<label for="s-position">职务</label><input type="text" id="s-position">'
    + '<label>负责人签名</label><div id="pad-unit"></div>'
    + '<div class="actions"><button type="submit" id="seal-signed">负责人签字并封存</button></div></div>'
    + '<div id="refuse-part" hidden><label for="rf-name">拒签人姓名<span class="req">*</span></label><input type="text" id="rf-name" data-ptr="refusedBy">'
    + '<label for="rf-role">拒签人职务<span class="req">*</span></label><input type="text" id="rf-role" data-ptr="refusedByRole">'
    + '<label for="rf-witness">见证人姓名<span class="req">*</span></label><input type="text" id="rf-witness" data-ptr="witness">'
    + '<div class="actions"><button type="button" class="danger" id="seal-refused">记录拒签并封存</button></div></div>'
    + '<div class="summary-problems" hidden></div></form></div>';
  const pads = {};
  r.inspectors.forEach((ins, i) => { if (!isSigned(i)) pads[i] = signaturePad($('#pad-ins-' + i)); });
  $$('.sign-inspector').forEach(b => b.addEventListener('click', async () => {
    const i = Number(b.getAttribute('data-i'));
    if (pads[i].empty()) { toast('请 ' + r.inspectors[i].name + ' 在框内签名', true); return; }
    try {
      await api('POST', '/records/' + id + '/signatures', { signedContent: view.signedContent, name: r.inspectors[i].name, certificateNumber: r.inspectors[i].certificateNumber,
        image: pads[i].image() });
      toast(who(r.inspectors[i]) + ' 已签名');
      await viewSign(id);
    } catch (err) { toast(err.message, true); }
  }));
  const unitPad = signaturePad($('#pad-unit'));
  $$('input[name=mode]').forEach(m => m.addEventListener('change', () => {
    const refuse = $('input[name=mode]:checked').value === 'refuse';
    $('#sign-part').hidden = refuse;
    $('#refuse-part').hidden = !refuse;
  }));
  const unsigned = () => r.inspectors.filter((ins, i) => !isSigned(i)).map(who);
  const form = $('#sign-form');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (unsigned().length) { toast('请先由执法人员签名：' + unsigned().join('、'), true); return; }
    if (unitPad.empty()) { toast('请负责人在框内签名', true); return; }
    try {
      await api('POST', '/records/' + id + '/seal', { name: $('#s-name').value, position: $('#s-position').value, image: unitPad.image(),
        signedContent: view.signedContent });
      toast('检查记录已签字，并以本设备密钥封存');
      location.hash = '#/record/' + id;
    } catch (err) { fieldProblems(form, err); }
  });
  $('#seal-refused').addEventListener('click', async () => {
    if (unsigned().length) { toast('请先由执法人员签名：' + unsigned().join('、'), true); return; }
    try {
      await api('POST', '/records/' + id + '/refusal', { refusedBy: $('#rf-name').value, refusedByRole: $('#rf-role').value, witness: $('#rf-witness').value,
        signedContent: view.signedContent });
      toast('已记录拒签情况，检查记录已封存');
      location.hash = '#/record/' + id;
    } catch (err) { fieldProblems(form, err); }
  });
}

/* ----- one record, and the list with sync states ----- */

function stateBlock(v) {
  return '<span class="state state-' + esc(v.state) + '">' + esc(v.stateName) + '</span>'
    + (v.photo ? '<div class="reason">等待上传：' + esc(v.photo) + '</div>' : '')
    + (v.reason && !v.photo ? '<div class="reason">原因：' + esc(v.reason) + '</div>' : '')
    + (v.sides && v.sides.length ? '<div class="reason conflict-sides">冲突的内容：' + v.sides.map(s => '<div class="side"><b>' + esc(s.field) + '</b>'
      + '<div>本设备的值：' + esc(s.device) + '</div><div>服务器上的值：' + esc(s.server) + '</div>'
      + (s.base ? '<div class="hint">双方修改前：' + esc(s.base) + '</div>' : '') + '</div>').join('') + '</div>'
      : v.fields && v.fields.length ? '<div class="reason">冲突的内容：' + esc(v.fields.join('、')) + '</div>' : '')
    + (v.amendable ? '<div class="next">这条记录已封存，不能再修改：请点“改正后重新记录”，按原因改正新记录后重新签字封存；原记录撤回后仍保留在本设备上。</div>'
      : v.next ? '<div class="next">' + esc(v.next) + '</div>' : '')
    + (v.photosHeld ? '<div class="next photos-held">' + esc(v.photosHeld) + '</div>' : '');
}

function recordActions(v) {
  let html = '';
  if (v.heldBy) {
    // held back by a refused record: that record is what the inspector deals with
    html += '<a class="button secondary held-by" href="#/record/' + esc(v.heldBy) + '">打开' + esc(v.heldByName) + '</a>';
  } else if (v.state === 'NEEDS_ACTION' && v.amendable) {
    // sealed: its seal covers every word, so it is corrected as a new record, the refused one kept as withdrawn
    html += '<button type="button" class="amend" data-id="' + v.id + '" data-type="' + esc(v.type) + '">改正后重新记录</button>'
      + '<button type="button" class="danger withdraw" data-id="' + v.id + '">撤回</button>';
  } else if (v.state === 'NEEDS_ACTION') {
    if (v.type === 'hazard') html += '<a class="button secondary fix" href="#/hazard/' + v.id + '">修改</a>';
    html += '<button type="button" class="resend" data-id="' + v.id + '">重新发送</button>'
      + '<button type="button" class="danger withdraw" data-id="' + v.id + '">撤回</button>';
  }
  return html ? '<div class="actions">' + html + '</div>' : '';
}

function wireRecordActions(root, after) {
  $$('.resend', root).forEach(b => b.addEventListener('click', async e => {
    e.stopPropagation();
    try {
      await api('POST', '/records/' + b.getAttribute('data-id') + '/resend');
      toast('已排入重新发送，正在同步…');
      await startSync();
      await after();
    } catch (err) { toast(err.message, true); }
  }));
  $$('.amend', root).forEach(b => b.addEventListener('click', async e => {
    e.stopPropagation();
    const id = b.getAttribute('data-id');
    location.hash = (b.getAttribute('data-type') === 'pledge' ? '#/pledge/new?amends=' : '#/inspection/new?amends=') + id;
  }));
  $$('.withdraw', root).forEach(b => b.addEventListener('click', async e => {
    e.stopPropagation();
    const note = prompt('撤回的原因（撤回的内容仍保留在本设备上备查）：', '');
    if (note === null) return;
    try {
      await api('POST', '/records/' + b.getAttribute('data-id') + '/withdraw', { note });
      toast('已撤回；内容仍保留在本设备上，可在“已撤回的记录”中查看');
      await after();
    } catch (err) { toast(err.message, true); }
  }));
}

/** How many cards the list draws at once: a device holding thousands of records stays quick to scroll and search. */
const PAGE = 100;

function recordCard(v) {
  return '<div class="card record" data-id="' + v.id + '" data-state="' + v.state + '">'
    + '<div><b>' + esc(v.typeName) + '</b> ' + esc(v.summary) + '</div>'
    + '<div class="meta">' + esc(v.unitName) + (v.gradeName ? ' · ' + esc(v.gradeName) : '') + ' · ' + esc(v.statusName)
    + (v.when ? ' · ' + esc(shortTime(v.when)) : '') + '</div>' + stateBlock(v) + recordActions(v) + '</div>';
}

async function viewRecords(params) {
  const current = ticket();
  params = params || new URLSearchParams();
  await refreshState();
  const all = await api('GET', '/records');
  if (!current()) return;
  const group = STATE_GROUPS[params.get('state')] ? params.get('state') : '';
  const ofGroup = records => group ? records.filter(v => STATE_GROUPS[group].includes(v.state)) : records;
  let inGroup = ofGroup(all);
  main().innerHTML = '<h1>我的记录与同步</h1>'
    + '<div class="actions"><button type="button" id="sync-here">立即同步</button>'
    + '<a class="button secondary" href="#/withdrawn" id="go-withdrawn">已撤回的记录</a></div>'
    + (group ? '<p class="hint" id="records-filter">只列出“' + esc(STATE_GROUP_NAMES[group]) + '”的记录（<span id="records-in-group"></span>'
      + ' 条）。<a href="#/records">显示全部</a></p>' : '')
    + '<input type="search" id="records-search" placeholder="搜索：单位名称、记录类型、内容" autocomplete="off">'
    + '<p class="hint" id="records-count"></p><div id="records"></div>'
    + '<div class="actions"><button type="button" class="secondary" id="records-more" hidden>再显示 ' + PAGE + ' 条</button></div>';
  let shown = PAGE;
  let found = inGroup;
  // the list drawn again (after a sync round, a resend or a withdrawal) keeps the search words typed and the pages shown
  const refresh = async () => {
    const now = await api('GET', '/records');
    if (!current()) return;
    inGroup = ofGroup(now);
    found = matching();
    draw();
  };
  const draw = () => {
    if (group) $('#records-in-group').textContent = inGroup.length;
    $('#records').innerHTML = found.slice(0, shown).map(recordCard).join('');
    $('#records-count').textContent = !inGroup.length ? '还没有记录。' : found.length === inGroup.length ? '共 ' + found.length + ' 条'
      : '找到 ' + found.length + ' 条' + (found.length ? '' : '；请换个词再试');
    $('#records-more').hidden = found.length <= shown;
    wireRecordActions($('#records'), async () => { await refreshState(); await refresh(); });
  };
  const matching = () => {
    // every word typed must appear (in any order): "鑫源 隐患" finds the chemical company's dangers
    const words = $('#records-search').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return inGroup.filter(v => {
      const text = [v.typeName, v.unitName, v.summary, v.statusName, v.stateName, v.gradeName, v.search].join(' ').toLowerCase();
      return words.every(w => text.includes(w));
    });
  };
  const search = () => {
    found = matching();
    shown = PAGE;
    draw();
  };
  $('#records-search').addEventListener('input', debounce(search, 150));
  $('#records-more').addEventListener('click', () => { shown += PAGE; draw(); });
  $('#records').addEventListener('click', e => {
    const card = e.target.closest('.record');
    if (!card || e.target.closest('button, a')) return;
    location.hash = '#/record/' + card.getAttribute('data-id');
  });
  $('#sync-here').addEventListener('click', () => startSync().catch(showError));
  draw();
  pageRefresh = refresh;
}

/** What the inspector withdrew: kept on this device, never erased, with the server's reason and the note. */
async function viewWithdrawn() {
  const current = ticket();
  await loadScope();
  const list = await api('GET', '/withdrawn');
  if (!current()) return;
  main().innerHTML = '<h1>已撤回的记录</h1>'
    + '<p class="hint">撤回的记录不再发送，但全部内容仍保留在本设备上备查。</p>'
    + (list.length ? '' : '<p class="hint">没有撤回的记录。</p>')
    + list.map(w => '<div class="card withdrawn" data-id="' + esc(w.id) + '">'
      + '<div><b>' + esc(w.typeName) + '</b> ' + esc(w.summary) + (w.sealed ? '<span class="badge">已封存</span>' : '') + '</div>'
      + '<div class="meta">' + esc(w.unitName) + (w.when ? ' · ' + esc(shortTime(w.when)) : '') + ' · 撤回于 ' + esc(shortTime(w.withdrawnAt)) + '</div>'
      + (w.reason ? '<div class="reason">服务器拒收的原因：' + esc(w.reason) + '</div>' : '')
      + (w.note ? '<div class="next">撤回说明：' + esc(w.note) + '</div>' : '')
      + '<div class="actions">'
      + (w.replacedBy ? '<a class="button secondary replaced-by" href="#/record/' + esc(w.replacedBy) + '">查看改正后的新记录</a>' : '')
      + '<a class="button secondary view-withdrawn" href="#/record/' + esc(w.id) + '">查看这条记录</a>'
      + '</div></div>').join('')
    + '<div class="actions"><a class="button secondary" href="#/records">返回记录列表</a></div>';
  // a sync round withdraws nothing (only the inspector does): the page stays as it is
  pageRefresh = async () => {};
}

/* ----- a record's page: every field in words ----- */

/** Fields of the envelope or shown at the top of the page, not again among the record's content. */
const NOT_CONTENT = ['id', 'type', 'version', 'deleted', 'createdAt', 'updatedAt', 'status', 'seal', 'sealVerified', 'overdue', 'escalateTo'];
/** The catalogue section a field's codes are named in; a code elsewhere is looked up in every section. */
const CODE_SECTIONS = { grade: 'hazardGrades', category: 'hazardCategories', result: 'checkResults', role: 'signerRoles', level: 'listingLevels' };

/** A code's Chinese name: from the field's own section, else any section of the catalogue that names it. */
function codeName(field, code, type) {
  const own = field === 'kind' ? (type === 'pledge' ? 'pledgeKinds' : 'onSiteMeasures')
    : field === 'status' ? (type === 'hazard' ? 'hazardStatus' : type === 'pledge' ? 'pledgeStatus' : 'inspectionStatus') : CODE_SECTIONS[field];
  if (own && L[own] && L[own][code]) return L[own][code];
  for (const section of Object.keys(L)) {
    if (section !== 'fields' && L[section] && typeof L[section][code] === 'string') return L[section][code];
  }
  return code;
}

/**
 * A value of a record in words, as HTML (its text already made visible by the app: control and
 * bidi characters written out): codes by their names, days and times with their year in the
 * zone, units and people by name, linked records as links, photos counted, lists and parts in turn.
 */
function valueWords(field, value, type) {
  if (value == null || value === '') return '';
  if (Array.isArray(value)) {
    if (value.every(x => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x))) return value.length + ' 张';
    const items = value.map(x => valueWords(field, x, type)).filter(Boolean);
    return items.length > 1 || (value.length && typeof value[0] === 'object') ? '<ol class="values">' + items.map(x => '<li>' + x + '</li>').join('') + '</ol>' : items.join('');
  }
  if (typeof value === 'object') {
    if (field === 'location' || field === 'place') {
      return esc([value.address, value.lat != null ? Number(value.lat).toFixed(5) + ', ' + Number(value.lon).toFixed(5) : '',
        value.accuracyM != null ? '定位精度 ±' + value.accuracyM + ' 米' : ''].filter(Boolean).join(' · '));
    }
    return '<dl class="parts">' + Object.entries(value).map(([k, v]) => {
      const words = valueWords(k, v, type);
      // a measure's description is what the measure is, not a danger's description
      const name = field === 'onSiteMeasures' && k === 'description' ? '措施内容' : label('fields', k);
      return words ? '<dt>' + esc(name) + '</dt><dd>' + words + '</dd>' : '';
    }).join('') + '</dl>';
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return esc(String(value));
  const text = String(value);
  if (/^[0-9a-f]{64}$/.test(text)) return field === 'signatureImage' ? '已签名（手写签名图片）' : '照片 1 张';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) {
    const unit = units.find(u => u.id === text);
    if (unit) return esc(unit.name);
    const person = persons.find(x => x.id === text);
    if (person) return esc(person.name);
    return '<a href="#/record/' + esc(text) + '">' + esc(field === 'inspectionId' ? '查看检查记录' : field === 'amends' ? '查看所更正的记录' : '查看该记录') + '</a>';
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return esc(chineseDay(text));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return esc(shortTime(text));
  if (/^[A-Z][A-Z0-9_]+$/.test(text)) return esc(codeName(field, text, type));
  return esc(text);
}

async function viewRecord(id) {
  const current = ticket();
  await loadScope();
  const v = await api('GET', '/records/' + id);
  if (!current()) return;
  const r = v.record;
  // what is shown: the record with its text made visible (control and bidi characters written out), as the command line shows it
  const shown = v.shown || r;
  const rows = [];
  const add = (name, value) => { if (value) rows.push('<dt>' + esc(name) + '</dt><dd>' + value + '</dd>'); };
  add('所属单位', esc(unitName(r.unitId || (r.signer && r.signer.unitId))));
  add('状态', esc(v.statusName));
  if (v.ownerId) add('所属记录', '<a id="photo-owner" href="#/record/' + esc(v.ownerId) + '">' + esc(v.summary) + '</a>');
  const done = new Set(NOT_CONTENT.concat(['unitId']));
  if (r.type === 'inspection') {
    add('检查时间', esc(shortTime(r.startedAt) + (r.endedAt ? ' 至 ' + shortTime(r.endedAt) : '')));
    add('执法人员', (shown.inspectors || []).map(i => esc(i.name) + (i.certificateNumber ? '（执法证号 ' + esc(i.certificateNumber) + '）' : '')).join('、'));
    add('检查结果', (shown.checklist || []).map(i => esc(i.itemCode) + ' ' + esc(i.text) + '：<b>' + esc(label('checkResults', i.result) || '未作答') + '</b>'
      + (i.forcesMajor ? '（重大隐患判定项）' : '') + (i.evidence ? '（照片 ' + i.evidence.length + ' 张）' : '') + (i.note ? '<br><span class="note">说明：' + esc(i.note) + '</span>' : '')).join('<br>'));
    add('签名', (shown.signatures || []).map(s => esc(label('signerRoles', s.role)) + ' ' + esc(s.name) + (s.position ? '（' + esc(s.position) + '）' : '')
      + (s.certificateNumber ? '（执法证号 ' + esc(s.certificateNumber) + '）' : '') + (s.signedAt ? ' · ' + esc(shortTime(s.signedAt)) : '')).join('<br>'));
    if (shown.refusalToSign) add('拒绝签字', '<span id="refusal-words">拒签人 ' + esc(shown.refusalToSign.refusedBy) + '（' + esc(shown.refusalToSign.refusedByRole) + '），见证人 '
      + esc(shown.refusalToSign.witness && shown.refusalToSign.witness.name) + (shown.refusalToSign.recordedAt ? ' · ' + esc(shortTime(shown.refusalToSign.recordedAt)) : '') + '</span>');
    ['startedAt', 'endedAt', 'inspectors', 'checklist', 'signatures', 'refusalToSign'].forEach(f => done.add(f));
  }
  if (r.type === 'pledge' && shown.signer) {
    add('签订人', esc(shown.signer.name + ' ' + (shown.signer.position || '')));
    done.add('signer');
  }
  // every other field of the record, named from the label catalogue: nothing recorded is left off the page
  for (const [field, value] of Object.entries(shown)) {
    if (done.has(field)) continue;
    // named as the device's own checks name it (a pledge's items are its 责任条目)
    add((v.fieldNames && v.fieldNames[field]) || label('fields', field), valueWords(field, value, r.type));
  }
  if (r.seal) add('电子签章', '<span id="seal-words">' + esc(v.sealWords) + '</span> · ' + esc(shortTime(r.seal.sealedAt)));
  const withdrawn = v.state === 'WITHDRAWN';
  // an abandoned draft may be discarded; the device library's rules (Deletions) refuse what must stay, in words
  const discardable = !withdrawn && !r.deleted && (r.type === 'hazard' ? r.version === 0 : r.status !== 'SEALED');
  const failed = r.type === 'inspection' && !withdrawn ? (shown.checklist || []).filter(i => i.result === 'FAIL') : [];
  const raised = v.raised || {};
  // one danger per failed item: an item that has one links to it instead of offering a second
  const raiseAction = i => raised[i.itemCode]
    ? '<span class="hint">已登记隐患</span><a class="button secondary raised" data-item="' + esc(i.itemCode) + '" href="#/record/' + esc(raised[i.itemCode]) + '">查看隐患</a>'
    : '<a class="button secondary raise" data-item="' + esc(i.itemCode) + '" href="#/hazard/new?inspection=' + id + '&item=' + encodeURIComponent(i.itemCode) + '">登记隐患</a>';
  main().innerHTML = '<h1>' + esc(v.typeName) + '</h1><div class="card" id="record-state" data-id="' + esc(id) + '">' + stateBlock(v) + recordActions(v) + '</div>'
    + '<div class="card"><dl class="fields">' + rows.join('') + '</dl></div>'
    + (failed.length ? '<div class="card"><h2>由不符合项登记隐患</h2>' + failed.map(i => '<div class="item"><div>' + esc(i.itemCode) + ' ' + esc(i.text)
      + (i.forcesMajor ? '<span class="badge major">重大隐患判定项</span>' : '') + '</div><div class="actions">' + raiseAction(i) + '</div></div>').join('') + '</div>' : '')
    + '<div class="actions">'
    + (r.type !== 'hazard' && r.status !== 'SEALED' && !withdrawn ? '<a class="button" id="go-sign" href="#/sign/' + id + '">签字封存</a>' : '')
    + (r.type === 'inspection' && r.status !== 'SEALED' && !withdrawn ? '<a class="button secondary" href="#/inspection/' + id + '">修改</a>' : '')
    + (r.type === 'hazard' && !withdrawn ? '<a class="button secondary" id="edit-hazard" href="#/hazard/' + id + '">修改</a>' : '')
    + (v.replacedBy ? '<a class="button secondary replaced-by" href="#/record/' + esc(v.replacedBy) + '">查看改正后的新记录</a>' : '')
    + (discardable ? '<button type="button" class="danger" id="delete-draft">删除草稿</button>' : '')
    + '<a class="button secondary" href="#/records">返回记录列表</a></div>';
  wireRecordActions(main(), () => viewRecord(id));
  // a page that only displays the record: drawn again with what the round left (it holds nothing typed)
  pageRefresh = () => viewRecord(id);
  if (discardable) {
    $('#delete-draft').addEventListener('click', async () => {
      if (!confirm('删除这份草稿？删除后它不再列出、不再发送（本设备的存储仍留有删除记录备查）。')) return;
      try {
        await api('POST', '/records/' + id + '/delete');
        toast('草稿已删除');
        location.hash = '#/records';
      } catch (err) { toast(err.message, true); }
    });
  }
}

/* ---------- start ---------- */

/**
 * Opened without this launch's token (the home-screen icon, a bookmark, a tab left from an earlier
 * launch): the local API answers nothing, so say in plain words how to open the app again.
 */
function viewNoLaunch() {
  $('#sync-text').textContent = '';
  $('#sync-now').hidden = true;
  main().innerHTML = '<h1>请重新打开应用</h1><div class="card" id="no-launch">'
    + '<p>为保护本设备上的记录，检查员应用只接受从启动时显示的地址打开的页面。</p>'
    + '<ol><li>在本设备上运行 <b>fieldsync app</b>（启动检查员应用）；</li>'
    + '<li>用它显示（或自动打开）的地址进入，不要使用书签或主屏幕图标上的旧地址；</li>'
    + '<li>记录都保存在本设备上，重新打开后一条不少；如登录已过期，应用会请您重新输入密码。</li></ol></div>';
}

async function start() {
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    viewNoLaunch();
    return;
  }
  try {
    [L] = await Promise.all([api('GET', '/labels'), refreshState()]);
  } catch (e) {
    if (e.status === 403) { viewNoLaunch(); return; }
    main().innerHTML = '<div class="card summary-problems">' + esc(e.message) + '</div>';
    $('#sync-text').textContent = '';
    return;
  }
  $('#sync-now').addEventListener('click', () => startSync().catch(showError));
  if (device.sync.running) watchSync();
  await route();
  // drawn just now: the page shows what the last round left
  if (!device.sync.running) $('#syncbar').setAttribute('data-shown', device.sync.last ? device.sync.last.at : '');
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch(() => {}); // installable where the browser allows; the app works without
  }
}

start();
