// The console's shell: sign-in, hash routing (#/matrix, #/episodes, #/episodes/42, #/charts, #/releases,
// #/verification, #/agents) and
// the refresh loop of the view on screen.
import { ApiError, check, token } from './api.js';
import { fill, h } from './dom.js';
import * as matrix from './views/matrix.js';
import * as episodes from './views/episodes.js';
import * as episode from './views/episode.js';
import * as charts from './views/charts.js';
import * as releases from './views/releases.js';
import * as verification from './views/verification.js';
import * as agents from './views/agents.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');
const banner = document.getElementById('banner');
let current = null; // { view, timer, generation }
let generation = 0;

function route() {
  const [path, query] = (location.hash.replace(/^#/, '') || '/matrix').split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(query || '');
  if (parts[0] === 'episodes' && /^[1-9][0-9]*$/.test(parts[1] || '')) return { view: episode, name: 'episodes', params, id: parts[1] };
  const views = { matrix, episodes, charts, releases, verification, agents };
  const name = views[parts[0]] ? parts[0] : 'matrix';
  return { view: views[name], name, params };
}

async function show() {
  stop();
  if (!token.get()) return signIn();
  const r = route();
  nav.hidden = false;
  signOutButton.hidden = false;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.view === r.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const mine = ++generation;
  const root = h('div', { class: 'view', 'data-view': r.name });
  fill(main, root);
  const refresh = async () => {
    if (mine !== generation) return;
    try {
      const focused = focusKey(root);
      await r.view.render(root, r);
      refocus(root, focused);
      notice(null);
    } catch (e) {
      failed(e);
    }
    if (mine === generation && r.view.every) current.timer = setTimeout(refresh, r.view.every);
  };
  current = { timer: null };
  await refresh();
  const heading = root.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    if (document.activeElement === document.body || document.activeElement === main) heading.focus({ preventScroll: true });
  }
  document.title = `${heading ? heading.textContent : 'proxywatch'} · proxywatch`;
}

/** A re-render replaces the view's nodes; these keep keyboard focus on the same link or control. */
function focusKey(root) {
  const el = document.activeElement;
  if (!el || !root.contains(el)) return null;
  return el.id ? `#${CSS.escape(el.id)}` : el.getAttribute('href') ? `[href="${CSS.escape(el.getAttribute('href'))}"]` : null;
}

function refocus(root, key) {
  const el = key && root.querySelector(key);
  if (el) el.focus({ preventScroll: true });
}

function stop() {
  generation++;
  if (current && current.timer) clearTimeout(current.timer);
  current = null;
}

function failed(e) {
  if (e instanceof ApiError && e.status === 401) {
    token.clear();
    signIn('Your token is no longer accepted. Sign in again.');
  } else if (e instanceof ApiError && e.status === 429) {
    notice(`The collector asks us to slow down (${e.body.detail || 'too many requests'}); retrying.`);
  } else {
    notice(`Could not load: ${e.message}. Retrying.`);
  }
}

function notice(text) {
  banner.hidden = !text;
  banner.textContent = text || '';
}

function signIn(message) {
  stop();
  notice(null);
  nav.hidden = true;
  signOutButton.hidden = true;
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert' }, message || '');
  error.hidden = !message;
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help sign-in-error',
  });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card sign-in', id: 'sign-in', novalidate: true },
    h('h1', {}, 'Sign in'),
    h('label', { for: 'token' }, 'API token'),
    input,
    h('p', { class: 'help', id: 'token-help' },
      'A read token is enough (', h('code', {}, 'proxywatch-collector api-tokens add --name NAME'),
      '). It is kept for this browser tab only.'),
    error,
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = input.value.trim();
    if (!candidate) return refuse(error, input, 'Enter a token.');
    button.disabled = true;
    try {
      await check(candidate);
      token.set(candidate);
      if (!location.hash || location.hash === '#/') location.hash = '#/matrix';
      show();
    } catch (e) {
      refuse(error, input, e instanceof ApiError && e.status === 401 ? 'That token was refused: it is unknown or revoked.'
        : e instanceof ApiError && e.status === 429 ? 'Too many attempts: wait a few seconds and try again.'
          : `Could not check the token: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  });
  fill(main, form);
  input.focus();
}

function refuse(error, input, text) {
  error.textContent = text;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.select();
  input.focus();
}

signOutButton.addEventListener('click', () => {
  token.clear();
  signIn('Signed out.');
});
window.addEventListener('hashchange', show);
show();
