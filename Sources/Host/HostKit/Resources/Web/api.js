// The API client of the page: the session cookie is sent by the browser (HttpOnly, never seen
// here); requests that change something carry the session's CSRF token; the chosen tenant
// goes in X-Tenant-Id.

let csrfToken = null;
let tenantId = sessionStorage.getItem('vantage.tenant');

/** An API error with the problem document's detail and field errors. */
export class APIError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
  /** "config.port: must be 1 to 65535" lines of a 422. */
  get fieldMessages() {
    return (this.problem.errors ?? []).map((issue) => `${issue.field}: ${issue.message}`);
  }
}

export function setSession(session) { csrfToken = session?.csrfToken ?? null; }
export function setTenant(id) {
  tenantId = id;
  if (id) sessionStorage.setItem('vantage.tenant', id); else sessionStorage.removeItem('vantage.tenant');
}
export function currentTenant() { return tenantId; }

function headers(method, extra = {}) {
  const all = { Accept: 'application/json', ...extra };
  if (tenantId) all['X-Tenant-Id'] = tenantId;
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) all['X-CSRF-Token'] = csrfToken;
  return all;
}

/** Calls the API; resolves to the decoded JSON (null for 204), throws APIError. */
export async function api(method, path, body, options = {}) {
  const init = { method, headers: headers(method, options.headers), credentials: 'same-origin', signal: options.signal };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const error = new APIError(response.status, typeof data === 'object' ? data : { detail: data });
    if (response.status === 401 && !options.quiet) window.dispatchEvent(new CustomEvent('vantage:signed-out'));
    throw error;
  }
  return data;
}

/** POSTs and reads server-sent events; `onEvent(name, data)` for each. Resolves when the stream ends. */
export async function stream(path, body, onEvent, signal) {
  const response = await fetch(path, {
    method: 'POST', credentials: 'same-origin', signal,
    headers: headers('POST', { Accept: 'text/event-stream', 'Content-Type': 'application/json' }),
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new APIError(response.status, problem);
  }
  await readEvents(response, onEvent);
}

/** GETs a server-sent event stream (a trace run's events). */
export async function follow(path, onEvent, signal) {
  const response = await fetch(path, { credentials: 'same-origin', signal, headers: headers('GET', { Accept: 'text/event-stream' }) });
  if (!response.ok) throw new APIError(response.status, await response.json().catch(() => ({})));
  await readEvents(response, onEvent);
}

async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) {
        let parsed = data.join('\n');
        try { parsed = JSON.parse(parsed); } catch { /* plain text */ }
        onEvent(name, parsed);
      }
    }
  }
}

/** The live stream over WebSocket (the cookie authenticates it); reconnects with back-off. */
export function live(onMessage) {
  let socket;
  let closed = false;
  let delay = 1000;
  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : '';
    socket = new WebSocket(`${scheme}://${location.host}/api/v1/ws${query}`);
    socket.onopen = () => { delay = 1000; };
    socket.onmessage = (message) => { try { onMessage(JSON.parse(message.data)); } catch { /* ignore */ } };
    socket.onclose = () => { if (!closed) setTimeout(open, delay = Math.min(delay * 2, 30000)); };
  };
  open();
  return { close() { closed = true; socket?.close(); }, send(data) { socket?.readyState === 1 && socket.send(JSON.stringify(data)); } };
}
