// Alert rules and maintenance windows, the rest of the alerting page. Monitors are chosen by
// tag and kind (empty for every monitor), as the API's MonitorSelection takes them. A rule is
// edited in the same form (PATCH: what the form does not show, such as reminders, stays).
import { api } from '../api.js';
import { h, field, replace, announce } from '../dom.js';

const list = (text) => text.split(',').map((v) => v.trim()).filter(Boolean);
function selection(tags, kinds) {
  const chosen = {};
  if (list(tags.value).length) chosen.tags = list(tags.value);
  if (list(kinds.value).length) chosen.kinds = list(kinds.value);
  return chosen;
}
function describe(monitors) {
  const parts = [];
  if (monitors?.tags?.length) parts.push(`tags ${monitors.tags.join(', ')}`);
  if (monitors?.kinds?.length) parts.push(`kinds ${monitors.kinds.join(', ')}`);
  if (monitors?.ids?.length) parts.push(`${monitors.ids.length} monitors`);
  return parts.length ? parts.join('; ') : 'every monitor';
}
function errorsOf(box, error) {
  box.hidden = false;
  replace(box, error.fieldMessages?.length ? h('ul', {}, error.fieldMessages.map((m) => h('li', {}, m))) : error.message);
}

/** The rules section: a table and a form; `channels` are the tenant's channels. */
export function rulesSection(channels) {
  const box = h('div');
  const name = h('input', { name: 'rule-name', required: true, maxlength: 200 });
  const triggers = h('input', { name: 'triggers', value: 'down', placeholder: 'down, degraded, latency>500ms for 3 runs' });
  const tags = h('input', { name: 'rule-tags', placeholder: 'empty: every monitor' });
  const kinds = h('input', { name: 'rule-kinds', placeholder: 'empty: every kind' });
  const severity = h('select', { name: 'severity' }, ['info', 'warning', 'critical'].map((s) => h('option', { value: s, selected: s === 'warning' }, s)));
  const channelBoxes = channels.map((c) => h('input', { type: 'checkbox', id: `rule-channel-${c.id}`, value: c.id, checked: channels.length === 1 }));
  const errors = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const heading = h('h3', {}, 'Add a rule');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add rule');
  const cancel = h('button', { type: 'button', hidden: true, onclick: () => stopEditing() }, 'Cancel');
  let editing = null;

  /** Fills the form with `rule`; saving then changes it (PATCH keeps what the form lacks). */
  function edit(rule) {
    editing = rule;
    name.value = rule.name;
    triggers.value = rule.triggers.join(', ');
    tags.value = (rule.monitors?.tags ?? []).join(', ');
    kinds.value = (rule.monitors?.kinds ?? []).join(', ');
    severity.value = rule.severity;
    channelBoxes.forEach((box) => { box.checked = rule.channels.includes(box.value); });
    heading.textContent = `Edit ${rule.name}`;
    submit.textContent = 'Save rule';
    cancel.hidden = false;
    errors.hidden = true;
    name.focus();
  }

  function stopEditing() {
    editing = null;
    name.value = '';
    heading.textContent = 'Add a rule';
    submit.textContent = 'Add rule';
    cancel.hidden = true;
  }

  async function load() {
    const page = await api('GET', '/api/v1/alert-rules?limit=1000');
    const names = new Map(channels.map((c) => [c.id, c.name]));
    replace(box, page.items.length ? h('table', { class: 'rules' },
      h('thead', {}, h('tr', {}, ['Name', 'Triggers', 'Monitors', 'Channels', 'Severity', 'Enabled', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((rule) => h('tr', {},
        h('td', {}, rule.name), h('td', {}, rule.triggers.join(', ')), h('td', {}, describe(rule.monitors)),
        h('td', {}, rule.channels.map((id) => names.get(id) ?? id).join(', ')), h('td', {}, rule.severity), h('td', {}, rule.enabled ? 'yes' : 'no'),
        h('td', { class: 'actions' },
          h('button', { type: 'button', 'aria-label': `Edit ${rule.name}`, onclick: () => edit(rule) }, 'Edit'),
          h('button', { type: 'button', onclick: async () => { await api('POST', `/api/v1/alert-rules/${rule.id}/toggle`); load(); } }, rule.enabled ? 'Disable' : 'Enable'),
          h('button', { type: 'button', class: 'danger', onclick: async () => { if (confirm(`Delete ${rule.name}?`)) { await api('DELETE', `/api/v1/alert-rules/${rule.id}`); load(); } } }, 'Delete')))))) : h('p', {}, 'No rule yet: without one, nothing is sent.'));
  }

  async function create(event) {
    event.preventDefault();
    errors.hidden = true;
    const body = {
      name: name.value.trim(), triggers: list(triggers.value), monitors: selection(tags, kinds), severity: severity.value,
      channels: channelBoxes.filter((b) => b.checked).map((b) => b.value),
    };
    try {
      if (editing) {
        // Monitors picked by id through the API stay picked.
        if (editing.monitors?.ids?.length) body.monitors.ids = editing.monitors.ids;
        const rule = await api('PATCH', `/api/v1/alert-rules/${editing.id}`, body);
        announce(`Saved ${rule.name}`);
      } else {
        const rule = await api('POST', '/api/v1/alert-rules', body);
        announce(`Created ${rule.name}`);
      }
      stopEditing();
      load();
    } catch (error) { errorsOf(errors, error); }
  }

  const section = h('section', {}, h('h2', {}, 'Alert rules'), box,
    h('form', { class: 'card', onsubmit: create }, heading, errors,
      h('div', { class: 'grid' }, field('Rule name', name), field('Triggers', triggers, 'comma-separated'), field('Severity', severity),
        field('Monitors with tags', tags, 'comma-separated'), field('Of kinds', kinds, 'comma-separated')),
      channels.length ? h('fieldset', { class: 'scopes' }, h('legend', {}, 'Send to'),
        channels.map((c, i) => h('span', { class: 'check' }, channelBoxes[i], h('label', { for: channelBoxes[i].id }, ` ${c.name} `)))) : h('p', {}, 'Add a channel first.'),
      h('div', { class: 'actions' }, submit, cancel)));
  return { section, load };
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The maintenance windows section: one-off windows, or weekly ones on chosen days at a local time. */
export function maintenanceSection() {
  const box = h('div');
  const name = h('input', { name: 'window-name', required: true, maxlength: 200 });
  const repeats = h('select', { name: 'repeats' }, h('option', { value: 'once' }, 'once'), h('option', { value: 'weekly' }, 'every week'));
  const start = h('input', { name: 'start', type: 'datetime-local', required: true });
  const end = h('input', { name: 'end', type: 'datetime-local', required: true });
  const dayBoxes = WEEKDAYS.map((day) => h('input', { type: 'checkbox', id: `window-day-${day}`, value: day }));
  const time = h('input', { name: 'time', type: 'time', value: '02:00' });
  const minutes = h('input', { name: 'durationMinutes', type: 'number', min: 1, max: 10080, value: 60 });
  const zone = h('input', { name: 'timeZone', value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', autocomplete: 'off' });
  const tags = h('input', { name: 'window-tags', placeholder: 'empty: every monitor' });
  const errors = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const onceFields = [field('Starts', start), field('Ends', end)];
  const weeklyFields = [
    h('fieldset', { class: 'days' }, h('legend', {}, 'Days (none: every day)'), dayBoxes.map((box) => h('span', { class: 'check' }, box, h('label', { for: box.id }, ` ${box.value} `)))),
    field('At (local time)', time), field('For (minutes)', minutes), field('Time zone', zone, 'IANA name, e.g. Europe/Berlin')];
  function showRepeats() {
    const weekly = repeats.value === 'weekly';
    onceFields.forEach((element) => { element.hidden = weekly; });
    weeklyFields.forEach((element) => { element.hidden = !weekly; });
    start.required = end.required = !weekly;
    time.required = minutes.required = weekly;
  }
  repeats.addEventListener('change', showRepeats);
  showRepeats();

  async function load() {
    const page = await api('GET', '/api/v1/maintenance?limit=1000');
    replace(box, page.items.length ? h('table', { class: 'windows' },
      h('thead', {}, h('tr', {}, ['Name', 'When', 'Monitors', 'Now', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((w) => h('tr', {},
        h('td', {}, w.name),
        h('td', {}, w.schedule.start ? `${new Date(w.schedule.start).toLocaleString()} – ${new Date(w.schedule.end).toLocaleString()}`
          : `${w.schedule.days?.length ? w.schedule.days.join(', ') : 'every day'} ${w.schedule.time ?? w.schedule.rrule ?? ''} ${w.schedule.timeZone ?? 'UTC'}, for ${w.schedule.durationMinutes ?? '?'} min`),
        h('td', {}, describe(w.monitors)), h('td', {}, w.activeNow ? '● in maintenance' : (w.enabled ? 'scheduled' : 'disabled')),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'danger', onclick: async () => { if (confirm(`Delete ${w.name}?`)) { await api('DELETE', `/api/v1/maintenance/${w.id}`); load(); } } }, 'Delete')))))) : h('p', {}, 'No maintenance window.'));
  }

  async function create(event) {
    event.preventDefault();
    errors.hidden = true;
    try {
      const schedule = repeats.value === 'weekly'
        ? { days: dayBoxes.filter((box) => box.checked).map((box) => box.value), time: time.value, durationMinutes: Number(minutes.value), timeZone: zone.value.trim() || 'UTC' }
        : { start: new Date(start.value).toISOString(), end: new Date(end.value).toISOString() };
      const window = await api('POST', '/api/v1/maintenance', { name: name.value.trim(), monitors: selection(tags, { value: '' }), schedule });
      announce(`Created ${window.name}`);
      name.value = '';
      load();
    } catch (error) { errorsOf(errors, error); }
  }

  const section = h('section', {}, h('h2', {}, 'Maintenance windows'), box,
    h('form', { class: 'card', onsubmit: create }, h('h3', {}, 'Add a window'), errors,
      h('div', { class: 'grid' }, field('Window name', name), field('Repeats', repeats), onceFields, weeklyFields, field('Monitors with tags', tags, 'comma-separated')),
      h('p', { class: 'hint' }, 'An RRULE (FREQ=WEEKLY;BYDAY=SU;BYHOUR=2) can be given through POST /api/v1/maintenance.'),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add window'))));
  return { section, load };
}
