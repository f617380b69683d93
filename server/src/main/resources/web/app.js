// The review console: plain JavaScript over the same API and accounts as everything else.
// Every value shown comes from evidence someone typed, so it is escaped (esc) before it meets HTML.
'use strict';

const LABELS = {
  roles: { INSPECTOR: '检查员', REVIEWER: '审查人员', ADMIN: '管理员' },
  tracks: { DIRECT: '直接责任', LEADERSHIP: '主体责任 / 领导责任 / 监督责任' },
  states: { PROPOSED: '待审核', CONFIRMED: '已确认', REJECTED: '已驳回' },
  caseStatus: { OPEN: '办理中', CLOSED: '已结案' },
  grades: { ORDINARY: '一般事故', SERIOUS: '较大事故', MAJOR: '重大事故', EXTRAORDINARY: '特别重大事故', GENERAL: '一般隐患' },
  checklist: {
    CAUSE_ESTABLISHED: '事故原因已查清',
    RESPONSIBLE_DEALT_WITH: '责任人员已处理',
    RECTIFICATION_IMPLEMENTED: '整改措施已落实',
    PEOPLE_EDUCATED: '有关人员已受到教育'
  },
  // FINAL is "no remedy pending any more", not "took effect": a 政务处分 takes effect when it is made
  // and is executed during 复审/复核 (政务处分法 art 56). REVIEW_REQUESTED/APPEALED name the first and
  // second level of the action's remedy route (复审→复核 for a 监察机关, 复核→申诉 under 公务员法).
  steps: { PROPOSED: '已提出', NOTIFIED: '已告知', DECIDED: '已作出决定', REVIEW_REQUESTED: '一级救济审理中', APPEALED: '二级救济审理中',
    FINAL: '救济期满/已终结', EXEMPTED: '尽职免责（未予处分）' },
  evidence: { inspection: '检查记录', hazard: '事故隐患', pledge: '责任书', attachment: '附件', action: '问责', case: '案件',
    unit: '单位', person: '人员' },
  // the fields a conflict can hold, as a reviewer reads them (the code stays in data-field)
  fields: { description: '隐患描述', responsiblePerson: '整改责任人', status: '状态', deadline: '整改期限', notes: '备注',
    photos: '照片', grade: '等级', category: '类别', location: '位置', unitId: '所属单位', inspectionId: '检查记录',
    foundAt: '发现时间', name: '名称', findings: '检查发现', deleted: '删除标记' },
  // why the server holds an operation for now (GET /api/sync/held)
  held: { attachment_missing: '附件尚未上传', unknown_record: '记录本身尚未到达', waits_for_earlier: '等待该设备之前的操作',
    waits_for_linked: '等待所引用的记录', out_of_scope: '超出该用户当前的管辖范围' }
};

// page → roles that may open it; the API checks the same again on every call
const PAGES = {
  cases: ['REVIEWER', 'ADMIN'],
  case: ['REVIEWER', 'ADMIN'],
  record: ['INSPECTOR', 'REVIEWER', 'ADMIN'],
  hazards: ['INSPECTOR', 'REVIEWER', 'ADMIN'],
  conflicts: ['ADMIN'],
  devices: ['ADMIN'],
  users: ['ADMIN'],
  rejected: ['ADMIN'],
  home: ['INSPECTOR', 'REVIEWER', 'ADMIN']
};

const NAV = [
  ['cases', '案件'], ['hazards', '隐患台账'], ['conflicts', '同步冲突'], ['devices', '设备'], ['users', '用户'], ['rejected', '拒收与隔离']
];

const state = { token: sessionStorage.getItem('fieldsync.token'), me: null };
const main = () => document.getElementById('main');

function esc(value) {
  return String(value === undefined || value === null ? '' : value)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.style.display = 'block';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.style.display = 'none'; }, 4000);
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.message ? problem.message : ('HTTP ' + status));
    this.status = status;
    this.code = problem && problem.code;
  }
}

