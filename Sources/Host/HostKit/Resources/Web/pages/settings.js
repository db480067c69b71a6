// The tenant's settings: API keys (the secret is shown once, at creation) and members with
// their roles, added by e-mail or user name. Administrators only; others see why not.
import { api, currentTenant } from '../api.js';
import { h, field, replace, ago, announce } from '../dom.js';

export async function settings(main) {
  const keysBox = h('div');
  const membersBox = h('div');
  const secretBox = h('div', { 'aria-live': 'polite' });
  const name = h('input', { name: 'key-name', required: true, maxlength: 100 });
  const scopes = ['read', 'write', 'ingest', 'admin'].map((scope) => h('input', { type: 'checkbox', name: 'scope', value: scope, id: `scope-${scope}`, checked: scope === 'read' }));

  async function loadKeys() {
    try {
      const page = await api('GET', '/api/v1/apikeys?limit=1000');
      const keys = page.items ?? page;
      replace(keysBox, keys.length ? h('table', {},
        h('thead', {}, h('tr', {}, ['Name', 'Prefix', 'Scopes', 'Created', 'Last used', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, keys.map((key) => h('tr', {},
          h('td', {}, key.name), h('td', {}, h('code', {}, key.prefix)), h('td', {}, key.scopes.join(', ')),
          h('td', {}, ago(key.createdAt)), h('td', {}, ago(key.lastUsedAt)), h('td', {}, key.revokedAt ? 'revoked' : 'active'),
          h('td', { class: 'actions' },
            key.revokedAt ? null : h('button', { type: 'button', onclick: async () => { await api('PUT', `/api/v1/apikeys/${key.id}`, { name: key.name, scopes: key.scopes, revoked: true }); loadKeys(); } }, 'Revoke'),
            h('button', { type: 'button', class: 'danger', onclick: async () => { if (confirm(`Delete ${key.name}?`)) { await api('DELETE', `/api/v1/apikeys/${key.id}`); loadKeys(); } } }, 'Delete')))))) : h('p', {}, 'No API key yet.'));
    } catch (error) { replace(keysBox, h('p', {}, error.message)); }
  }

  async function createKey(event) {
    event.preventDefault();
    const chosen = scopes.filter((s) => s.checked).map((s) => s.value);
    try {
      const created = await api('POST', '/api/v1/apikeys', { name: name.value.trim(), scopes: chosen });
      replace(secretBox, h('div', { class: 'card secret', role: 'status' },
        h('p', {}, h('strong', {}, `The key of ${created.name}: copy it now, it is not shown again.`)),
        h('code', { class: 'secret-value' }, created.key)));
      name.value = '';
      loadKeys();
    } catch (error) { announce(error.fieldMessages?.join('; ') || error.message, 'error'); }
  }

  async function loadMembers() {
    try {
      const members = await api('GET', `/api/v1/tenants/${currentTenant()}/members`);
      const list = members.items ?? members;
      replace(membersBox, h('table', {},
        h('thead', {}, h('tr', {}, ['User', 'E-mail', 'Role', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, list.map((member) => {
          const role = h('select', { 'aria-label': `Role of ${member.user.username}` }, ['viewer', 'member', 'admin', 'owner'].map((r) => h('option', { value: r, selected: r === member.role }, r)));
          role.addEventListener('change', async () => {
            try { await api('PUT', `/api/v1/tenants/${currentTenant()}/members/${member.user.id}`, { role: role.value }); announce(`${member.user.username} is now ${role.value}`); } catch (error) { announce(error.message, 'error'); loadMembers(); }
          });
          return h('tr', {}, h('td', {}, member.user.username), h('td', {}, member.user.email), h('td', {}, role),
            h('td', {}, h('button', { type: 'button', class: 'danger', onclick: async () => {
              if (!confirm(`Remove ${member.user.username} from the tenant?`)) return;
              try { await api('DELETE', `/api/v1/tenants/${currentTenant()}/members/${member.user.id}`); } catch (error) { announce(error.message, 'error'); }
              loadMembers();
            } }, 'Remove')));
        }))));
    } catch (error) { replace(membersBox, h('p', {}, error.message)); }
  }

  const memberLogin = h('input', { name: 'login', required: true, autocomplete: 'off', placeholder: 'e-mail or user name' });
  const memberRole = h('select', { name: 'role' }, ['viewer', 'member', 'admin', 'owner'].map((r) => h('option', { value: r, selected: r === 'member' }, r)));
  async function addMember(event) {
    event.preventDefault();
    try {
      const added = await api('POST', `/api/v1/tenants/${currentTenant()}/members`, { login: memberLogin.value.trim(), role: memberRole.value });
      announce(`Added ${added.user.username} as ${added.role}`);
      memberLogin.value = '';
      loadMembers();
    } catch (error) { announce(error.fieldMessages?.join('; ') || error.message, 'error'); }
  }

  main.append(h('h1', {}, 'Settings'),
    h('section', {}, h('h2', {}, 'API keys'), secretBox, keysBox,
      h('form', { class: 'card', onsubmit: createKey }, h('h3', {}, 'Create a key'),
        field('Name', name),
        h('fieldset', { class: 'scopes' }, h('legend', {}, 'Scopes'), scopes.map((s) => h('span', { class: 'check' }, s, h('label', { for: s.id }, ` ${s.value} `)))),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create key')))),
    h('section', {}, h('h2', {}, 'Members'), membersBox,
      h('form', { class: 'card', onsubmit: addMember }, h('h3', {}, 'Add a member'),
        h('p', { class: 'hint' }, 'An existing account: its e-mail address or user name.'),
        field('Account', memberLogin), field('Role', memberRole),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add member')))));
  await Promise.all([loadKeys(), loadMembers()]);
}
