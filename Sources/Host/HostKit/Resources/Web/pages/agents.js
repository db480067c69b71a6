// Agents: pending ones wait for approval; approved ones show whether they are connected.
// Monitors are assigned to an agent under "Runs from" in their form (their locations).
import { api, live } from '../api.js';
import { h, replace, ago, announce } from '../dom.js';

export async function agentList(main) {
  const box = h('div');
  main.append(h('h1', {}, 'Agents'),
    h('p', { class: 'hint' }, 'An agent started with ', h('code', {}, 'vantage agent --server URL'), ' appears here as pending. Approve it, then tick it under “Runs from” in a monitor\'s form.'),
    box);

  async function load() {
    const page = await api('GET', '/api/v1/agents?limit=1000');
    const agents = page.items ?? page;
    const pending = agents.filter((a) => a.status === 'pending');
    const approved = agents.filter((a) => a.status !== 'pending');
    replace(box,
      h('section', {}, h('h2', {}, `Pending (${pending.length})`), pending.length ? table(pending, true) : h('p', {}, 'No agent is waiting.')),
      h('section', {}, h('h2', {}, `Approved (${approved.length})`), approved.length ? table(approved, false) : h('p', {}, 'No agent approved yet.')));
  }

  function table(agents, pending) {
    return h('table', { class: 'agents' },
      h('thead', {}, h('tr', {}, ['Name', 'State', 'Address', 'Version', 'Labels', 'Last seen', 'Id', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, agents.map((agent) => h('tr', { dataset: { agent: agent.id } },
        h('td', {}, agent.name),
        h('td', {}, pending ? 'pending' : agent.status === 'revoked' ? 'revoked' : agent.online ? '● online' : '○ offline'),
        h('td', {}, agent.address), h('td', {}, agent.version), h('td', {}, agent.labels.join(', ')),
        h('td', {}, ago(agent.lastSeenAt)), h('td', {}, h('code', {}, agent.id)),
        h('td', { class: 'actions' },
          pending ? h('button', { type: 'button', class: 'primary', 'aria-label': `Approve ${agent.name}`, onclick: () => approve(agent) }, 'Approve') : null,
          agent.status !== 'revoked' ? h('button', { type: 'button', class: 'danger', 'aria-label': `${pending ? 'Reject' : 'Revoke'} ${agent.name}`, onclick: () => revoke(agent, pending) }, pending ? 'Reject' : 'Revoke') : null)))));
  }

  async function approve(agent) {
    try { await api('PUT', `/api/v1/agents/${agent.id}/approve`, { labels: agent.labels }); announce(`Approved ${agent.name}`); } catch (error) { announce(error.message, 'error'); }
    await load();
  }

  async function revoke(agent, pending) {
    if (!confirm(`${pending ? 'Reject' : 'Revoke'} ${agent.name}?`)) return;
    try { await api('DELETE', `/api/v1/agents/${agent.id}`); announce(`${pending ? 'Rejected' : 'Revoked'} ${agent.name}`); } catch (error) { announce(error.message, 'error'); }
    await load();
  }

  await load();
  const stream = live((frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['agents'] });
    if (frame.type === 'event') load();
  });
  // Pending agents are not tenant events: look again every 10 s.
  const timer = setInterval(load, 10000);
  return () => { stream.close(); clearInterval(timer); };
}