async function api(method, path, body, raw) {
  const headers = {};
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && path !== '/api/auth/login') {
    logout('登录已过期，请重新登录');
    throw new ApiError(401, { message: '请重新登录' });
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (e) { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

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
  const page = (location.hash.split('/')[1] || '');
  nav.innerHTML = NAV.filter(([p]) => PAGES[p].includes(state.me.role))
    .map(([p, label]) => `<a href="#/${p}" id="nav-${p}" class="${page === p ? 'active' : ''}">${label}</a>`).join('');
  who.innerHTML = `<span id="current-user">${esc(state.me.username)}（${esc(LABELS.roles[state.me.role])}）</span>`
    + '<button id="logout" type="button">退出</button>';
  document.getElementById('logout').onclick = () => logout();
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
      error.textContent = e.code === 'too_many_attempts' ? e.message : '用户名或密码错误（' + e.message + '）';
    }
  };
}

async function loadMe() {
  state.me = await api('GET', '/api/auth/me');
  renderChrome();
}

function homePage() {
  main().innerHTML = `<h1>欢迎，${esc(state.me.username)}</h1>
    <p id="home-text">${state.me.role === 'INSPECTOR'
      ? '检查员在移动终端上记录现场检查、事故隐患和责任书；本控制台供审查人员和管理员使用。可查看本辖区的隐患台账。'
      : '请从上方菜单选择。'}</p>`;
}

function forbiddenPage() {
  main().innerHTML = `<h1 id="forbidden">无权访问此页面</h1><p>${esc(LABELS.roles[state.me.role])}不能打开该页面。</p>`;
}

// ---- cases ----------------------------------------------------------------------------------

async function casesPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  main().innerHTML = `<h1>案件</h1>
    <div class="filters">
      <select id="f-status"><option value="">全部状态</option><option value="OPEN">办理中</option><option value="CLOSED">已结案</option></select>
      <select id="f-grade"><option value="">全部等级</option>${Object.entries(LABELS.grades).filter(([k]) => k !== 'GENERAL')
        .map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select>
      <input id="f-jurisdiction" placeholder="行政区划代码前缀" size="14">
      <label><input type="checkbox" id="f-overdue"> 仅超期</label>
      <button id="f-apply" type="button">查询</button>
    </div>
    <table id="cases"><thead><tr><th>案号</th><th>案件</th><th>等级</th><th>事发时间</th><th>状态</th><th>期限</th></tr></thead><tbody></tbody></table>`;
  for (const [id, key] of [['f-status', 'status'], ['f-grade', 'grade'], ['f-jurisdiction', 'jurisdiction']]) {
    document.getElementById(id).value = params.get(key) || '';
  }
  document.getElementById('f-overdue').checked = params.get('overdue') === 'true';
  document.getElementById('f-apply').onclick = () => {
    const q = new URLSearchParams();
    for (const [id, key] of [['f-status', 'status'], ['f-grade', 'grade'], ['f-jurisdiction', 'jurisdiction']]) {
      const v = document.getElementById(id).value.trim();
      if (v) q.set(key, v);
    }
    if (document.getElementById('f-overdue').checked) q.set('overdue', 'true');
    location.hash = '#/cases?' + q.toString();
  };
  const list = await api('GET', '/api/cases?' + params.toString());
  const body = document.querySelector('#cases tbody');
  body.innerHTML = list.items.map(c => `
    <tr class="case-row ${c.overdue ? 'overdue' : ''}" data-id="${esc(c.id)}">
      <td><a class="case-link" href="#/case/${esc(c.id)}">${esc(c.number)}</a></td>
      <td>${esc(c.title)}</td><td>${esc(LABELS.grades[c.grade] || c.event.kind)}</td>
      <td>${esc(c.event.at)}</td><td>${esc(LABELS.caseStatus[c.status])}</td>
      <td>${c.deadlines ? '调查报告 ' + esc(c.deadlines.reportDue) + (c.overdue ? ' <b>已超期</b>' : '') : ''}</td>
    </tr>`).join('') || '<tr><td colspan="6" class="muted">没有案件</td></tr>';
}

async function casePage(id) {
  const c = await api('GET', '/api/cases/' + encodeURIComponent(id));
  renderCase(c);
}

