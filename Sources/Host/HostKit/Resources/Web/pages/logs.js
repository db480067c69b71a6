// Log lines sent to /api/v1/logs/ingest, searched by words, level and source, newest first.
import { api } from '../api.js';
import { h, field, replace } from '../dom.js';

export async function logSearch(main) {
  const words = h('input', { type: 'search', name: 'q', placeholder: 'words' });
  const level = h('select', { name: 'level' }, h('option', { value: '' }, 'any'),
    ['trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical'].map((l) => h('option', { value: l }, l)));
  const source = h('input', { name: 'source', placeholder: 'source' });
  const box = h('div', { 'aria-live': 'polite' });
  let cursor = null;
  let rows = [];

  async function search(more = false) {
    const parameters = new URLSearchParams({ limit: '200' });
    if (words.value.trim()) parameters.set('q', words.value.trim());
    if (level.value) parameters.set('level', level.value);
    if (source.value.trim()) parameters.set('source', source.value.trim());
    if (more && cursor) parameters.set('cursor', cursor);
    const page = await api('GET', `/api/v1/logs?${parameters}`);
    rows = more ? rows.concat(page.items) : page.items;
    cursor = page.nextCursor;
    replace(box, rows.length ? h('table', { class: 'logs' },
      h('caption', {}, `${rows.length} ${rows.length === 1 ? 'line' : 'lines'}${cursor ? ' (more below)' : ''}`),
      h('thead', {}, h('tr', {}, ['Time', 'Level', 'Source', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((line) => h('tr', { class: ['error', 'critical'].includes(line.level) ? 'failed' : '' },
        h('td', {}, new Date(line.time ?? line.timestamp).toLocaleString()), h('td', {}, line.level), h('td', {}, line.source ?? ''),
        h('td', { class: 'message' }, line.message))))) : h('p', {}, 'No log line matches.'),
      cursor ? h('button', { type: 'button', onclick: () => search(true) }, 'Older lines') : null);
  }

  main.append(h('h1', {}, 'Logs'),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); search(); } },
      field('Words', words), field('Level', level), field('Source', source), h('button', { type: 'submit', class: 'primary' }, 'Search')),
    box);
  await search();
}
