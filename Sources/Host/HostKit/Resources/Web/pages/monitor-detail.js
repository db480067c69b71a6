// One monitor: status, uptime over 24 h / 7 d / 30 d, the 72-hour bar, a latency chart over a
// chosen range (drag to zoom), the results with their failures, and per-location state when
// agents check it too. Checks and status changes arrive live.
import { api, live } from '../api.js';
import { h, replace, statusBadge, ago, ms, announce } from '../dom.js';
import { statusBars, percent } from '../widgets/bars.js';
import { lineChart } from '../widgets/chart.js';

const ranges = { '1h': 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };

export async function monitorDetail(main, id) {
  let monitor = await api('GET', `/api/v1/monitors/${id}`);
  const headBox = h('div');
  const figures = h('div', { class: 'figures' });
  const barBox = h('div', { class: 'bar-box' });
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'latency chart' });
  const locationsBox = h('div');
  const resultsBox = h('div');
  const range = h('select', { id: 'range' }, Object.keys(ranges).map((r) => h('option', { value: r, selected: r === '24h' }, r)));
  const failuresOnly = h('input', { type: 'checkbox', id: 'failures-only' });
  let chart = null;
  let points = [];

  function renderHead() {
    replace(headBox,
      h('div', { class: 'page-head' },
        h('h1', {}, monitor.name),
        h('div', { class: 'actions' },
          h('a', { class: 'button', href: `#/monitors/${id}/edit` }, 'Edit'),
          h('button', { type: 'button', onclick: togglePause }, monitor.paused ? 'Resume' : 'Pause'),
          h('button', { type: 'button', class: 'danger', onclick: remove }, 'Delete'))),
      h('p', { class: 'summary' }, statusBadge(monitor.status), ` ${monitor.kind} · ${monitor.target} · every ${monitor.interval} s · checked ${ago(monitor.lastCheckedAt)}`,
        monitor.lastFailure ? h('span', { class: 'failure' }, ` — ${monitor.lastFailure.code}: ${monitor.lastFailure.message}`) : ''),
      monitor.pushURL ? h('p', {}, 'Push URL: ', h('code', {}, `${location.origin}${monitor.pushURL}`)) : null);
  }

  async function togglePause() {
    monitor = await api('POST', `/api/v1/monitors/${id}/${monitor.paused ? 'resume' : 'pause'}`);
    renderHead();
    announce(monitor.paused ? 'Paused' : 'Resumed');
  }

  async function remove() {
    if (!confirm(`Delete ${monitor.name} and all its results?`)) return;
    await api('DELETE', `/api/v1/monitors/${id}`);
    announce(`Deleted ${monitor.name}`);
    location.hash = '#/monitors';
  }

  async function loadFigures() {
    const [uptime, history] = await Promise.all([api('GET', `/api/v1/monitors/${id}/uptime`), api('GET', `/api/v1/monitors/${id}/history?hours=72`)]);
    replace(figures, ['24h', '7d', '30d'].map((w) => h('div', { class: 'figure' },
      h('span', { class: 'figure-label' }, `Uptime ${w}`), h('strong', {}, percent(uptime[w]?.ratio)),
      h('small', {}, `${uptime[w]?.checks ?? 0} checks, ${uptime[w]?.down ?? 0} down`))));
    replace(barBox, h('h2', {}, 'Last 72 hours'), statusBars(history.buckets, 'last 72 hours', { width: 720, height: 32 }));
  }

  // Up to 5,000 results of the range, newest first from the API, drawn oldest first.
  async function loadResults() {
    const from = new Date(Date.now() - ranges[range.value] * 1000).toISOString();
    let cursor = null;
    const records = [];
    do {
      const page = await api('GET', `/api/v1/monitors/${id}/results?limit=1000&from=${encodeURIComponent(from)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      records.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && records.length < 5000);
    points = records.slice().reverse().map((r) => [new Date(r.startedAt), r.result.latency !== undefined ? r.result.latency * 1000 : null]);
    if (chart) chart.destroy();
    chart = await lineChart(chartBox, points, { labels: ['time', 'latency (ms)'], ylabel: 'ms' });
    renderResults(records);
  }

  function renderResults(records) {
    const shown = (failuresOnly.checked ? records.filter((r) => r.result.status !== 'up') : records).slice(0, 200);
    replace(resultsBox, h('table', { class: 'results' },
      h('caption', {}, `${shown.length} of ${records.length} results${failuresOnly.checked ? ' (failures only)' : ''}`),
      h('thead', {}, h('tr', {}, ['Time', 'Status', 'Latency', 'Where', 'Failure'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, shown.map((r) => h('tr', { class: r.result.status !== 'up' ? 'failed' : '' },
        h('td', {}, new Date(r.startedAt).toLocaleString()), h('td', {}, statusBadge(r.result.status)),
        h('td', {}, r.result.latency !== undefined ? ms(r.result.latency * 1000) : '—'), h('td', {}, r.location ?? 'server'),
        h('td', {}, r.result.failure ? `${r.result.failure.code}: ${r.result.failure.message}` : ''))))));
  }

  async function loadLocations() {
    if (monitor.locations.length <= 1 && monitor.locations[0] === 'server') { locationsBox.replaceChildren(); return; }
    const answer = await api('GET', `/api/v1/monitors/${id}/locations`);
    const rows = answer.locations ?? answer;
    replace(locationsBox, h('h2', {}, 'Locations'), h('table', {},
      h('thead', {}, h('tr', {}, ['Location', 'Status', 'Uptime 24 h', 'Checked'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((l) => h('tr', {}, h('td', {}, l.name ?? l.location), h('td', {}, statusBadge(l.status ?? 'unknown')),
        h('td', {}, percent(l.uptime24h?.ratio ?? l.uptime?.ratio)), h('td', {}, ago(l.lastCheckedAt)))))));
  }

  main.append(headBox, figures, barBox,
    h('section', {}, h('div', { class: 'section-head' }, h('h2', {}, 'Latency'),
      h('label', { for: 'range' }, 'Range '), range, h('small', {}, ' drag across the chart to zoom, double-click to reset')), chartBox),
    locationsBox,
    h('section', {}, h('div', { class: 'section-head' }, h('h2', {}, 'Results'),
      h('span', { class: 'check' }, failuresOnly, h('label', { for: 'failures-only' }, ' failures only'))), resultsBox));
  renderHead();
  range.addEventListener('change', loadResults);
  failuresOnly.addEventListener('change', loadResults);
  await Promise.all([loadFigures(), loadResults(), loadLocations()]);

  const stream = live(async (frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['monitors', 'results'] });
    if (frame.type !== 'event' || frame.event.payload?.monitorID !== id) return;
    if (frame.event.name === 'monitor.checked') {
      const p = frame.event.payload;
      points.push([new Date(p.startedAt), p.latency !== undefined && p.latency !== null ? p.latency * 1000 : null]);
      chart?.updateOptions({ file: points });
    }
    monitor = await api('GET', `/api/v1/monitors/${id}`);
    renderHead();
  });
  return () => { stream.close(); chart?.destroy(); };
}