function renderCase(c) {
  const open = c.status === 'OPEN';
  main().innerHTML = `
    <h1><span id="case-number">${esc(c.number)}</span> ${esc(c.title)}</h1>
    <div class="card">
      <div>状态：<b id="case-status">${esc(LABELS.caseStatus[c.status])}</b>　事件：${esc(c.event.kind)} ${esc(c.event.at)}
        ${c.grade ? '　等级：' + esc(LABELS.grades[c.grade]) : ''}
        ${c.event.deaths !== undefined ? `　死亡 ${esc(c.event.deaths)} 人，重伤 ${esc(c.event.seriousInjuries)} 人，直接经济损失 ${esc(c.event.directLossCny)} 元` : ''}</div>
      ${c.deadlines ? `<div>调查报告期限：${esc(c.deadlines.reportDue)}${c.deadlines.reportOverdue ? ' <b class="error">已超期</b>' : ''}
        ${c.deadlines.replyDue ? '　批复期限：' + esc(c.deadlines.replyDue) : ''}</div>` : ''}
      <div>调查人员：${esc((c.investigators || []).join('、'))}</div>
      <button id="export-bundle" type="button">导出证据包</button>
    </div>
    <div class="tracks">${['DIRECT', 'LEADERSHIP'].map(t => renderTrack(c, t, open)).join('')}</div>
    <h2>四不放过</h2>
    <div class="card" id="checklist">
      ${Object.entries(c.checklist).map(([item, entry]) => `
        <label><input type="checkbox" class="check-item" data-item="${item}" ${entry.done ? 'checked' : ''} ${open ? '' : 'disabled'}>
        ${esc(LABELS.checklist[item])}</label>${entry.by ? ` <span class="muted">（${esc(entry.by)}）</span>` : ''}<br>`).join('')}
      <button id="close-case" type="button" ${open ? '' : 'disabled'}>结案</button>
      <span id="close-message" class="error"></span>
    </div>`;
  document.getElementById('export-bundle').onclick = () => download('POST', '/api/bundles', { caseId: c.id }, 'evidence-' + c.id + '.zip');
  document.querySelectorAll('.confirm').forEach(b => b.onclick = () => decide(c, b.dataset.link, true));
  document.querySelectorAll('.reject').forEach(b => b.onclick = () => {
    b.parentElement.querySelector('.reject-form').style.display = 'block';
  });
  document.querySelectorAll('.reject-submit').forEach(b => b.onclick = () => {
    const reason = b.parentElement.querySelector('.reject-reason').value.trim();
    if (!reason) { toast('驳回须说明理由'); return; }
    decide(c, b.dataset.link, false, reason);
  });
  document.querySelectorAll('.check-item').forEach(box => box.onchange = async () => {
    renderCase(await api('POST', `/api/cases/${c.id}/checklist`, { item: box.dataset.item, done: box.checked }));
  });
  document.getElementById('close-case').onclick = async () => {
    try {
      renderCase(await api('POST', `/api/cases/${c.id}/close`));
      toast('已结案');
    } catch (e) {
      document.getElementById('close-message').textContent = e.message;
    }
  };
}

