/*
 * The operator console: plain pages over the operator API (/api, JBeret's REST API). The browser's
 * HTTP Basic login is the console's; every action is a POST to the API, so the server checks it
 * (roles, confined files, cross-site requests) exactly as it checks curl's. No build step.
 */
'use strict';

/* The job's parameters as jobs/audio-export.xml declares them, with its defaults. */
const JOB = 'audio-export';
const PARAMETERS = [
  {group: 'What to read and write'},
  {name: 'source', required: true, hint: 'export file, http(s):// URL or labelbox:PROJECT_ID'},
  {name: 'csv', hint: 'CSV file (the long table alone), relative to the server\'s output directory'},
  {name: 'outputDir', hint: 'or a directory for every table\'s CSV and manifest.json'},
  {name: 'tables', hint: 'companion tables to write, e.g. labels,metadata (default: all seven)'},
  {name: 'rejects', hint: 'default: <csv>.rejects.jsonl'},
  {name: 'exportErrors', hint: 'default: <csv>.export-errors.jsonl (labelbox: sources)'},
  {name: 'jdbcUrl', hint: 'a database listed in AUDIOEXPORT_TABLE_URLS'},
  {name: 'table', value: 'audio_annotations'},
  {name: 'tableLoad', hint: 'copy (PostgreSQL default) or insert (H2 default)'},
  {group: 'How to run'},
  {name: 'chunkSize', value: '1000'},
  {name: 'chunkBytes', value: '4194304'},
  {name: 'skipLimit', value: '1000'},
  {name: 'skippableException', hint: 'one more exception class to skip'},
  {group: 'Labelbox filters'},
  {name: 'lastActivityFrom'}, {name: 'lastActivityTo'},
  {name: 'labelCreatedFrom'}, {name: 'labelCreatedTo'},
  {name: 'workflowStatus', hint: 'ToLabel, InReview, InRework or Done'},
  {name: 'batchIds'}, {name: 'dataRowIds'}, {name: 'globalKeys'},
  {name: 'exclude', hint: 'attachments, metadata, dataRowDetails, …'},
  {group: 'Network sources'},
  {name: 'pollSeconds', value: '2'}, {name: 'pollTimeoutMinutes', value: '120'},
  {name: 'retryAttempts', value: '6'}, {name: 'retryDelayMillis', value: '1000'},
  {name: 'httpTimeoutSeconds', value: '60'},
];
/* The sync's parameters (jobs/audio-export-sync.xml, the server's checks: SyncJobParameters). */
const SYNC_JOB = 'audio-export-sync';
const SYNC_PARAMETERS = [
  {group: 'What to sync'},
  {name: 'projects', required: true, hint: 'P1,P2,... or @FILE (one project a line, under the input directory)'},
  {name: 'jdbcUrl', required: true, hint: 'a PostgreSQL database listed in AUDIOEXPORT_TABLE_URLS'},
  {name: 'table', value: 'audio_annotations'},
  {name: 'tables', hint: 'companion tables to write, e.g. labels,metadata (default: all seven)'},
  {name: 'full', value: 'false', hint: 'true: full exports, then rows no longer exported are removed'},
  {name: 'rejectsDir', hint: 'default: <table>.sync under the output directory'},
  {group: 'How to run'},
  {name: 'threads', value: '2'}, {name: 'overlapMinutes', value: '10'},
  {name: 'chunkSize', value: '1000'}, {name: 'skipLimit', value: '1000'},
  {name: 'tableLoad', hint: 'copy (default) or insert'},
  {group: 'Labelbox'},
  {name: 'pollSeconds', value: '2'}, {name: 'pollTimeoutMinutes', value: '120'},
  {name: 'retryAttempts', value: '6'}, {name: 'retryDelayMillis', value: '1000'},
  {name: 'httpTimeoutSeconds', value: '60'},
];
const JOBS = [JOB, SYNC_JOB];
const RUNNING = ['STARTING', 'STARTED', 'STOPPING'];
const REFRESH_MS = 1000;

/* ---- the API ------------------------------------------------------------------------------- */

/* Absolute URLs from the origin: a page opened as http://user:password@host/ has a base URL with
 * credentials, and fetch refuses URLs that carry them. */
