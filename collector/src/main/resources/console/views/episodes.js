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
    h('thead', {}, h('tr', {}, ['#', 'state', 'severity', 'kind', 'target', 'outliers', 'opened', 'fired', 'converged in']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, episodes.map((e) => h('tr', { 'data-episode': e.id },
      h('td', {}, h('a', { href: `#/episodes/${e.id}` }, `#${e.id}`)),
      h('td', {}, h('span', { class: `state state-${e.state}` }, e.state)),
      h('td', {}, severity(e)),
      h('td', {}, kind(e)),
      h('td', { class: 'target' }, h('a', { href: `#/episodes/${e.id}` }, target(e))),
      h('td', {}, (e.outlier_regions || []).join(', ') || '—'),
      h('td', {}, time(e.opened_at)),
      h('td', {}, time(e.fired_at)),
      h('td', {}, duration(e.convergence_seconds)))))));
}

/** What the episode is about, by kind: an agent, a region, a checksum database, or a target (through a proxy). */
export function target(e) {
  if (e.kind === 'agent_offline' || e.kind === 'agent_clock') return `agent ${e.agent_id}`;
  if (e.kind === 'region_degraded') return `region ${(e.outlier_regions || [])[0] || '?'}`;
  if (e.kind === 'sumdb_fork' || e.kind === 'sumdb_stale') return `checksum database ${e.module}`;
  const via = e.proxy ? ` via ${e.proxy}` : '';
  return `${e.module}${e.version ? `@${e.version}` : ''}/${e.endpoint}${via}`;
}

export function kind(e) {
  return h('span', { class: `kind kind-${e.kind}`, title: KINDS[e.kind] || null }, e.kind);
}

/** critical, warning or info: what its notifications carry. */
export function severity(e) {
  return h('span', { class: `severity severity-${e.severity}` }, e.severity);
}

const KINDS = {
  status: 'regions answer with different statuses or failures',
  redirect: 'regions redirect to different places',
  content: 'regions serve different bodies',
  etag: 'only the ETags differ',
  stale: 'some regions are behind on a mutable endpoint',
  checksum_mismatch: 'a region was served a file whose h1 differs from the checksum database',
  sumdb_fork: 'two signed tree heads of the checksum database are inconsistent: a split view',
  sumdb_stale: 'a region’s view of the checksum database stays behind the others',
  region_degraded: 'a region fails most of the targets it probes',
  agent_clock: 'an agent’s clock is off by more than the bound',
  agent_offline: 'an agent has sent nothing for longer than the freshness window',
};