function renderTrack(c, track, open) {
  const t = c.tracks[track];
  return `<section class="track" id="track-${track}">
    <h2>${esc(LABELS.tracks[track])}</h2>
    <h3>当事人</h3><ul>${t.parties.map(p => `<li>${esc(p.name)}（事发时：${esc(p.postAtEvent || '无职务记录')}）${esc(p.responsibility)}</li>`).join('')
      || '<li class="muted">暂无</li>'}</ul>
    <h3>认定事实</h3><ul>${t.findings.map(f => `<li>${esc(f.text)} <span class="muted">${esc(f.addedBy)}</span></li>`).join('')
      || '<li class="muted">暂无</li>'}</ul>
    <h3>证据</h3><ul class="links">${t.links.map(l => `
      <li class="link" data-evidence-id="${esc(l.evidenceId)}" data-state="${esc(l.state)}" data-link="${esc(l.id)}">
        <span class="badge ${esc(l.state)}">${esc(LABELS.states[l.state])}</span>
        ${l.aggravating ? '<span class="badge aggravating">加重情节</span>' : ''}
        <a href="#/record/${esc(l.evidenceType)}/${esc(l.evidenceId)}">${esc(LABELS.evidence[l.evidenceType] || l.evidenceType)}</a>
        ${esc(l.reason)} <span class="muted">（${esc(l.proposedBy === 'SYSTEM' ? '系统推荐' : l.proposedBy)}）</span>
        ${l.decisionReason ? `<div class="decision-reason">驳回理由：${esc(l.decisionReason)}（${esc(l.decidedBy)}）</div>` : ''}
        ${open && l.state === 'PROPOSED' ? `
          <button type="button" class="confirm" data-link="${esc(l.id)}">确认</button>
          <button type="button" class="reject" data-link="${esc(l.id)}">驳回</button>
          <div class="reject-form" style="display:none"><input class="reject-reason" placeholder="驳回理由" size="30">
            <button type="button" class="reject-submit" data-link="${esc(l.id)}">提交驳回</button></div>` : ''}
      </li>`).join('') || '<li class="muted">暂无</li>'}</ul>
    <h3>问责</h3><ul>${t.actions.map(a => `<li class="action">${esc(a.form.label)} · ${esc(stepLabel(a))}
        ${a.influenceEnds ? `· 影响期至 <b>${esc(a.influenceEnds)}</b>` : ''}
        ${a.executed === false ? '· 不另执行（政务处分法第15条）' : ''}
        ${a.deadlines.statement ? '· 陈述申辩截止 ' + esc(a.deadlines.statement) : ''}
        ${a.deadlines.reviewRequest ? '· ' + esc(a.remedy.firstLevel || '') + '申请截止 ' + esc(a.deadlines.reviewRequest) : ''}
        ${a.deadlines.directAppeal ? '· 直接申诉截止 ' + esc(a.deadlines.directAppeal) : ''}
        ${a.deadlines.appealAfterReview ? '· ' + esc(a.remedy.secondLevel || '') + '申请截止 ' + esc(a.deadlines.appealAfterReview) : ''}
        ${a.exemption ? '· 尽职免责：' + esc(a.exemption.reason) : ''}</li>`).join('') || '<li class="muted">暂无</li>'}</ul>
  </section>`;
}

/** The step's label, naming the remedy level by the action's route (复审, 复核 or 申诉). */
function stepLabel(a) {
  if (a.state === 'REVIEW_REQUESTED' && a.remedy && a.remedy.firstLevel) return a.remedy.firstLevel + '中';
  if (a.state === 'APPEALED' && a.remedy && a.remedy.secondLevel) return a.remedy.secondLevel + '中';
  return LABELS.steps[a.state] || a.state;
}

async function decide(c, link, confirm, reason) {
  try {
    const path = `/api/cases/${c.id}/links/${link}/${confirm ? 'confirm' : 'reject'}`;
    renderCase(await api('POST', path, confirm ? {} : { reason }));
    toast(confirm ? '已确认' : '已驳回');
  } catch (e) {
    toast(e.message);
  }
}

// ---- evidence viewer --------------------------------------------------------------------------

const COLLECTIONS = { unit: 'units', person: 'persons', inspection: 'inspections', hazard: 'hazards', pledge: 'pledges' };

