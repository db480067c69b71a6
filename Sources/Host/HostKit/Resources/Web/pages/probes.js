// Run any enabled probe once. Traceroute and mtr stream their hops as they are found (the
// API's server-sent events); every run lands in the probe history below.
import { api, stream } from '../api.js';
import { h, field, replace, statusBadge, ms, ago } from '../dom.js';
import { OptionsForm } from '../widgets/options-form.js';
import { hopTable } from '../widgets/hops.js';

export async function probeRunner(main) {
  const kinds = await api('GET', '/api/v1/probes');
  const runnable = kinds.filter((k) => !k.acceptsPushes);
  const byKind = new Map(runnable.map((k) => [k.kind, k]));
  const kind = h('select', { name: 'kind' }, runnable.map((k) => h('option', { value: k.kind, selected: k.kind === 'traceroute' }, k.kind)));
  const target = h('input', { name: 'target', required: true, placeholder: 'host, address or URL', autocomplete: 'off' });
  const timeout = h('input', { name: 'timeout', type: 'number', min: 1, max: 300, value: 60 });
  const optionsBox = h('div');
  const output = h('section', { class: 'probe-output', 'aria-live': 'polite', 'aria-busy': 'false' });
  const historyBox = h('section');
  const run = h('button', { type: 'submit', class: 'primary' }, 'Run');
  let options;
  let controller = null;
  const showOptions = () => { options = new OptionsForm(byKind.get(kind.value)); replace(optionsBox, h('details', {}, h('summary', {}, 'Options'), options.element)); };
  kind.addEventListener('change', showOptions);
  showOptions();

  async function start(event) {
    event.preventDefault();
    controller?.abort();
    controller = new AbortController();
    const hops = new Map();
    const { table: hopsTable, map: hopsMap, show: showHops } = hopTable('Hops');
    const status = h('p', { class: 'running' }, `Running ${kind.value} against ${target.value}…`);
    replace(output, status, hopsTable, hopsMap);
    output.setAttribute('aria-busy', 'true');
    run.disabled = true;
    let config;
    try { config = options.value(); } catch (error) { replace(output, h('p', { role: 'alert' }, error.message)); run.disabled = false; return; }
    try {
      await stream(`/api/v1/probes/${encodeURIComponent(kind.value)}`, { target: target.value.trim(), timeout: Number(timeout.value), config }, (name, data) => {
        const hop = data?.hop ?? data?.hub;
        if (name === 'hop' && hop) {
          hops.set(hop.ttl ?? hop.count ?? hops.size + 1, hop);
          showHops([...hops.values()]);
        } else if (name === 'round' && Array.isArray(data?.hubs)) {
          data.hubs.forEach((hub) => hops.set(hub.count, hub));
          showHops([...hops.values()]);
        } else if (name === 'result') {
          showResult(status, data, hops, showHops);
        } else if (name === 'error') {
          replace(status, h('span', { role: 'alert' }, data.detail ?? 'the probe failed'));
        }
      }, controller.signal);
    } catch (error) {
      if (error.name !== 'AbortError') replace(status, h('span', { role: 'alert' }, error.message, error.fieldMessages?.length ? ` (${error.fieldMessages.join('; ')})` : ''));
    } finally {
      output.setAttribute('aria-busy', 'false');
      run.disabled = false;
      loadHistory();
    }
  }

  function showResult(status, record, hops, showHops) {
    const result = record.result;
    replace(status, 'Result: ', statusBadge(result.status), result.latency !== undefined ? ` ${ms(result.latency * 1000)}` : '',
      result.failure ? ` — ${result.failure.code}: ${result.failure.message}` : '');
    const finalHops = result.details?.hops ?? result.details?.report?.hubs ?? result.details?.hubs;
    if (Array.isArray(finalHops) && finalHops.length) {
      showHops(finalHops);
    } else if (!hops.size) {
      output.querySelector('table.hops')?.remove();
      output.append(h('details', { open: true }, h('summary', {}, 'Details'), h('pre', { class: 'code' }, JSON.stringify(result.details ?? {}, null, 2))));
    }
  }

  async function loadHistory() {
    const page = await api('GET', '/api/v1/probes/history?limit=20').catch(() => ({ items: [] }));
    replace(historyBox, h('h2', {}, 'Recent runs'), h('table', {},
      h('thead', {}, h('tr', {}, ['When', 'Kind', 'Target', 'Status', 'Latency'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((r) => h('tr', {}, h('td', {}, ago(r.startedAt)), h('td', {}, r.kind), h('td', {}, r.target),
        h('td', {}, statusBadge(r.result.status)), h('td', {}, r.result.latency !== undefined ? ms(r.result.latency * 1000) : '—'))))));
  }

  main.append(h('h1', {}, 'Probes'),
    h('form', { class: 'card', onsubmit: start },
      h('div', { class: 'grid' }, field('Probe', kind), field('Target', target), field('Timeout (s)', timeout)),
      optionsBox, h('div', { class: 'actions' }, run)),
    output, historyBox);
  await loadHistory();
  return () => controller?.abort();
}
