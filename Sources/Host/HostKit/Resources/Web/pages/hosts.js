// SSH hosts: the list with each one's collection state, and one host's system facts, metric
// charts (CPU, memory, disk, network) and processes, read over SSH from /proc.
import { api, live } from '../api.js';
import { h, replace, ago } from '../dom.js';
import { lineChart } from '../widgets/chart.js';

export async function hostList(main) {
  const box = h('div');
  main.append(h('h1', {}, 'Hosts'),
    h('p', { class: 'hint' }, 'Hosts are added with ', h('code', {}, 'vantage hosts add'), ' or ', h('code', {}, 'POST /api/v1/hosts'), '; their metrics are read over SSH from /proc.'),
    box);
  async function load() {
    const [page, collection] = await Promise.all([api('GET', '/api/v1/hosts?limit=1000'), api('GET', '/api/v1/hosts/collection').catch(() => [])]);
    const states = new Map((collection.items ?? collection ?? []).map((c) => [c.hostID ?? c.hostId, c.collection ?? c]));
    const hosts = page.items ?? page;
    replace(box, hosts.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'Address', 'Collection', 'Last reading', 'Tags'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, hosts.map((host) => {
        const state = states.get(host.id);
        return h('tr', {},
          h('td', {}, h('a', { href: `#/hosts/${host.id}` }, host.name)),
          h('td', {}, `${host.username}@${host.address}:${host.port}`),
          h('td', {}, host.paused ? 'paused' : state?.status === 'online' ? '● online' : state?.status === 'offline' ? `○ offline${state.error ? ` (${state.error.message})` : ''}` : (state?.status ?? 'unknown')),
          h('td', {}, ago(state?.lastSuccessAt)),
          h('td', {}, (host.tags ?? []).join(', ')));
      }))) : h('p', {}, 'No host yet.'));
  }
  await load();
  const stream = live((frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['hosts'] });
    if (frame.type === 'event' && frame.event.name !== 'host.collected') load();
  });
  return () => stream.close();
}

const charts = [
  ['CPU busy (%)', ['cpu_busy_percent'], (s) => !s.labels.cpu],
  ['Memory used (%)', ['memory_used_percent'], () => true],
  ['Filesystems used (%)', ['filesystem_used_percent'], () => true],
  ['Network (bytes/s)', ['network_received_bytes_per_second', 'network_sent_bytes_per_second'], () => true],
];

export async function hostDetail(main, id) {
  const host = await api('GET', `/api/v1/hosts/${id}`);
  const range = h('select', { id: 'host-range' }, [['1h', 3600], ['6h', 21600], ['24h', 86400], ['7d', 604800]].map(([label, seconds]) => h('option', { value: seconds, selected: label === '6h' }, label)));
  const systemBox = h('div');
  const chartBoxes = charts.map(([title]) => h('div', { class: 'chart', role: 'img', 'aria-label': title }));
  const processBox = h('div');
  main.append(h('h1', {}, host.name), h('p', { class: 'summary' }, `${host.username}@${host.address}:${host.port}`),
    systemBox,
    h('section', {}, h('div', { class: 'section-head' }, h('h2', {}, 'Metrics'), h('label', { for: 'host-range' }, 'Range '), range),
      charts.map(([title], index) => h('div', {}, h('h3', {}, title), chartBoxes[index]))),
    h('section', {}, h('h2', {}, 'Processes'), processBox));
  let drawn = [];

  async function loadSystem() {
    const system = await api('GET', `/api/v1/hosts/${id}/system`).catch(() => null);
    const facts = system?.system ?? {};
    replace(systemBox, h('dl', { class: 'facts' }, Object.entries(facts).filter(([, v]) => typeof v !== 'object').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])),
      system?.readAt ? h('p', { class: 'hint' }, `read ${ago(system.readAt)}`) : h('p', { class: 'hint' }, 'No reading yet.'));
  }

  async function loadMetrics() {
    const from = new Date(Date.now() - Number(range.value) * 1000).toISOString();
    const names = [...new Set(charts.flatMap(([, n]) => n))].join(',');
    const history = await api('GET', `/api/v1/hosts/${id}/metrics?from=${encodeURIComponent(from)}&names=${names}`).catch(() => ({ series: [] }));
    drawn.forEach((chart) => chart.destroy());
    drawn = await Promise.all(charts.map(([, names, keep], index) => {
      const series = history.series.filter((s) => names.includes(s.name) && keep(s));
      const label = (s) => [s.name.replace(/_(percent|bytes_per_second)$/, ''), ...Object.values(s.labels)].join(' ');
      const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.time)))].sort();
      const rows = times.map((t) => [new Date(t), ...series.map((s) => s.points.find((p) => p.time === t)?.value ?? null)]);
      return lineChart(chartBoxes[index], rows, { labels: ['time', ...(series.length ? series.map(label) : ['no data'])], ylabel: '', rangeSelector: false });
    }));
  }

  async function loadProcesses() {
    const answer = await api('GET', `/api/v1/hosts/${id}/processes?limit=25`).catch(() => ({ processes: [] }));
    const processes = answer.processes ?? [];
    const columns = processes.length ? Object.keys(processes[0]).filter((k) => typeof processes[0][k] !== 'object').slice(0, 8) : [];
    replace(processBox, processes.length ? h('table', {},
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, processes.map((p) => h('tr', {}, columns.map((c) => h('td', {}, String(p[c] ?? ''))))))) : h('p', {}, 'No process list yet.'));
  }

  range.addEventListener('change', loadMetrics);
  await Promise.all([loadSystem(), loadMetrics(), loadProcesses()]);
  return () => drawn.forEach((chart) => chart.destroy());
}
