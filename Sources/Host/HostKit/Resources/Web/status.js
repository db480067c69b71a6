// A public status page: no sign-in, no cookie needed. It reads
// /api/v1/public/status-pages/{slug} (cached by the server for 30 s) and looks again every 60 s.
import { h, replace, statusBadge } from './dom.js';
import { statusBars, bucketsOf, percent } from './widgets/bars.js';

const slug = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const main = document.getElementById('main');
let span = 'hours';

const headline = { up: 'All systems operational', degraded: 'Some systems are degraded', down: 'Some systems are down' };

async function load() {
  const response = await fetch(`/api/v1/public/status-pages/${encodeURIComponent(slug)}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    replace(main, h('h1', {}, 'No such status page'), h('p', {}, 'This page does not exist or is not published.'));
    document.title = 'Status page not found';
    return;
  }
  const page = await response.json();
  document.title = `${page.title} status`;
  document.getElementById('generated').textContent = `as of ${new Date(page.generatedAt).toLocaleString()}`;
  const choose = (value, label) => h('button', { type: 'button', 'aria-pressed': String(span === value), onclick: () => { span = value; render(page); } }, label);
  function render(data) {
    replace(main,
      h('h1', {}, data.title),
      data.description ? h('p', { class: 'summary' }, data.description) : null,
      h('p', { class: `overall overall-${data.overall}`, role: 'status' }, statusBadge(data.overall), ` ${headline[data.overall]}`),
      data.incidents.length ? h('section', {}, h('h2', {}, 'Current incidents'),
        h('ul', {}, data.incidents.map((incident) => h('li', {}, statusBadge(incident.status), ` ${incident.monitor}`,
          incident.since ? ` since ${new Date(incident.since).toLocaleString()}` : '')))) : null,
      data.maintenance.length ? h('section', {}, h('h2', {}, 'Maintenance'),
        h('ul', {}, data.maintenance.map((m) => h('li', {}, `${m.monitor}: ${m.window}`)))) : null,
      h('div', { class: 'actions', role: 'group', 'aria-label': 'History shown' }, choose('hours', '72 hours'), choose('30', '30 days'), choose('90', '90 days')),
      data.groups.map((group) => h('section', { class: 'status-group' }, h('h2', {}, group.name),
        group.monitors.map((monitor) => {
          const buckets = span === 'hours' ? bucketsOf(monitor.hours) : bucketsOf(monitor.days).slice(span === '30' ? -30 : -90);
          const label = span === 'hours' ? 'last 72 hours' : `last ${span} days`;
          return h('div', { class: 'status-monitor' },
            h('div', { class: 'status-monitor-head' }, h('strong', {}, monitor.name), monitor.target ? h('span', { class: 'hint' }, ` ${monitor.target}`) : null, statusBadge(monitor.status)),
            h('div', { class: 'bar-box' }, statusBars(buckets, label, { width: 720, height: 32 })),
            h('p', { class: 'hint' }, `Uptime: 24 h ${percent(monitor.uptime['24h'])} · 30 days ${percent(monitor.uptime['30d'])} · 90 days ${percent(monitor.uptime['90d'])}`));
        }))));
  }
  render(page);
}

load();
setInterval(load, 60000);
