// Traces from several origins at once: this server ("local", probe.mtr) and SSH hosts
// (probe.mtr_ssh), side by side, each origin's hops appearing as its rounds finish; the
// history of runs, each exportable as CSV or JSON.
import { api, follow, currentTenant } from '../api.js';
import { h, field, replace, ago, statusBadge } from '../dom.js';
import { hopTable } from '../widgets/hops.js';

export async function traces(main, openID) {
  const hostsPage = await api('GET', '/api/v1/hosts?limit=1000').catch(() => ({ items: [] }));
  const origins = [{ key: 'local', name: 'this server' }, ...(hostsPage.items ?? []).map((host) => ({ key: host.id, name: host.name }))];
  const target = h('input', { name: 'target', required: true, placeholder: 'host name or address', autocomplete: 'off' });
  const method = h('select', { name: 'method' }, ['icmp', 'udp', 'tcp'].map((m) => h('option', { value: m }, m)));
  const count = h('input', { name: 'count', type: 'number', min: 1, max: 100, value: 5 });
  const boxes = origins.map((origin) => h('input', { type: 'checkbox', id: `origin-${origin.key}`, value: origin.key, checked: origin.key === 'local' }));
  const runBox = h('section', { class: 'trace-run', 'aria-live': 'polite' });
  const historyBox = h('section');
  const errors = h('div', { class: 'form-error', role: 'alert', hidden: true });
  let controller = null;

  function columns(run) {
    const tables = new Map();
    replace(runBox, h('h2', {}, `${run.target}`), h('div', { class: 'trace-columns' }, run.origins.map((origin) => {
      const { table, map, show } = hopTable(origin.name ?? origin.origin);
      const state = h('p', { class: 'origin-state' }, origin.state ?? 'running');
      tables.set(origin.origin, { show, state, hops: new Map() });
      if (origin.result) showResult(tables.get(origin.origin), origin);
      return h('div', { class: 'trace-column', dataset: { origin: origin.origin } }, state, table, map);
    })),
    h('p', {}, 'Export: ', exportLinks(run.id)));
    return tables;
  }

  function showResult(column, origin) {
    const hubs = origin.result?.details?.report?.hubs ?? origin.result?.details?.hops;
    if (Array.isArray(hubs)) column.show(hubs);
    replace(column.state, statusBadge(origin.result?.status ?? 'unknown'), origin.result?.failure ? ` ${origin.result.failure.code}: ${origin.result.failure.message}` : ' finished');
  }

  function exportLinks(id) {
    const tenant = currentTenant() ? `&tenantId=${encodeURIComponent(currentTenant())}` : '';
    return [h('a', { href: `/api/v1/traces/${id}/export?format=csv${tenant}`, download: `trace-${id}.csv` }, 'CSV'), ' · ',
      h('a', { href: `/api/v1/traces/${id}/export?format=json${tenant}`, download: `trace-${id}.json` }, 'JSON')];
  }

  async function start(event) {
    event.preventDefault();
    errors.hidden = true;
    controller?.abort();
    controller = new AbortController();
    const chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    let run;
    try {
      run = await api('POST', '/api/v1/traces', { target: target.value.trim(), origins: chosen, options: { method: method.value, count: Number(count.value) } });
    } catch (error) {
      errors.hidden = false;
      replace(errors, error.fieldMessages?.length ? h('ul', {}, error.fieldMessages.map((m) => h('li', {}, m))) : error.message);
      return;
    }
    await watch(run);
  }

  async function watch(run) {
    const tables = columns(run);
    if (run.status !== 'running') return;
    try {
      await follow(`/api/v1/traces/${run.id}/events`, (name, data) => {
        if (name === 'progress') {
          const column = tables.get(data.origin);
          const update = data.update ?? {};
          if (!column) return;
          if (update.event === 'round' && Array.isArray(update.hubs)) update.hubs.forEach((hub) => column.hops.set(hub.count, hub));
          else if (update.event === 'hop' && (update.hub || update.hop)) { const hop = update.hub ?? update.hop; column.hops.set(hop.count ?? hop.ttl, hop); }
          else if (update.event === 'started') replace(column.state, 'connected, tracing…');
          if (column.hops.size) column.show([...column.hops.values()]);
        } else if (name === 'origin') {
          const column = tables.get(data.origin);
          if (column) showResult(column, data);
        }
      }, controller?.signal);
    } catch (error) { if (error.name !== 'AbortError') replace(runBox, h('p', { role: 'alert' }, error.message)); }
    loadHistory();
  }

  async function loadHistory() {
    const page = await api('GET', '/api/v1/traces?limit=20').catch(() => ({ items: [] }));
    replace(historyBox, h('h2', {}, 'History'), page.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['When', 'Target', 'Origins', 'Status', 'Export'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((run) => h('tr', {},
        h('td', {}, h('a', { href: `#/traces/${run.id}` }, ago(run.createdAt))), h('td', {}, run.target),
        h('td', {}, run.origins.map((o) => o.name ?? o.origin).join(', ')), h('td', {}, run.status), h('td', {}, exportLinks(run.id)))))) : h('p', {}, 'No trace yet.'));
  }

  main.append(h('h1', {}, 'Traces'),
    h('form', { class: 'card', onsubmit: start }, errors,
      h('div', { class: 'grid' }, field('Target', target), field('Method', method), field('Rounds', count)),
      h('fieldset', { class: 'scopes' }, h('legend', {}, 'From'), origins.map((origin, index) => h('span', { class: 'check' }, boxes[index], h('label', { for: boxes[index].id }, ` ${origin.name} `)))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Trace'))),
    runBox, historyBox);
  await loadHistory();
  if (openID) {
    controller = new AbortController();
    watch(await api('GET', `/api/v1/traces/${openID}`));
  }
  return () => controller?.abort();
}