async function recordPage(type, id) {
  if (!COLLECTIONS[type]) {
    main().innerHTML = `<h1>${esc(LABELS.evidence[type] || type)}</h1><p class="muted">该类证据在案件页面中查看。</p>`;
    return;
  }
  const record = await api('GET', `/api/${COLLECTIONS[type]}/${encodeURIComponent(id)}`);
  const history = await api('GET', `/api/${COLLECTIONS[type]}/${encodeURIComponent(id)}/history`);
  let audit = null;
  try { audit = await api('GET', '/api/audit?record=' + encodeURIComponent(id)); } catch (e) { /* inspectors do not read the audit log */ }
  const photos = [].concat(record.photos || []);
  if (record.signatureImage) photos.push(record.signatureImage);
  (record.signatures || []).forEach(s => { if (s.image) photos.push(s.image); });
  main().innerHTML = `<h1>${esc(LABELS.evidence[type] || type)} <span class="muted">${esc(id)}</span></h1>
    <div class="card">版本 ${esc(record.version)}　
      ${record.seal ? `封存：<b id="seal-status">${record.sealVerified ? '签名验证通过' : '签名验证失败'}</b>` : '<span id="seal-status">未封存</span>'}
      ${record.overdue ? '　<b class="error">已逾期</b>' : ''}${record.escalateTo ? '　督办升级至 ' + esc(record.escalateTo) : ''}</div>
    <table id="fields">${Object.entries(record).filter(([k]) => !['photos'].includes(k)).map(([k, v]) =>
      `<tr><th>${esc(k)}</th><td>${esc(typeof v === 'object' ? JSON.stringify(v, null, 1) : v)}</td></tr>`).join('')}</table>
    <h2>照片与签名</h2><div id="photos">${photos.length ? '' : '<span class="muted">无</span>'}</div>
    <h2>版本历史</h2><ol id="history">${history.versions.map(v => `<li><pre>${esc(JSON.stringify(v, null, 1))}</pre></li>`).join('')}</ol>
    <h2>审计记录</h2><ul id="audit">${audit ? audit.items.map(i => `<li>${esc(i.entry.at)} ${esc(i.entry.actor)} ${esc(i.entry.action)}</li>`).join('') : '<li class="muted">无权查看</li>'}</ul>`;
  const box = document.getElementById('photos');
  for (const sha of photos) {
    try {
      const blob = await (await api('GET', '/api/attachments/' + sha, undefined, true)).blob();
      const img = document.createElement('img');
      img.className = 'photo';
      img.alt = sha;
      img.src = URL.createObjectURL(blob);
      box.appendChild(img);
    } catch (e) {
      box.insertAdjacentHTML('beforeend', `<span class="muted">${esc(sha)}（无法读取）</span> `);
    }
  }
}

// ---- hidden-danger ledger ---------------------------------------------------------------------

const LEDGER_FILTERS = [['l-unit', 'unit'], ['l-jurisdiction', 'jurisdiction'], ['l-grade', 'grade'], ['l-status', 'status']];

