// A form for a probe's options, built from what the probe says about them
// (`GET /api/v1/probes`): each option with a default gets a control of its type (a choice
// for options with a closed set of values), secrets get password fields, and options without
// a default go in a JSON box. The config sent back holds
// only what differs from the defaults.
import { h, field } from '../dom.js';

function isSecret(path, secretPaths) {
  return secretPaths.some((pattern) => pattern === path || (pattern.endsWith('.*') && path.startsWith(pattern.slice(0, -1))));
}

function words(name) { return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()); }

export class OptionsForm {
  constructor(kind, current = {}) {
    this.kind = kind;
    this.defaults = kind.defaults ?? {};
    this.controls = new Map();
    const rows = [];
    for (const [name, value] of Object.entries(this.defaults)) {
      const shown = name in current ? current[name] : value;
      let control;
      if (typeof value === 'boolean') {
        control = h('input', { type: 'checkbox', name: `config.${name}`, checked: Boolean(shown) });
        rows.push(h('div', { class: 'field check' }, control, h('label', { for: (control.id = `config-${name}`) }, words(name))));
        this.controls.set(name, { control, read: () => control.checked });
        continue;
      }
      if (typeof value === 'number') {
        control = h('input', { type: 'number', step: 'any', name: `config.${name}`, value: shown });
        this.controls.set(name, { control, read: () => (control.value === '' ? value : Number(control.value)) });
      } else if (typeof value === 'string' && kind.choices?.[name]?.length) {
        control = h('select', { name: `config.${name}` }, kind.choices[name].map((choice) => h('option', { value: choice, selected: choice === shown }, choice)));
        this.controls.set(name, { control, read: () => control.value });
      } else if (typeof value === 'string') {
        control = h('input', { type: isSecret(name, kind.secretPaths) ? 'password' : 'text', name: `config.${name}`, value: shown, autocomplete: 'off' });
        this.controls.set(name, { control, read: () => control.value });
      } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        control = h('input', { type: 'text', name: `config.${name}`, value: (shown ?? []).join(', ') });
        this.controls.set(name, { control, read: () => control.value.split(',').map((v) => v.trim()).filter(Boolean) });
        rows.push(field(words(name), control, 'comma-separated'));
        continue;
      } else {
        control = h('textarea', { name: `config.${name}`, rows: 2, class: 'code' }, JSON.stringify(shown));
        this.controls.set(name, { control, read: () => JSON.parse(control.value || 'null') });
      }
      rows.push(field(words(name), control));
    }
    const extra = Object.fromEntries(Object.entries(current).filter(([name]) => !(name in this.defaults)));
    this.extra = h('textarea', { name: 'config.extra', rows: 3, class: 'code', spellcheck: 'false' }, Object.keys(extra).length ? JSON.stringify(extra, null, 2) : '');
    rows.push(field('Other options (JSON object)', this.extra, `Options without a default, e.g. {"bodyRegex": "ok"}; see the ${kind.plugin} README`));
    this.element = h('fieldset', { class: 'options' }, h('legend', {}, `${kind.kind} options`), rows);
  }

  /** The config to send: options that differ from their defaults, and the JSON box. Throws on bad JSON. */
  value() {
    const config = {};
    for (const [name, { read }] of this.controls) {
      const value = read();
      if (JSON.stringify(value) !== JSON.stringify(this.defaults[name])) config[name] = value;
    }
    if (this.extra.value.trim()) {
      let extra;
      try { extra = JSON.parse(this.extra.value); } catch { throw new Error('Other options: not valid JSON'); }
      if (typeof extra !== 'object' || Array.isArray(extra) || extra === null) throw new Error('Other options: must be a JSON object');
      Object.assign(config, extra);
    }
    return config;
  }

  /** The control of `config.NAME`, to mark a field the server refused. */
  control(path) {
    const name = path.replace(/^config\./, '').split('.')[0];
    return this.controls.get(name)?.control ?? this.extra;
  }
}
