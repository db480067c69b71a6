// Sign in and registration. The session token goes into an HttpOnly cookie set by the server;
// this page only ever sees the CSRF token.
import { api, setSession } from '../api.js';
import { h, field, replace } from '../dom.js';

function errorBox() { return h('div', { class: 'form-error', role: 'alert', hidden: true }); }
function showError(box, error) {
  box.hidden = false;
  replace(box, error.fieldMessages?.length ? h('ul', {}, error.fieldMessages.map((m) => h('li', {}, m))) : error.message);
}

export function signIn(main) {
  const login = h('input', { name: 'login', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const errors = errorBox();
  const registerLink = h('p', { hidden: true }, 'No account? ', h('a', { href: '#/register' }, 'Register'));
  const form = h('form', { class: 'card narrow', onsubmit: async (event) => {
    event.preventDefault();
    errors.hidden = true;
    try {
      setSession(await api('POST', '/api/v1/auth/session', { login: login.value, password: password.value }, { quiet: true }));
      window.dispatchEvent(new CustomEvent('vantage:signed-in'));
    } catch (error) { showError(errors, error); }
  } },
  h('h1', {}, 'Sign in'), errors,
  field('E-mail or user name', login), field('Password', password),
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  registerLink);
  main.append(form);
  // The link shows only while registration would take an account (GET /api/v1/auth/registration).
  api('GET', '/api/v1/auth/registration', undefined, { quiet: true })
    .then((registration) => {
      registerLink.hidden = !registration.open;
      registerLink.dataset.registration = registration.mode;
    })
    .catch(() => {});
}

export function register(main) {
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, autofocus: true });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, pattern: '[A-Za-z0-9._\\-]{3,32}' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10, maxlength: 72 });
  const errors = errorBox();
  const form = h('form', { class: 'card narrow', onsubmit: async (event) => {
    event.preventDefault();
    errors.hidden = true;
    try {
      await api('POST', '/api/v1/auth/register', { email: email.value, username: username.value, password: password.value }, { quiet: true });
      setSession(await api('POST', '/api/v1/auth/session', { login: username.value, password: password.value }, { quiet: true }));
      window.dispatchEvent(new CustomEvent('vantage:signed-in'));
    } catch (error) { showError(errors, error); }
  } },
  h('h1', {}, 'Register'), errors,
  field('E-mail', email), field('User name', username, '3 to 32 letters, digits, dot, dash and underscore'),
  field('Password', password, 'At least 10 characters with two of: letters, digits, other characters'),
  h('button', { type: 'submit', class: 'primary' }, 'Create account'),
  h('p', {}, 'Have an account? ', h('a', { href: '#/signin' }, 'Sign in')));
  main.append(form);
}