function apiUrl(path) {
  return location.origin + '/api/' + path;
}

async function api(path, body) {
  const options = {headers: {'Accept': 'application/json'}, credentials: 'same-origin', cache: 'no-store'};
  if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(apiUrl(path), options);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON: an HTML error page */ }
  if (!response.ok) {
    const reason = json && json.error ? json.error : text.replace(/<[^>]*>/g, ' ').trim().slice(0, 300);
    throw new Error(response.status + ' ' + response.statusText + (reason ? ': ' + reason : ''));
  }
  return json;
}

let sessionPromise;
function session() {
  sessionPromise = sessionPromise || api('session');
  return sessionPromise;
}

/* ---- formatting ------------------------------------------------------------------------------ */

const $ = id => document.getElementById(id);
const number = n => (n === undefined || n === null) ? '–' : Number(n).toLocaleString('en-US');

/* JSON-B writes dates as ISO-8601 with a zone id suffix ("…Z[UTC]") that Date does not parse. */
function date(text) {
  if (!text) return null;
  const parsed = new Date(String(text).replace(/\[.*\]$/, ''));
  return isNaN(parsed) ? null : parsed;
}

function when(text) {
  const d = date(text);
  if (!d) return '–';
  const pad = n => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
      + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}

function duration(seconds) {
  if (seconds === null || !isFinite(seconds) || seconds < 0) return '–';
  seconds = Math.round(seconds);
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
  return (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + s + ' s';
}

function took(execution) {
  const start = date(execution.startTime);
  if (!start) return '–';
  const end = date(execution.endTime) || (RUNNING.includes(execution.batchStatus) ? new Date() : null);
  return end ? duration((end - start) / 1000) : '–';
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function cell(row, label, content) {
  const td = element('td');
  td.dataset.label = label;
  if (content instanceof Node) td.append(content); else td.textContent = content;
  row.append(td);
  return td;
}

function statusBadge(status) {
  return element('span', 'status status-' + String(status).toLowerCase(), status);
}

function showMessage(text, kind) {
  const message = $('message');
  message.textContent = text;
  message.className = 'message ' + (kind || 'error');
  message.hidden = !text;
}

/* ---- live progress: speed and time left from what this page has seen ------------------------- */

/* Per execution: the first sample this page saw. Averaging since then smooths chunk-sized steps
 * and, unlike the execution's start time, is right for a restart that began at a checkpoint. */
const firstSamples = new Map();

function rate(progress) {
  if (progress.bytesRead === undefined) return null;
  const now = Date.now();
  const first = firstSamples.get(progress.executionId);
  if (!first || progress.bytesRead < first.bytes) {
    firstSamples.set(progress.executionId, {time: now, bytes: progress.bytesRead});
    return null;
  }
  const seconds = (now - first.time) / 1000;
  return seconds >= 1 ? (progress.bytesRead - first.bytes) / seconds : null;
}

function liveFigures(progress) {
  const bytesPerSecond = rate(progress);
  const left = progress.sourceBytes !== undefined && bytesPerSecond > 0
      ? (progress.sourceBytes - progress.bytesRead) / bytesPerSecond : null;
  return {
    percent: progress.percent !== undefined ? progress.percent.toFixed(1) + ' %' : '–',
    speed: bytesPerSecond === null ? '–' : (bytesPerSecond / 1e6).toFixed(1) + ' MB/s',
    eta: left === null ? '–' : duration(left),
  };
}

function progressBar(percent) {
  const bar = element('div', 'progress');
  const fill = element('div', 'fill');
  fill.style.width = Math.max(0, Math.min(100, percent || 0)) + '%';
  bar.append(fill);
  return bar;
}

/* ---- the executions list --------------------------------------------------------------------- */

function matchesFilters(execution) {
  const status = $('filter-status').value;
  if (status && execution.batchStatus !== status) return false;
  const started = date(execution.startTime) || date(execution.createTime);
  const from = $('filter-from').value ? new Date($('filter-from').value) : null;
  const to = $('filter-to').value ? new Date($('filter-to').value) : null;
  if (from && (!started || started < from)) return false;
  if (to && (!started || started > to)) return false;
  return true;
}

async function listRow(execution) {
  const row = element('tr', 'execution');
  row.dataset.id = execution.executionId;
  row.dataset.status = execution.batchStatus;
  const link = element('a', null, '#' + execution.executionId);
  link.href = 'execution.html?id=' + execution.executionId;
  cell(row, 'Id', link);
  cell(row, 'Status', statusBadge(execution.batchStatus));
  cell(row, 'Started', when(execution.startTime || execution.createTime));
  cell(row, 'Took', took(execution));
  cell(row, 'Source', (execution.jobParameters || {}).source || '–').className = 'path';
  const last = cell(row, RUNNING.includes(execution.batchStatus) ? 'Progress' : 'Exit status', '');
  if (RUNNING.includes(execution.batchStatus)) {
    const progress = await api('jobexecutions/' + execution.executionId + '/progress');
    const figures = liveFigures(progress);
    const live = element('div');
    live.append(progressBar(progress.percent),
        element('span', 'figures', [figures.percent, number(progress.linesRead) + ' lines',
          number(progress.rowsWritten) + ' rows', figures.speed, 'ETA ' + figures.eta].join(' · ')));
    last.className = 'live';
    last.append(live);
  } else {
    last.textContent = execution.exitStatus || '';
    last.className = 'exit';
  }
  return row;
}

async function refreshList() {
  try {
    const executions = (await api('jobexecutions?count=500')).filter(e => JOBS.includes(e.jobName) || !e.jobName)
        .sort((a, b) => b.executionId - a.executionId);
    const shown = executions.filter(matchesFilters);
    const rows = await Promise.all(shown.map(listRow));
    $('executions').tBodies[0].replaceChildren(...rows);
    $('empty').hidden = rows.length > 0;
    $('shown').textContent = 'Showing ' + rows.length + ' of the newest ' + executions.length
        + ' executions; refreshed ' + when(new Date().toISOString()) + '.';
    showMessage('');
  } catch (e) {
    showMessage(e.message);
  }
}

async function executionsPage() {
  const who = await session();
  $('start-link').hidden = !who.operator;
  $('filters').addEventListener('change', refreshList);
  $('filters').addEventListener('submit', e => e.preventDefault());
  await refreshList();
  setInterval(() => { if (!document.hidden) refreshList(); }, REFRESH_MS);
}

/* ---- one execution --------------------------------------------------------------------------- */

const METRICS = ['READ_COUNT', 'WRITE_COUNT', 'FILTER_COUNT', 'SKIPPED', 'COMMIT_COUNT', 'ROLLBACK_COUNT'];

function metricsOf(step) {
  const metrics = {};
  (step.metrics || []).forEach(m => { metrics[m.type] = m.value; });
  metrics.SKIPPED = (metrics.READ_SKIP_COUNT || 0) + (metrics.PROCESS_SKIP_COUNT || 0) + (metrics.WRITE_SKIP_COUNT || 0);
  return metrics;
}

function fillTable(id, rows) {
  $(id).tBodies[0].replaceChildren(...rows);
}

function renderParameters(parameters) {
  fillTable('parameters', Object.keys(parameters || {}).sort().map(name => {
    const row = element('tr');
    row.append(element('th', null, name));
    cell(row, name, parameters[name]).className = 'path';
    return row;
  }));
}

function renderSteps(steps) {
  const labels = ['Read', 'Written', 'Filtered', 'Skipped', 'Commits', 'Rollbacks'];
  fillTable('steps', steps.map(step => {
    const row = element('tr');
    const metrics = metricsOf(step);
    cell(row, 'Step', step.stepName);
    cell(row, 'Status', statusBadge(step.batchStatus));
    METRICS.forEach((m, i) => cell(row, labels[i], number(metrics[m])));
    cell(row, 'Exit status', step.exitStatus || '').className = 'exit';
    return row;
  }));
}

function renderPartitions(partitions) {
  $('partitions-card').hidden = partitions.length === 0;
  fillTable('partitions', partitions.map(p => {
    const row = element('tr');
    const m = p.metrics || {};
    cell(row, 'Step', p.stepName);
    cell(row, 'Partition', String(p.partition));
    cell(row, 'Status', statusBadge(p.batchStatus));
    cell(row, 'Read', number(m.READ_COUNT));
    cell(row, 'Written', number(m.WRITE_COUNT));
    cell(row, 'Skipped', number((m.READ_SKIP_COUNT || 0) + (m.PROCESS_SKIP_COUNT || 0) + (m.WRITE_SKIP_COUNT || 0)));
    cell(row, 'Exit status', p.exitStatus || '').className = 'exit';
    return row;
  }));
}

function renderRejects(rejects) {
  const count = rejects.linesRejected;
  $('rejects-summary').textContent = count === 0 ? 'No line rejected up to the last checkpoint.'
      : number(count) + (count === 1 ? ' line' : ' lines') + ' rejected'
        + (rejects.more ? '; the first ' + rejects.rejects.length + ':' : ':');
  $('rejects').hidden = rejects.rejects.length === 0;
  fillTable('rejects', rejects.rejects.map(r => {
    const row = element('tr', 'reject');
    cell(row, 'Line', number(r.line));
    cell(row, 'Byte offset', number(r.offset));
    cell(row, 'Reason', r.reason).className = 'exit';
    return row;
  }));
}

function renderProgress(progress, running) {
  const figures = liveFigures(progress);
  $('progress-bar').hidden = progress.percent === undefined;
  $('progress-fill').style.width = Math.max(0, Math.min(100, progress.percent || 0)) + '%';
  /* Speed and time left mean something only while it runs; the percent only while the source is read. */
  document.querySelectorAll('.live-only').forEach(figure => { figure.hidden = !running; });
  $('percent').textContent = figures.percent;
  $('lines-read').textContent = number(progress.linesRead);
  $('rows-written').textContent = number(progress.rowsWritten);
  $('speed').textContent = running ? figures.speed : '–';
  $('eta').textContent = running ? figures.eta : '–';
  $('lines-rejected').textContent = number(progress.linesRejected);
  $('unknown-shapes').textContent = number(progress.unknownShapes);
  $('export-errors').textContent = number(progress.exportErrors);
  $('csv').textContent = progress.csv || '–';
  $('rejects-file').textContent = progress.rejects || '–';
}

function renderActions(execution, progress, operator) {
  const status = execution.batchStatus;
  const restartable = status === 'STOPPED' || status === 'FAILED';
  $('actions').hidden = !operator;
  $('stop').hidden = !(status === 'STARTING' || status === 'STARTED');
  $('restart-form').hidden = !restartable;
  $('abandon').hidden = !restartable;
  const skipLimitFailure = restartable && progress.exceededSkipLimit;
  $('skip-limit-label').hidden = !skipLimitFailure;
  $('skip-limit-hint').hidden = !(operator && skipLimitFailure);
  if (skipLimitFailure) {
    $('skip-limit-hint').textContent = 'This run failed on its skip limit (skipLimit ' + progress.skipLimit + '). '
        + 'Restart it with a higher limit, or fix the source and start a new run.';
    if (!$('skip-limit').value) $('skip-limit').value = String(Math.max(2 * Number(progress.skipLimit), 10));
  }
}

async function act(button, path, body, then) {
  button.disabled = true;
  try {
    const result = await api(path, body);
    if (then) then(result);
  } catch (e) {
    showMessage(e.message);
  } finally {
    button.disabled = false;
  }
}

async function executionPage() {
  const id = new URLSearchParams(location.search).get('id');
  if (!/^\d+$/.test(id || '')) {
    showMessage('No execution id: open this page from the list of executions.');
    return;
  }
  document.title = 'audio-export · execution ' + id;
  $('execution-id').textContent = id;
  const who = await session();
  $('stop').addEventListener('click', () => act($('stop'), 'jobexecutions/' + id + '/stop', {},
      () => { showMessage('Stopping at the next checkpoint.', 'info'); refresh(); }));
  $('abandon').addEventListener('click', () => {
    if (confirm('Abandon execution ' + id + '? It can never be restarted.')) {
      act($('abandon'), 'jobexecutions/' + id + '/abandon', {}, () => refresh());
    }
  });
  $('restart-form').addEventListener('submit', event => {
    event.preventDefault();
    const body = $('skip-limit-label').hidden || !$('skip-limit').value ? {} : {skipLimit: $('skip-limit').value};
    act($('restart'), 'jobexecutions/' + id + '/restart', body,
        restarted => { location.href = 'execution.html?id=' + restarted.executionId; });
  });

  let ended = false;
  async function refresh() {
    try {
      const execution = await api('jobexecutions/' + id);
      const running = RUNNING.includes(execution.batchStatus);
      const [progress, steps, partitions, rejects] = await Promise.all([
        api('jobexecutions/' + id + '/progress'), api('jobexecutions/' + id + '/stepexecutions'),
        api('jobexecutions/' + id + '/partitions'),
        api('jobexecutions/' + id + '/rejects?first=20').catch(e => ({error: e.message}))]);
      $('status').replaceWith(Object.assign(statusBadge(execution.batchStatus), {id: 'status'}));
      $('exit-status').textContent = execution.exitStatus || '–';
      $('created').textContent = when(execution.createTime);
      $('started').textContent = when(execution.startTime);
      $('ended').textContent = when(execution.endTime) + (execution.endTime ? ' (took ' + took(execution) + ')' : '');
      $('instance').textContent = execution.jobName + ' #' + execution.jobInstanceId;
      renderProgress(progress, running);
      renderParameters(execution.jobParameters);
      renderSteps(steps);
      renderPartitions(partitions);
      if (rejects.error) {
        $('rejects-summary').textContent = rejects.error;
      } else {
        renderRejects(rejects);
      }
      renderActions(execution, progress, who.operator);
      if (!running && !ended && $('message').classList.contains('info')) showMessage('');
      ended = !running;
    } catch (e) {
      showMessage(e.message);
    }
  }
  await refresh();
  /* Keep polling after the end too (slower): another operator may restart or abandon it. A tab
   * in the background asks nothing. */
  let ticks = 0;
  setInterval(() => { if (!document.hidden && (!ended || ++ticks % 5 === 0)) refresh(); }, REFRESH_MS);
}

/* ---- the start form -------------------------------------------------------------------------- */

function startField(parameter) {
  if (parameter.group) return element('h2', null, parameter.group);
  const label = element('label', 'field');
  label.append(element('span', 'name', parameter.name + (parameter.required ? ' *' : '')));
  const input = element('input');
  input.name = parameter.name;
  input.id = 'parameter-' + parameter.name;
  input.value = parameter.value || '';
  input.placeholder = parameter.hint || '';
  input.required = !!parameter.required;
  input.autocomplete = 'off';
  label.append(input);
  return label;
}

async function startPage() {
  const who = await session();
  $('viewer-note').hidden = who.operator;
  $('start-form').hidden = !who.operator;
  if (!who.operator) return;
  /* start.html?job=sync starts a sync of projects instead of a run. */
  const sync = new URLSearchParams(location.search).get('job') === 'sync';
  const parameters = sync ? SYNC_PARAMETERS : PARAMETERS;
  if (sync) {
    $('title').textContent = 'Start a sync';
    document.title = 'audio-export · start a sync';
  }
  $('fields').replaceChildren(...parameters.map(startField));
  $('start-form').addEventListener('submit', event => {
    event.preventDefault();
    const body = {};
    parameters.filter(p => p.name).forEach(p => {
      const value = $('parameter-' + p.name).value.trim();
      if (value !== '' && value !== (p.value || '')) body[p.name] = value;
    });
    act($('start'), 'jobs/' + (sync ? SYNC_JOB : JOB) + '/start', body,
        started => { location.href = 'execution.html?id=' + started.executionId; });
  });
}

/* ---- every page ------------------------------------------------------------------------------ */

/* The bar every page starts with: the console's name (a link to the list) and who is logged in. */
function header() {
  const bar = element('header', 'bar');
  const brand = element('a', 'brand', 'audio-export');
  brand.href = 'index.html';
  const who = element('span', 'who');
  who.id = 'who';
  bar.append(brand, who);
  document.body.prepend(bar);
}

document.addEventListener('DOMContentLoaded', async () => {
  header();
  try {
    const who = await session();
    $('who').textContent = who.user + (who.operator ? ' · operator' : ' · viewer');
    const pages = {executions: executionsPage, execution: executionPage, start: startPage};
    await pages[document.body.dataset.page]();
  } catch (e) {
    showMessage(e.message);
  }
});
