// Public status pages: each a slug, a title and groups of chosen monitors, published when
// ready at /status/{slug} (no sign-in; targets hidden unless shown).
import { api } from '../api.js';
import { h, field, replace, announce } from '../dom.js';

export async function statusPages(main) {
  const listBox = h('div');
  const formBox = h('div');
  const names = new Map();

  async function loadList() {
    const pages = await api('GET', '/api/v1/status-pages');
    replace(listBox, pages.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['Title', 'Address', 'State', 'Monitors', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, pages.map((page) => h('tr', {},
        h('td', {}, page.title), h('td', {}, h('a', { href: page.publicURL, target: '_blank', rel: 'noopener' }, page.publicURL)),
        h('td', {}, page.published ? 'published' : 'draft'), h('td', {}, String(page.groups.reduce((n, g) => n + g.monitors.length, 0))),
        h('td', { class: 'actions' },
          h('button', { type: 'button', onclick: () => edit(page) }, 'Edit'),
          h('button', { type: 'button', class: 'danger', onclick: async () => {
            if (!confirm(`Delete the status page ${page.title}?`)) return;
            await api('DELETE', `/api/v1/status-pages/${page.id}`);
            loadList();
          } }, 'Delete')))))) : h('p', {}, 'No status page yet.'));
  }

  async function monitorName(id) {
    if (!names.has(id)) names.set(id, api('GET', `/api/v1/monitors/${id}`).then((m) => m.name).catch(() => id));
    return names.get(id);
  }

  function edit(page) {
    const slug = h('input', { name: 'slug', required: true, pattern: '[a-z0-9](?:[a-z0-9\\-]{0,62}[a-z0-9])?', value: page?.slug ?? '' });
    const title = h('input', { name: 'title', required: true, maxlength: 200, value: page?.title ?? '' });
    const description = h('input', { name: 'description', maxlength: 1000, value: page?.description ?? '' });
    const published = h('input', { type: 'checkbox', id: 'sp-published', checked: page?.published ?? false });
    const showTargets = h('input', { type: 'checkbox', id: 'sp-targets', checked: page?.showTargets ?? false });
    const errors = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const groups = (page?.groups ?? [{ name: 'Services', monitors: [] }]).map((g) => ({ name: g.name, monitors: [...g.monitors] }));
    const groupsBox = h('div');

    function renderGroups() {
      replace(groupsBox, groups.map((group, index) => {
        const name = h('input', { value: group.name, 'aria-label': `Name of group ${index + 1}`, oninput: (e) => { group.name = e.target.value; } });
        const search = h('input', { type: 'search', placeholder: 'find a monitor to add', 'aria-label': `Find a monitor for group ${index + 1}` });
        const matches = h('ul', { class: 'matches' });
        const chosen = h('ul', { class: 'chosen' });
        group.monitors.forEach(async (id) => {
          chosen.append(h('li', {}, await monitorName(id), ' ',
            h('button', { type: 'button', class: 'link', 'aria-label': 'Remove from the group', onclick: () => { group.monitors = group.monitors.filter((m) => m !== id); renderGroups(); } }, 'remove')));
        });
        let timer = 0;
        search.addEventListener('input', () => {
          clearTimeout(timer);
          timer = setTimeout(async () => {
            if (!search.value.trim()) { matches.replaceChildren(); return; }
            const found = await api('GET', `/api/v1/monitors?q=${encodeURIComponent(search.value.trim())}&limit=10`);
            replace(matches, found.items.map((m) => h('li', {}, h('button', { type: 'button', onclick: () => {
              if (!group.monitors.includes(m.id)) group.monitors.push(m.id);
              names.set(m.id, Promise.resolve(m.name));
              renderGroups();
            } }, `Add ${m.name}`))));
          }, 150);
        });
        return h('fieldset', { class: 'options' }, h('legend', {}, `Group ${index + 1}`), name, chosen, search, matches,
          h('button', { type: 'button', class: 'link', onclick: () => { groups.splice(index, 1); renderGroups(); } }, 'Remove the group'));
      }), h('button', { type: 'button', onclick: () => { groups.push({ name: `Group ${groups.length + 1}`, monitors: [] }); renderGroups(); } }, 'Add a group'));
    }
    renderGroups();

    async function save(event) {
      event.preventDefault();
      errors.hidden = true;
      const body = { slug: slug.value.trim(), title: title.value.trim(), description: description.value.trim(), published: published.checked, showTargets: showTargets.checked, groups };
      try {
        const saved = page ? await api('PUT', `/api/v1/status-pages/${page.id}`, body) : await api('POST', '/api/v1/status-pages', body);
        announce(`Saved ${saved.title}`);
        formBox.replaceChildren();
        loadList();
      } catch (error) {
        errors.hidden = false;
        replace(errors, error.fieldMessages?.length ? h('ul', {}, error.fieldMessages.map((m) => h('li', {}, m))) : error.message);
      }
    }

    replace(formBox, h('form', { class: 'card', onsubmit: save }, h('h2', {}, page ? `Edit ${page.title}` : 'New status page'), errors,
      h('div', { class: 'grid' }, field('Slug', slug, 'the address: /status/slug'), field('Title', title), field('Description', description)),
      h('div', { class: 'field check' }, published, h('label', { for: 'sp-published' }, 'Published (anyone can see it)')),
      h('div', { class: 'field check' }, showTargets, h('label', { for: 'sp-targets' }, 'Show the monitors\' targets')),
      groupsBox,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save page'), h('button', { type: 'button', onclick: () => formBox.replaceChildren() }, 'Cancel'))));
    formBox.querySelector('input')?.focus();
  }

  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Status pages'), h('button', { type: 'button', class: 'primary', onclick: () => edit(null) }, 'New status page')),
    formBox, listBox);
  await loadList();
}
