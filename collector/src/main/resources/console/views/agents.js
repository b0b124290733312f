// Agents as the collector knows them: when each was last heard from, its version, clock skew and gaps.
import { get } from '../api.js';
import { fill, h, time } from '../dom.js';

export const every = 5000;
const QUIET_SECONDS = 90;

export async function render(root) {
  const body = await get('agents');
  const now = Date.now();
  fill(root,
    h('div', { class: 'view-head' },
      h('h1', {}, 'Agents'),
      h('p', { class: 'summary' }, `${body.agents.length} agents · quiet means nothing heard for ${QUIET_SECONDS} s`)),
    body.agents.length === 0 ? h('p', { class: 'empty' }, 'No agent has connected yet.') : table(body.agents, now));
}

function table(agents, now) {
  return h('div', { class: 'scroll' }, h('table', { class: 'list', id: 'agents' },
    h('thead', {}, h('tr', {}, ['agent', 'region', 'status', 'last seen', 'version', 'clock skew', 'stored', 'rejected',
      'missing', 'contiguous to', 'gaps'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, agents.map((a) => {
      const quiet = !a.last_seen || now - Date.parse(a.last_seen) > QUIET_SECONDS * 1000;
      return h('tr', { 'data-agent': a.agent_id },
        h('th', { scope: 'row' }, a.agent_id),
        h('td', {}, a.region),
        h('td', {}, h('span', { class: `state ${quiet ? 'state-quiet' : 'state-live'}` }, quiet ? 'quiet' : 'live')),
        h('td', {}, time(a.last_seen)),
        h('td', {}, a.software_version || '—'),
        h('td', { class: `num${Math.abs(a.clock_skew_ms || 0) > 1000 ? ' bad' : ''}` }, skew(a.clock_skew_ms)),
        h('td', { class: 'num' }, a.samples_stored.toLocaleString()),
        h('td', { class: `num${a.samples_rejected ? ' bad' : ''}` }, a.samples_rejected.toLocaleString()),
        h('td', { class: `num${a.samples_missing ? ' bad' : ''}` }, a.samples_missing.toLocaleString()),
        h('td', { class: 'num' }, a.highest_contiguous_sequence.toLocaleString()),
        h('td', {}, gaps(a.gaps)));
    }))));
}

function skew(ms) {
  return ms === null || ms === undefined ? '—' : `${ms > 0 ? '+' : ''}${ms.toFixed(1)} ms`;
}

function gaps(list) {
  if (!list || list.length === 0) return 'none';
  return h('details', {}, h('summary', {}, `${list.length} recent`),
    h('ul', { class: 'gaps' }, list.map(([first, last]) => h('li', {}, first === last ? `#${first}` : `#${first}–#${last}`))));
}
