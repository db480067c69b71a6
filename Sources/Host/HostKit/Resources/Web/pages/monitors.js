// The monitor list: search and filters answered by the server, a virtualised list (only the
// rows in view exist), 72-hour bars and latency sparklines fetched for the rows in view, and
// status changes applied live from the stream.
import { api, live } from '../api.js';
import { h, field, statusBadge, ago, announce } from '../dom.js';
import { statusBars, sparkline, uptimeOf, percent, bucketsOf } from '../widgets/bars.js';
import { VirtualList } from '../widgets/virtual-list.js';

const pageSize = 100;
const rowHeight = 52;

export async function monitorList(main) {
  const search = h('input', { type: 'search', name: 'q', placeholder: 'name, target or tag', autocomplete: 'off' });
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'any'),
    ['up', 'down', 'degraded', 'pending', 'paused'].map((s) => h('option', { value: s }, s)));
  const kind = h('select', { name: 'kind' }, h('option', { value: '' }, 'any'));
  const tag = h('input', { name: 'tag', placeholder: 'tag', autocomplete: 'off' });
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const listBox = h('div', { class: 'monitor-list' });
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Monitors'), h('a', { class: 'button primary', href: '#/monitors/new' }, 'Add monitor')),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field('Search', search), field('Status', status), field('Kind', kind), field('Tag', tag)),
    count, listBox);

  api('GET', '/api/v1/probes').then((kinds) => kinds.forEach((k) => kind.append(h('option', { value: k.kind }, k.kind)))).catch(() => {});

  const bars = new Map();
  let generation = 0;
  const loading = new Set();
  const wanted = new Set();
  let barTimer = 0;

  const list = new VirtualList(listBox, {
    rowHeight, label: 'Monitors',
    render: (monitor) => row(monitor, bars.get(monitor.id), () => { wanted.add(monitor.id); scheduleBars(); }),
    load: (index) => loadPage(Math.floor(index / pageSize) * pageSize),
  });

  function query(offset) {
    const parameters = new URLSearchParams({ q: search.value.trim(), limit: String(pageSize) });
    if (status.value) parameters.set('status', status.value);
    if (kind.value) parameters.set('kind', kind.value);
    if (tag.value.trim()) parameters.set('tag', tag.value.trim());
    if (offset) parameters.set('cursor', `o${offset}`);
    return `/api/v1/monitors?${parameters}`;
  }

  async function loadPage(offset) {
    const key = `${generation}:${offset}`;
    if (loading.has(key)) return;
    loading.add(key);
    const mine = generation;
    try {
      const page = await api('GET', query(offset));
      if (mine === generation) list.fill(offset, page.items);
    } finally { loading.delete(key); }
  }

  // The time from the last keystroke (or filter change) to the rows on screen is measured
  // as 'vantage:monitor-search' (the browser benchmark reads it).
  let changedAt = 0;
  async function reload() {
    const mine = ++generation;
    try {
      const page = await api('GET', query(0));
      if (mine !== generation) return;
      list.reset(page.total, page.items);
      count.textContent = page.total === 1 ? '1 monitor' : `${page.total.toLocaleString()} monitors`;
      if (changedAt) {
        const start = changedAt;
        changedAt = 0;
        requestAnimationFrame(() => performance.measure('vantage:monitor-search', { start, end: performance.now() }));
      }
      if (page.total === 0 && !search.value && !status.value && !kind.value && !tag.value) {
        count.textContent = 'No monitors yet: add one to start checking.';
      }
    } catch (error) { announce(error.message, 'error'); }
  }

  // Bars of the rows in view, in one request per 200 rows, a moment after scrolling stops.
  function scheduleBars() {
    clearTimeout(barTimer);
    barTimer = setTimeout(async () => {
      const ids = [...wanted].filter((id) => !bars.has(id)).slice(0, 200);
      wanted.clear();
      if (!ids.length) return;
      ids.forEach((id) => bars.set(id, null));
      try {
        const answer = await api('GET', `/api/v1/monitors/history?ids=${ids.join(',')}`);
        for (const [id, columns] of Object.entries(answer)) bars.set(id, { buckets: bucketsOf(columns), latencies: columns.latencies });
        list.schedule();
      } catch { ids.forEach((id) => bars.delete(id)); }
    }, 80);
  }

  let debounce = 0;
  const refilter = () => { changedAt = performance.now(); clearTimeout(debounce); debounce = setTimeout(reload, 120); };
  search.addEventListener('input', refilter);
  tag.addEventListener('input', refilter);
  status.addEventListener('change', () => { changedAt = performance.now(); reload(); });
  kind.addEventListener('change', () => { changedAt = performance.now(); reload(); });

  const stream = live((frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['monitors'] });
    if (frame.type !== 'event') return;
    const event = frame.event;
    if (event.name === 'monitor.status_changed') {
      const id = event.payload.monitorID ?? event.payload.monitorId;
      const next = event.payload.to;
      list.update((m) => m.id === id, (m) => ({ ...m, status: next, lastChangedAt: event.occurredAt }));
      bars.delete(id);
    } else if (['monitor.created', 'monitor.deleted', 'monitors.imported'].includes(event.name)) {
      refilter();
    }
  });

  await reload();
  // The first rows are on screen and the controls answer: the benchmark's "interactive".
  requestAnimationFrame(() => performance.mark('vantage:monitor-list-interactive'));
  return () => { stream.close(); list.destroy(); clearTimeout(barTimer); };
}

function row(monitor, history, needBars) {
  if (history === undefined) needBars();
  const ratio = history ? uptimeOf(history.buckets) : null;
  return h('div', { class: 'monitor-row' },
    statusBadge(monitor.status),
    h('a', { class: 'name', href: `#/monitors/${monitor.id}` }, monitor.name),
    h('span', { class: 'kind' }, monitor.kind),
    h('span', { class: 'target', title: monitor.target }, monitor.target),
    h('span', { class: 'history' }, history ? statusBars(history.buckets, 'last 72 hours') : h('span', { class: 'placeholder' }, '…')),
    h('span', { class: 'uptime' }, history ? percent(ratio) : ''),
    h('span', { class: 'latency' }, history?.latencies ? sparkline(history.latencies) : ''),
    h('span', { class: 'checked' }, monitor.paused ? 'paused' : ago(monitor.lastCheckedAt)));
}