async function hazardsPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  main().innerHTML = `<h1>隐患台账</h1>
    <div class="filters">
      <input id="l-unit" placeholder="单位ID" size="38"><input id="l-jurisdiction" placeholder="行政区划代码前缀" size="14">
      <select id="l-grade"><option value="">全部等级</option><option value="GENERAL">一般</option><option value="MAJOR">重大</option></select>
      <input id="l-status" placeholder="状态，如 REGISTERED" size="18">
      <label><input type="checkbox" id="l-overdue"> 仅逾期</label>
      <label><input type="checkbox" id="l-listed"> 仅挂牌督办</label>
      <button id="l-apply" type="button">查询</button>
      <button id="export-csv" type="button">导出 CSV</button>
      <button id="export-xlsx" type="button">导出 XLSX</button>
    </div>
    <p id="ledger-total" class="muted"></p>
    <table id="ledger"><thead><tr><th>单位</th><th>等级</th><th>隐患描述</th><th>发现时间</th><th>整改期限</th><th>状态</th><th>挂牌督办</th></tr></thead><tbody></tbody></table>`;
  for (const [id, key] of LEDGER_FILTERS) document.getElementById(id).value = params.get(key) || '';
  document.getElementById('l-overdue').checked = params.get('overdue') === 'true';
  document.getElementById('l-listed').checked = params.get('listed') === 'true';
  const query = () => {
    const q = new URLSearchParams();
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
  document.getElementById('export-xlsx').onclick = () => download('GET', '/api/hazards/export?format=xlsx&' + query(), undefined, 'hazard-ledger.xlsx');
  params.set('limit', '500');
  const list = await api('GET', '/api/hazards?' + params.toString());
  const units = {};
  for (const h of list.items) {
    if (!(h.unitId in units)) {
      units[h.unitId] = h.unitId;
      api('GET', '/api/units/' + h.unitId).then(u => {
        document.querySelectorAll(`[data-unit="${h.unitId}"]`).forEach(td => { td.textContent = u.name; });
      }).catch(() => {});
    }
  }
  document.getElementById('ledger-total').textContent = `共 ${list.total} 条${list.total > list.items.length ? '，每页 500 条；导出为全部' : ''}`;
  if (list.nextCursor) {
    const next = new URLSearchParams(params);
    next.delete('limit');
    next.set('cursor', list.nextCursor);
    document.getElementById('ledger-total').insertAdjacentHTML('beforeend', ` <a id="ledger-next" href="#/hazards?${esc(next.toString())}">下一页</a>`);
  }
  document.querySelector('#ledger tbody').innerHTML = list.items.map(h => {
    const listing = (h.supervisionListing || []).slice(-1)[0];
    return `<tr class="hazard-row ${h.overdue ? 'overdue' : ''}" data-id="${esc(h.id)}">
      <td data-unit="${esc(h.unitId)}">${esc(h.unitId)}</td><td>${h.grade === 'MAJOR' ? '重大' : '一般'}</td>
      <td><a href="#/record/hazard/${esc(h.id)}">${esc(h.description)}</a></td><td>${esc(h.foundAt)}</td>
      <td>${esc(h.deadline)}${h.overdue ? ' <b>逾期</b>' : ''}</td><td>${esc(h.status)}</td>
      <td>${listing && listing.event === 'LISTED' ? esc(listing.level + ' ' + listing.documentNumber) : ''}${h.escalateTo ? ' → 升级至 ' + esc(h.escalateTo) : ''}</td>
    </tr>`;
  }).join('') || '<tr><td colspan="7" class="muted">没有隐患</td></tr>';
}

async function download(method, path, body, fallbackName) {
  try {
    const response = await api(method, path, body, true);
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename="([^"]+)"/.exec(disposition);
    const blob = await response.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = match ? match[1] : fallbackName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    toast('已导出 ' + a.download);
  } catch (e) {
    toast('导出失败：' + e.message);
  }
}

// ---- administration ---------------------------------------------------------------------------

async function conflictsPage() {
  const list = await api('GET', '/api/conflicts?status=OPEN&limit=100');
  main().innerHTML = `<h1>同步冲突</h1><p class="muted">同一字段在服务器和设备上被改成了不同的值。服务器暂存服务器值；请选择处理方式，处理结果将同步到所有设备。</p>
    <div id="conflicts">${list.items.map(renderConflict).join('') || '<p id="no-conflicts" class="muted">没有待处理的冲突</p>'}</div>`;
  document.querySelectorAll('.resolve').forEach(b => b.onclick = async () => {
    const box = b.closest('.conflict');
    // the version this page showed: if the record changed since, the server refuses (stale_resolution)
    const body = { resolution: b.dataset.resolution, version: Number(box.dataset.version) };
    if (b.dataset.resolution === 'MERGED') {
      body.values = {};
      try {
        box.querySelectorAll('.merged-value').forEach(input => { body.values[input.dataset.field] = JSON.parse(input.value); });
      } catch (e) {
        toast('合并值须为 JSON，例如 "文字" 或 123');
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
        toast('记录在您查看后已被修改，已重新载入当前值，请再次确认处理方式');
      } else {
        toast(e.message);
      }
    }
  });
}

