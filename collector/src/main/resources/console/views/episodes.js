// Divergence episodes, newest first, filtered by state, a page at a time.
import { get } from '../api.js';
import { duration, fill, h, time } from '../dom.js';

export const every = 5000;
const STATES = [['', 'All'], ['open', 'Open'], ['resolved', 'Resolved']];

export async function render(root, r) {
  const state = r.params.get('state') || '';
  const cursor = r.params.get('cursor') || '';
  const body = await get('divergences', { state, cursor, limit: 50 });
  fill(root,
    h('div', { class: 'view-head' },
      h('h1', {}, 'Episodes'),
      h('nav', { class: 'tabs', 'aria-label': 'Filter by state' }, STATES.map(([value, label]) =>
        h('a', { href: value ? `#/episodes?state=${value}` : '#/episodes', 'aria-current': value === state && !cursor ? 'page' : null }, label)))),
    body.divergences.length === 0 ? h('p', { class: 'empty' }, 'No episodes.') : table(body.divergences),
    h('p', { class: 'pager' },
      cursor ? h('a', { href: state ? `#/episodes?state=${state}` : '#/episodes' }, '« Newest') : null,
      body.next_cursor ? h('a', { href: `#/episodes?${new URLSearchParams({ ...(state ? { state } : {}), cursor: body.next_cursor })}` }, 'Older »') : null));
}

function table(episodes) {
  return h('div', { class: 'scroll' }, h('table', { class: 'list', id: 'episodes' },
    h('thead', {}, h('tr', {}, ['#', 'state', 'kind', 'target', 'outliers', 'opened', 'fired', 'converged in']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, episodes.map((e) => h('tr', { 'data-episode': e.id },
      h('td', {}, h('a', { href: `#/episodes/${e.id}` }, `#${e.id}`)),
      h('td', {}, h('span', { class: `state state-${e.state}` }, e.state)),
      h('td', {}, h('span', { class: `kind kind-${e.kind}` }, e.kind)),
      h('td', { class: 'target' }, h('a', { href: `#/episodes/${e.id}` }, target(e))),
      h('td', {}, (e.outlier_regions || []).join(', ') || '—'),
      h('td', {}, time(e.opened_at)),
      h('td', {}, time(e.fired_at)),
      h('td', {}, duration(e.convergence_seconds)))))));
}

export function target(e) {
  if (e.kind === 'agent_offline' || e.kind === 'agent_clock') return `agent ${e.agent_id}`;
  return `${e.module}${e.version ? `@${e.version}` : ''}/${e.endpoint}`;
}
