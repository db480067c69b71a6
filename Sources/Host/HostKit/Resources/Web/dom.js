// Building the page from elements and text nodes, never from markup strings: every text from
// the API goes in as a text node, so nothing the server stores (a monitor's name, a hop's host
// name) can become markup.

/** Creates an element: h('button', {class: 'primary', onclick: f}, 'Save'). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Appends children: nodes, strings (as text), arrays, and skips null/false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A labelled form field; `input` is the control, given an id when it has none. */
let fieldCounter = 0;
export function field(label, input, hint) {
  if (!input.id) input.id = `field-${++fieldCounter}`;
  const hintElement = hint ? h('small', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
  if (hintElement) input.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintElement);
}

/** "3 min ago", "in 20 s" for a date string. */
export function ago(date) {
  if (!date) return '—';
  const seconds = Math.round((Date.now() - new Date(date).getTime()) / 1000);
  const value = Math.abs(seconds);
  const text = value < 60 ? `${value} s` : value < 3600 ? `${Math.round(value / 60)} min` : value < 86400 ? `${Math.round(value / 3600)} h` : `${Math.round(value / 86400)} d`;
  return seconds >= 0 ? `${text} ago` : `in ${text}`;
}

/** Milliseconds with sensible precision. */
export function ms(value) {
  if (value === null || value === undefined) return '—';
  return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** A status shown by text and shape as well as colour: ▲ up, ▼ down, ◆ degraded, ● pending, ❚❚ paused. */
const symbols = { up: '▲', down: '▼', degraded: '◆', pending: '●', paused: '❚❚', unknown: '?' };
export function statusBadge(status) {
  return h('span', { class: `status status-${status}` }, h('span', { 'aria-hidden': 'true' }, symbols[status] ?? '?'), ` ${status}`);
}

/** Shows a message in the page's live region (read out by screen readers). */
export function announce(text, kind = 'info') {
  const region = document.getElementById('toast');
  if (!region) return;
  replace(region, h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text));
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => region.replaceChildren(), kind === 'error' ? 10000 : 4000);
}
