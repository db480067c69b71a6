// Log lines sent to /api/v1/logs/ingest, searched by words, level and source, newest first.
// While "Follow" is on (and no older page is open), the search runs again when lines arrive
// on the live stream's `logs` topic, at most once a second.
import { api, live } from '../api.js';
import { h, field, replace } from '../dom.js';

export async function logSearch(main) {
  const words = h('input', { type: 'search', name: 'q', placeholder: 'words' });
  const level = h('select', { name: 'level' }, h('option', { value: '' }, 'any'),
    ['trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical'].map((l) => h('option', { value: l }, l)));
  const source = h('input', { name: 'source', placeholder: 'source' });
  const box = h('div', { 'aria-live': 'polite' });
  const followBox = h('input', { type: 'checkbox', id: 'logs-follow', checked: true });
  let cursor = null;
  let rows = [];
  let pagesOpen = 1;
  let rerun = null;

  async function search(more = false) {
    const parameters = new URLSearchParams({ limit: '200' });
    if (words.value.trim()) parameters.set('q', words.value.trim());
    if (level.value) parameters.set('level', level.value);
    if (source.value.trim()) parameters.set('source', source.value.trim());
    if (more && cursor) parameters.set('cursor', cursor);
    const page = await api('GET', `/api/v1/logs?${parameters}`);
    rows = more ? rows.concat(page.items) : page.items;
    pagesOpen = more ? pagesOpen + 1 : 1;
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
      field('Words', words), field('Level', level), field('Source', source), h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h('span', { class: 'check' }, followBox, h('label', { for: 'logs-follow' }, ' Follow new lines'))),
    box);
  await search();
  const stream = live((frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['logs'] });
    if (frame.type === 'subscribed') followBox.dataset.live = 'true';
    if (frame.type === 'event' && followBox.checked && pagesOpen === 1 && !rerun) {
      rerun = setTimeout(() => { rerun = null; search().catch(() => {}); }, 1000);
    }
  });
  return () => { stream.close(); clearTimeout(rerun); };
}
