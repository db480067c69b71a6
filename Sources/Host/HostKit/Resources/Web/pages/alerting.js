// Alerting: notification channels (create, test, enable or disable, delete) and the history
// of alerts with their deliveries.
import { api } from '../api.js';
import { h, field, replace, ago, announce } from '../dom.js';
import { rulesSection, maintenanceSection } from './alert-rules.js';

const templates = {
  webhook: { url: 'https://hooks.example.com/vantage', secret: '' },
  email: { host: 'smtp.example.com', port: 587, from: 'vantage@example.com', to: ['ops@example.com'] },
  slack: { url: 'https://hooks.slack.com/services/...' },
  discord: { url: 'https://discord.com/api/webhooks/...' },
  ntfy: { url: 'https://ntfy.sh/your-topic' },
};

export async function alerting(main) {
  const channelsBox = h('div');
  const historyBox = h('div');
  const name = h('input', { name: 'name', required: true, maxlength: 200 });
  const type = h('select', { name: 'type' }, Object.keys(templates).map((t) => h('option', { value: t }, t)));
  const settings = h('textarea', { name: 'settings', rows: 6, class: 'code', spellcheck: 'false' });
  const errors = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const fill = () => { settings.value = JSON.stringify(templates[type.value], null, 2); };
  type.addEventListener('change', fill);
  fill();

  async function create(event) {
    event.preventDefault();
    errors.hidden = true;
    let parsed;
    try { parsed = JSON.parse(settings.value); } catch { errors.hidden = false; errors.textContent = 'Settings: not valid JSON'; return; }
    try {
      const channel = await api('POST', '/api/v1/notifications/channels', { name: name.value.trim(), type: type.value, settings: parsed });
      announce(`Created ${channel.name}`);
      name.value = '';
      await Promise.all([loadChannels(), loadRules()]);
    } catch (error) {
      errors.hidden = false;
      replace(errors, error.fieldMessages?.length ? h('ul', {}, error.fieldMessages.map((m) => h('li', {}, m))) : error.message);
    }
  }

  async function loadChannels() {
    const page = await api('GET', '/api/v1/notifications/channels?limit=1000');
    const channels = page.items ?? page;
    replace(channelsBox, channels.length ? h('table', { class: 'channels' },
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'Enabled', 'Test', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, channels.map((channel) => {
        const outcome = h('span', { class: 'test-outcome', 'aria-live': 'polite' });
        return h('tr', { dataset: { channel: channel.id } },
          h('td', {}, channel.name), h('td', {}, channel.type), h('td', {}, channel.enabled ? 'yes' : 'no'),
          h('td', {}, h('button', { type: 'button', 'aria-label': `Send a test alert through ${channel.name}`, onclick: async () => {
            outcome.textContent = ' sending…';
            try {
              const answer = await api('POST', `/api/v1/notifications/channels/${channel.id}/test`);
              outcome.textContent = answer.delivered ? ` ✔ delivered${answer.status ? ` (HTTP ${answer.status})` : ''} in ${Math.round(answer.duration * 1000)} ms`
                : ` ✘ not delivered: ${answer.detail ?? 'no answer'}`;
            } catch (error) { outcome.textContent = ` ✘ ${error.message}`; }
          } }, 'Test'), outcome),
          h('td', { class: 'actions' },
            h('button', { type: 'button', onclick: async () => { await api('POST', `/api/v1/notifications/channels/${channel.id}/toggle`); loadChannels(); } }, channel.enabled ? 'Disable' : 'Enable'),
            h('button', { type: 'button', class: 'danger', onclick: async () => {
              if (!confirm(`Delete ${channel.name}?`)) return;
              await api('DELETE', `/api/v1/notifications/channels/${channel.id}`);
              loadChannels();
            } }, 'Delete')));
      }))) : h('p', {}, 'No channel yet.'));
  }

  async function loadHistory() {
    const page = await api('GET', '/api/v1/notifications/history?limit=50').catch(() => ({ items: [] }));
    replace(historyBox, page.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['When', 'Alert', 'Deliveries'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((alert) => h('tr', {},
        h('td', {}, ago(alert.raisedAt ?? alert.createdAt ?? alert.occurredAt)),
        h('td', {}, alert.title ?? alert.summary ?? alert.kind ?? ''),
        h('td', {}, (alert.deliveries ?? []).map((d) => `${d.channelName ?? d.channelId ?? ''} ${d.status ?? d.outcome ?? ''}`).join('; ')))))) : h('p', {}, 'No alert yet.'));
  }

  // The rules' form offers the channels: built again whenever the channels change.
  const rulesBox = h('div');
  async function loadRules() {
    const page = await api('GET', '/api/v1/notifications/channels?limit=1000');
    const rules = rulesSection(page.items ?? page);
    replace(rulesBox, rules.section);
    await rules.load();
  }
  const windows = maintenanceSection();
  main.append(h('h1', {}, 'Alerting'),
    h('section', {}, h('h2', {}, 'Notification channels'), channelsBox,
      h('form', { class: 'card', onsubmit: create }, h('h3', {}, 'Add a channel'), errors,
        h('div', { class: 'grid' }, field('Name', name), field('Type', type)),
        field('Settings (JSON)', settings, 'Secrets (a webhook\'s secret, an SMTP password) are sealed at rest and never shown again.'),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add channel')))),
    rulesBox, windows.section,
    h('section', {}, h('h2', {}, 'History'), historyBox));
  await Promise.all([loadChannels(), loadHistory(), loadRules(), windows.load()]);
}
