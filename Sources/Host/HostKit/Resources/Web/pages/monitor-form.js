// Add or edit a monitor: the common fields, the probe's own options, "Test" that runs the
// probe once with what the form holds (nothing saved), and "Save".
import { api } from '../api.js';
import { h, field, replace, statusBadge, ms, announce } from '../dom.js';
import { OptionsForm } from '../widgets/options-form.js';

/**
 * Where the monitor runs: "this server" and each approved agent as checkboxes (with any other
 * location the monitor names, so none is dropped unseen); a text box of ids when the caller
 * may not list agents.
 */
function locationPicker(agentsPage, current) {
  if (!agentsPage) {
    const input = h('input', { name: 'locations', value: current.join(', ') });
    return { element: field('Locations', input, '"server" and/or agent ids'), control: input, value: () => input.value.split(',').map((t) => t.trim()).filter(Boolean) };
  }
  const agents = (agentsPage.items ?? []).filter((agent) => agent.status !== 'pending' && agent.status !== 'revoked');
  const choices = [['server', 'this server'], ...agents.map((agent) => [agent.id, `agent ${agent.name}${agent.online ? '' : ' (offline)'}`])];
  for (const location of current) if (!choices.some(([value]) => value === location)) choices.push([location, location]);
  const boxes = choices.map(([value], index) => h('input', { type: 'checkbox', id: `location-${index}`, value, checked: current.includes(value) }));
  const element = h('fieldset', { class: 'locations' }, h('legend', {}, 'Runs from'),
    boxes.map((box, index) => h('span', { class: 'check' }, box, h('label', { for: box.id }, ` ${choices[index][1]} `))));
  return { element, control: element, value: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}

export async function monitorForm(main, id) {
  const [kinds, monitor, agentsPage] = await Promise.all([api('GET', '/api/v1/probes'), id ? api('GET', `/api/v1/monitors/${id}`) : null,
    api('GET', '/api/v1/agents?limit=1000', undefined, { quiet: true }).catch(() => null)]);
  const byKind = new Map(kinds.map((k) => [k.kind, k]));
  const name = h('input', { name: 'name', required: true, maxlength: 200, value: monitor?.name ?? '' });
  const kind = h('select', { name: 'kind', disabled: Boolean(monitor) }, kinds.map((k) => h('option', { value: k.kind, selected: k.kind === (monitor?.kind ?? 'http') }, k.kind)));
  const target = h('input', { name: 'target', required: true, value: monitor?.target ?? '', placeholder: 'host, host:port or URL' });
  const interval = h('input', { name: 'interval', type: 'number', min: 1, step: 'any', value: monitor?.interval ?? 60 });
  const timeout = h('input', { name: 'timeout', type: 'number', min: 0.01, max: 300, step: 'any', value: monitor?.timeout ?? '', placeholder: 'default' });
  const tags = h('input', { name: 'tags', value: (monitor?.tags ?? []).join(', ') });
  const failures = h('input', { name: 'failureThreshold', type: 'number', min: 1, value: monitor?.failureThreshold ?? 1 });
  const locations = locationPicker(agentsPage, monitor?.locations ?? ['server']);
  const optionsBox = h('div');
  const errors = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const testResult = h('div', { class: 'test-result', 'aria-live': 'polite' });
  let options;
  const showOptions = () => {
    options = new OptionsForm(byKind.get(kind.value), monitor?.kind === kind.value ? monitor.config : {});
    replace(optionsBox, options.element);
  };
  kind.addEventListener('change', showOptions);
  showOptions();

  const common = {
    name, kind, target, interval, timeout, tags, failureThreshold: failures, locations: locations.control,
  };
  function body() {
    return {
      name: name.value.trim(), kind: kind.value, target: target.value.trim(),
      interval: Number(interval.value), timeout: timeout.value === '' ? undefined : Number(timeout.value),
      tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
      failureThreshold: Number(failures.value),
      locations: locations.value(),
      config: options.value(),
    };
  }
  function clearMarks() {
    errors.hidden = true;
    for (const element of main.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
  }
  function showError(error) {
    errors.hidden = false;
    const fields = error.fieldMessages ?? [];
    replace(errors, fields.length ? h('ul', {}, fields.map((m) => h('li', {}, m))) : error.message);
    for (const issue of error.problem?.errors ?? []) {
      const control = issue.field.startsWith('config') ? options.control(issue.field) : common[issue.field];
      control?.setAttribute('aria-invalid', 'true');
    }
    errors.focus?.();
  }

  async function test() {
    clearMarks();
    let input;
    try { input = body(); } catch (error) { showError(error); return; }
    replace(testResult, h('p', {}, `Running ${input.kind} against ${input.target}…`));
    try {
      const record = await api('POST', `/api/v1/probes/${encodeURIComponent(input.kind)}`, { target: input.target, timeout: input.timeout ?? Math.min(input.interval || 10, 10), config: input.config });
      const result = record.result ?? record;
      replace(testResult, h('p', { class: 'test-outcome' }, 'Test: ', statusBadge(result.status),
        result.latency !== undefined ? ` in ${ms(result.latency * 1000)}` : '',
        result.failure ? ` — ${result.failure.code}: ${result.failure.message}` : ''));
    } catch (error) { replace(testResult); showError(error); }
  }

  async function save(event) {
    event.preventDefault();
    clearMarks();
    let input;
    try { input = body(); } catch (error) { showError(error); return; }
    try {
      const saved = monitor ? await api('PUT', `/api/v1/monitors/${monitor.id}`, input) : await api('POST', '/api/v1/monitors', input);
      announce(`Saved ${saved.name}`);
      location.hash = `#/monitors/${saved.id}`;
    } catch (error) { showError(error); }
  }

  main.append(h('form', { class: 'card', onsubmit: save, novalidate: true },
    h('h1', {}, monitor ? `Edit ${monitor.name}` : 'Add monitor'),
    errors,
    h('div', { class: 'grid' },
      field('Name', name), field('Kind', kind), field('Target', target),
      field('Interval (s)', interval), field('Timeout (s)', timeout, 'at most the interval; empty for the default'), field('Tags', tags, 'comma-separated'),
      field('Failures before down', failures)),
    locations.element,
    optionsBox,
    testResult,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: test }, 'Test'),
      h('button', { type: 'submit', class: 'primary' }, 'Save'),
      h('a', { href: monitor ? `#/monitors/${monitor.id}` : '#/monitors' }, 'Cancel'))));
}