function renderConflict(c) {
  const changed = (c.changedSince || []);
  return `<div class="card conflict" data-id="${esc(c.id)}" data-record="${esc(c.recordId)}" data-version="${esc(c.currentVersion)}">
    <div><a href="#/record/${esc(c.recordType)}/${esc(c.recordId)}">${esc(LABELS.evidence[c.recordType] || c.recordType)} ${esc(c.recordId)}</a>
      · 设备用户 ${esc(c.user)} · ${esc(c.createdAt)} · 记录当前版本 ${esc(c.currentVersion)}</div>
    ${changed.length ? `<p class="changed-since"><b>冲突产生后记录又被修改</b>（${esc(changed.join('、'))}）：请以“当前值”为准再决定。</p>` : ''}
    <table><thead><tr><th>字段</th><th>原值（共同基础）</th><th>服务器值（冲突时）</th><th>当前值</th><th>设备值（最新）</th><th>合并值（JSON）</th></tr></thead><tbody>
    ${Object.entries(c.fields).map(([field, v]) => `<tr class="conflict-field ${v.changedSince ? 'changed' : ''}" data-field="${esc(field)}">
      <td>${esc(LABELS.fields[field] || field)}</td><td class="base">${esc(JSON.stringify(v.base))}</td><td class="server">${esc(JSON.stringify(v.server))}</td>
      <td class="current">${esc(JSON.stringify(v.current))}${v.changedSince ? ' <b>已变</b>' : ''}</td>
      <td class="device">${esc(JSON.stringify(v.device))}${(v.earlierDeviceValues || []).length
        ? `<br><span class="muted earlier">此前：${esc(v.earlierDeviceValues.map(x => JSON.stringify(x)).join('、'))}</span>` : ''}</td>
      <td><input class="merged-value" data-field="${esc(field)}" value="${esc(JSON.stringify(v.current !== undefined ? v.current : v.server))}"></td></tr>`).join('')}
    </tbody></table>
    <button type="button" class="resolve resolve-server" data-resolution="SERVER">采用当前值</button>
    <button type="button" class="resolve resolve-device" data-resolution="DEVICE">采用设备值</button>
    <button type="button" class="resolve resolve-merged" data-resolution="MERGED">采用合并值</button>
  </div>`;
}

async function devicesPage() {
  const list = await api('GET', '/api/devices');
  main().innerHTML = `<h1>设备</h1><table id="devices"><thead><tr><th>设备</th><th>用户</th><th>注册时间</th><th>最近同步</th><th>状态</th><th></th></tr></thead><tbody>
    ${list.items.map(d => `<tr class="device-row" data-id="${esc(d.id)}"><td>${esc(d.name)}<br><span class="muted">${esc(d.id)}</span></td>
      <td>${esc(d.user)}</td><td>${esc(d.enrolledAt)}</td><td>${esc(d.lastSyncAt || '从未')}</td>
      <td>${d.revokedAt ? '已吊销（' + esc(d.revokedBy) + '）' + esc(d.revokeReason || '') : '正常'}</td>
      <td>${d.revokedAt ? '' : `<input class="revoke-reason" placeholder="吊销原因"> <button type="button" class="revoke">吊销</button>`}</td></tr>`).join('')}
    </tbody></table>`;
  document.querySelectorAll('.revoke').forEach(b => b.onclick = async () => {
    const row = b.closest('tr');
    await api('POST', `/api/devices/${row.dataset.id}/revoke`, { reason: row.querySelector('.revoke-reason').value || null });
    toast('设备已吊销');
    devicesPage();
  });
}

