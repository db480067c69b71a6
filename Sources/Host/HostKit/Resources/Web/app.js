// The web interface: a hash router over pages that each render into <main> and may return a
// function that tears down what they started (timers, streams).
import { api, setSession, setTenant, currentTenant } from './api.js';
import { h, replace, announce } from './dom.js';

const routes = [
  [/^#\/signin$/, () => import('./pages/signin.js').then((m) => m.signIn), true],
  [/^#\/register$/, () => import('./pages/signin.js').then((m) => m.register), true],
  [/^#\/monitors$/, () => import('./pages/monitors.js').then((m) => m.monitorList)],
  [/^#\/monitors\/new$/, () => import('./pages/monitor-form.js').then((m) => m.monitorForm)],
  [/^#\/monitors\/([0-9a-f-]{36})\/edit$/, () => import('./pages/monitor-form.js').then((m) => m.monitorForm)],
  [/^#\/monitors\/([0-9a-f-]{36})$/, () => import('./pages/monitor-detail.js').then((m) => m.monitorDetail)],
  [/^#\/probes$/, () => import('./pages/probes.js').then((m) => m.probeRunner)],
  [/^#\/traces$/, () => import('./pages/traces.js').then((m) => m.traces)],
  [/^#\/traces\/([0-9a-f-]{36})$/, () => import('./pages/traces.js').then((m) => m.traces)],
  [/^#\/hosts$/, () => import('./pages/hosts.js').then((m) => m.hostList)],
  [/^#\/hosts\/([0-9a-f-]{36})$/, () => import('./pages/hosts.js').then((m) => m.hostDetail)],
  [/^#\/agents$/, () => import('./pages/agents.js').then((m) => m.agentList)],
  [/^#\/status-pages$/, () => import('./pages/status-pages.js').then((m) => m.statusPages)],
  [/^#\/logs$/, () => import('./pages/logs.js').then((m) => m.logSearch)],
  [/^#\/connections$/, () => import('./pages/connections.js').then((m) => m.connections)],
  [/^#\/settings$/, () => import('./pages/settings.js').then((m) => m.settings)],
  [/^#\/alerting$/, () => import('./pages/alerting.js').then((m) => m.alerting)],
];

const app = { session: null };
let teardown = null;

async function loadSession() {
  try {
    // 204 (null) when not signed in.
    app.session = await api('GET', '/api/v1/auth/session', undefined, { quiet: true });
    setSession(app.session);
    if (!app.session) { renderHeader(); return; }
    const tenants = app.session.tenants ?? [];
    if (!tenants.some((t) => t.id === currentTenant())) setTenant(tenants[0]?.id ?? null);
  } catch {
    app.session = null;
    setSession(null);
  }
  renderHeader();
}

function renderHeader() {
  const header = document.querySelector('header.top');
  header.hidden = !app.session;
  if (!app.session) return;
  document.getElementById('who').textContent = app.session.user.username;
  const select = document.getElementById('tenant');
  replace(select, app.session.tenants.map((t) => h('option', { value: t.id, selected: t.id === currentTenant() }, `${t.name} (${t.role})`)));
}

async function route() {
  if (teardown) { try { teardown(); } catch { /* ignore */ } teardown = null; }
  const hash = location.hash || '#/monitors';
  const match = routes.find(([pattern]) => pattern.test(hash));
  const main = document.getElementById('main');
  if (!match) { replace(main, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/monitors' }, 'Back to the monitors'))); return; }
  const [pattern, load, open] = match;
  if (!open && !app.session) { location.hash = '#/signin'; return; }
  if (open && app.session) { location.hash = '#/monitors'; return; }
  for (const link of document.querySelectorAll('nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  const page = await load();
  const parameters = hash.match(pattern).slice(1);
  main.replaceChildren();
  try {
    teardown = (await page(main, ...parameters)) ?? null;
  } catch (error) {
    replace(main, h('h1', {}, 'Something went wrong'), h('p', { role: 'alert' }, error.message));
  }
  const heading = main.querySelector('h1');
  if (heading) document.title = `${heading.textContent} · Vantage`;
  main.focus({ preventScroll: true });
}

// A sign-in or registration page announces the new session; the header and route follow.
window.addEventListener('vantage:signed-in', async () => {
  await loadSession();
  location.hash = '#/monitors';
});

window.addEventListener('vantage:signed-out', async () => {
  if (!app.session) return;
  app.session = null;
  setSession(null);
  renderHeader();
  announce('Your session ended: sign in again.', 'error');
  location.hash = '#/signin';
});
window.addEventListener('hashchange', route);
document.getElementById('signout').addEventListener('click', async () => {
  await api('DELETE', '/api/v1/auth/session').catch(() => {});
  app.session = null;
  setSession(null);
  setTenant(null);
  renderHeader();
  location.hash = '#/signin';
});
document.getElementById('tenant').addEventListener('change', (event) => {
  setTenant(event.target.value);
  route();
});

loadSession().then(route);
