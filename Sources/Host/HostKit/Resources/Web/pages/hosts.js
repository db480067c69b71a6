// SSH hosts: the list with each one's collection state and a form to add one (Test
// connection, then Save), and one host's system facts, metric charts (CPU, memory, disk,
// network) and processes, read over SSH from /proc and refreshed as readings arrive.
import { api, live } from '../api.js';
import { h, field, replace, ago, announce } from '../dom.js';
import { lineChart } from '../widgets/chart.js';

/** The add-host form: its body for POST /api/v1/hosts and /hosts/test-connection. */
function hostForm(onSaved) {
  const name = h('input', { name: 'host-name', maxlength: 200, autocomplete: 'off' });
  const address = h('input', { name: 'address', required: true, autocomplete: 'off', placeholder: 'host name or address' });
  const port = h('input', { name: 'port', type: 'number', min: 1, max: 65535, value: 22 });
  const username = h('input', { name: 'username', required: true, autocomplete: 'off' });
  const method = h('select', { name: 'auth' }, h('option', { value: 'password' }, 'password'), h('option', { value: 'key' }, 'private key'));
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password' });
  const key = h('textarea', { name: 'privateKey', rows: 4, class: 'code', spellcheck: 'false', placeholder: '-----BEGIN OPENSSH PRIVATE KEY-----' });
  const passphrase = h('input', { name: 'passphrase', type: 'password', autocomplete: 'off' });
  const interval = h('input', { name: 'collectionInterval', type: 'number', min: 1, max: 86400, placeholder: 'server default' });
  const tags = h('input', { name: 'host-tags', placeholder: 'comma-separated' });
  const result = h('div', { class: 'host-test', 'aria-live': 'polite' });
  const passwordFields = [field('Password', password)];
  const keyFields = [field('Private key', key), field('Passphrase', passphrase, 'if the key has one')];
  const showMethod = () => {
    passwordFields.forEach((element) => { element.hidden = method.value !== 'password'; });
    keyFields.forEach((element) => { element.hidden = method.value !== 'key'; });
  };
  method.addEventListener('change', showMethod);
  showMethod();
  const body = () => ({
    name: name.value.trim() || address.value.trim(), address: address.value.trim(), port: Number(port.value || 22), username: username.value.trim(),
    credentials: method.value === 'password' ? { password: password.value } : { privateKey: key.value, ...(passphrase.value ? { passphrase: passphrase.value } : {}) },
    ...(interval.value ? { collectionInterval: Number(interval.value) } : {}),
    tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
  });
  const problem = (error) => replace(result, h('p', { role: 'alert' }, error.fieldMessages?.join('; ') || error.message));
  async function test() {
    replace(result, h('p', {}, 'Connecting…'));
    try {
      const report = await api('POST', '/api/v1/hosts/test-connection', body());
      replace(result, h('p', {}, report.authenticated ? '▲ connected and signed in' : report.reachable ? '▼ reachable, but sign-in failed' : '▼ not reachable',
        report.hostKey ? `; host key ${report.hostKey.fingerprint} (${report.hostKey.algorithm})` : '',
        report.mtrInstalled === undefined ? '' : report.mtrInstalled ? `; mtr ${report.mtrVersion ?? ''}` : '; no mtr',
        report.error ? ` — ${report.error.code}: ${report.error.message}` : ''));
    } catch (error) { problem(error); }
  }
  async function save(event) {
    event.preventDefault();
    try {
      const host = await api('POST', '/api/v1/hosts', body());
      announce(`Added ${host.name}`);
      password.value = key.value = passphrase.value = '';
      replace(result);
      onSaved(host);
    } catch (error) { problem(error); }
  }
  return h('form', { class: 'card', onsubmit: save }, h('h2', {}, 'Add a host'),
    h('p', { class: 'hint' }, 'Metrics are read over SSH from /proc; the first connection pins the host key. Also: ', h('code', {}, 'vantage hosts add'), '.'),
    h('div', { class: 'grid' }, field('Name', name), field('Address', address), field('Port', port), field('User name', username), field('Sign in with', method),
      passwordFields, keyFields, field('Collect every (s)', interval), field('Tags', tags)),
    result,
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: test }, 'Test connection'), h('button', { type: 'submit', class: 'primary' }, 'Save host')));
}

export async function hostList(main) {
  const box = h('div');
  main.append(h('h1', {}, 'Hosts'), box, hostForm(() => load()));
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
  // Readings (host.collected) and changes refresh the list, its states and last readings,
  // at most every 2 s.
  let reload = null;
  const stream = live((frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['hosts'] });
    if (frame.type === 'event' && !reload) reload = setTimeout(() => { reload = null; load().catch(() => {}); }, 2000);
  });
  return () => { stream.close(); clearTimeout(reload); };
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
  const processBox = h('div', { class: 'scroll-x' });
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
  // Each reading of this host (host.collected) refreshes the page, at most every 5 s.
  let refresh = null;
  const stream = live((frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['hosts'] });
    if (frame.type === 'event' && frame.event.name === 'host.collected' && frame.event.payload?.hostID === id && !refresh) {
      refresh = setTimeout(() => { refresh = null; Promise.all([loadSystem(), loadMetrics(), loadProcesses()]).catch(() => {}); }, 5000);
    }
  });
  return () => { stream.close(); clearTimeout(refresh); drawn.forEach((chart) => chart.destroy()); };
}