async function usersPage() {
  const list = await api('GET', '/api/admin/users');
  main().innerHTML = `<h1>用户</h1>
    <table id="users"><thead><tr><th>用户名</th><th>角色</th><th>辖区</th><th>单位</th><th>案件</th><th>状态</th></tr></thead><tbody>
    ${list.items.map(u => `<tr class="user-row" data-username="${esc(u.username)}"><td>${esc(u.username)}</td><td>${esc(LABELS.roles[u.role])}</td>
      <td>${u.role === 'ADMIN' ? '全部' : `<input class="user-jurisdictions" value="${esc(u.jurisdictions.join(','))}" size="16">
        <button type="button" class="save-scope">保存辖区</button>`}</td>
      <td>${esc(u.units.length)}</td><td>${esc(u.cases.length)}</td>
      <td>${u.disabled ? '停用' : '正常'}${u.username === 'admin' ? '' : ` <button type="button" class="toggle-user">${u.disabled ? '启用' : '停用'}</button>`}</td></tr>`).join('')}
    </tbody></table>
    <h2>新建用户</h2>
    <form class="card" id="new-user">
      <input id="u-name" placeholder="用户名" required> <input id="u-password" type="password" placeholder="密码（至少8位）" required>
      <select id="u-role"><option value="INSPECTOR">检查员</option><option value="REVIEWER">审查人员</option><option value="ADMIN">管理员</option></select>
      <input id="u-jurisdictions" placeholder="辖区代码，逗号分隔，如 370686">
      <button type="submit" id="u-create">创建</button> <span id="u-error" class="error"></span>
    </form>`;
  document.querySelectorAll('.save-scope').forEach(b => b.onclick = async () => {
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
  document.querySelectorAll('.toggle-user').forEach(b => b.onclick = async () => {
    const row = b.closest('tr');
    await api('PATCH', '/api/admin/users/' + encodeURIComponent(row.dataset.username), { disabled: b.textContent === '停用' });
    usersPage();
  });
  document.getElementById('new-user').onsubmit = async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/api/admin/users', {
        username: document.getElementById('u-name').value.trim(),
        password: document.getElementById('u-password').value,
        role: document.getElementById('u-role').value,
        jurisdictions: document.getElementById('u-jurisdictions').value.split(/[,，\s]+/).filter(Boolean)
      });
      toast('用户已创建');
      usersPage();
    } catch (e) {
      document.getElementById('u-error').textContent = e.message;
    }
  };
}

async function rejectedPage() {
  const rejected = await api('GET', '/api/sync/rejected?limit=200');
  const quarantine = await api('GET', '/api/devices/quarantine?limit=200');
  const held = await api('GET', '/api/sync/held?limit=200');
  main().innerHTML = `<h1>暂缓接收的操作</h1>
    <p class="muted">所需的记录、照片尚未到达，或已超出该用户当前的管辖范围：操作保留在设备上，每次同步时重发；在此可见，直至被接受或撤回。</p>
    <table id="held"><thead><tr><th>首次</th><th>最近</th><th>用户</th><th>记录</th><th>原因</th><th>次数</th></tr></thead><tbody>
    ${held.items.map(h => `<tr><td>${esc(h.firstAt)}</td><td>${esc(h.lastAt)}</td><td>${esc(h.user)}</td><td>${esc(LABELS.evidence[h.recordType] || h.recordType)} ${esc(h.recordId)}</td>
      <td>${esc(LABELS.held[h.code] || h.code)}<br><span class="muted">${esc(h.message)}</span></td><td>${esc(h.attempts)}</td></tr>`).join('') || '<tr><td colspan="6" class="muted">无</td></tr>'}</tbody></table>
    <h1>拒收的操作</h1>
    <table id="rejected"><thead><tr><th>时间</th><th>用户</th><th>记录</th><th>原因</th></tr></thead><tbody>
    ${rejected.items.map(r => `<tr><td>${esc(r.createdAt)}</td><td>${esc(r.user)}</td><td>${esc(r.recordType)} ${esc(r.recordId)}</td>
      <td>${esc(r.code)}：${esc(r.message)}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">无</td></tr>'}</tbody></table>
    <h1>隔离的推送（已吊销设备）</h1>
    <table id="quarantine"><thead><tr><th>时间</th><th>设备</th><th>用户</th><th>操作数</th><th>内容</th></tr></thead><tbody>
    ${quarantine.items.map(q => `<tr><td>${esc(q.receivedAt)}</td><td>${esc(q.deviceId)}</td><td>${esc(q.user)}</td><td>${esc(q.count)}</td>
      <td><pre>${esc(JSON.stringify(q.operations, null, 1))}</pre></td></tr>`).join('') || '<tr><td colspan="5" class="muted">无</td></tr>'}</tbody></table>`;
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
      case 'conflicts': await conflictsPage(); break;
      case 'devices': await devicesPage(); break;
      case 'users': await usersPage(); break;
      case 'rejected': await rejectedPage(); break;
      default: homePage();
    }
  } catch (e) {
    main().innerHTML = `<h1 id="page-error">无法打开</h1><p class="error">${esc(e.message)}</p>`;
  }
}

window.addEventListener('hashchange', route);
route();
