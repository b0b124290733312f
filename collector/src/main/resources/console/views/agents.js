// Agents as the collector knows them: when each was last heard from, its version, clock skew (with the round trip
// it was measured over), what it reported of its spool and acks, and gaps.
import { get } from '../api.js';
import { duration, fill, h, time } from '../dom.js';

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
    h('thead', {}, h('tr', {}, ['agent', 'region', 'status', 'last seen', 'version', 'clock skew', 'clock rtt', 'spool', 'dropped',
      'last ack', 'stored', 'rejected', 'missing', 'contiguous to', 'gaps'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, agents.map((a) => {
      const quiet = !a.last_seen || now - Date.parse(a.last_seen) > QUIET_SECONDS * 1000;
      return h('tr', { 'data-agent': a.agent_id },
        h('th', { scope: 'row' }, a.agent_id),
        h('td', {}, a.region),
        h('td', {}, h('span', { class: `state ${quiet ? 'state-quiet' : 'state-live'}` }, quiet ? 'quiet' : 'live')),
        h('td', {}, time(a.last_seen)),
        h('td', {}, a.software_version || '—'),
        h('td', { class: `num${Math.abs(a.clock_skew_ms || 0) > 1000 ? ' bad' : ''}` }, skew(a.clock_skew_ms)),
        h('td', { class: 'num', title: a.clock_rtt_ms === null ? 'one-way estimate at Hello: no round trip measured yet' : null },
          a.clock_rtt_ms === null || a.clock_rtt_ms === undefined ? '—' : `${a.clock_rtt_ms.toFixed(1)} ms`),
        stats(a.stats),
        h('td', { class: 'num' }, a.samples_stored.toLocaleString()),
        h('td', { class: `num${a.samples_rejected ? ' bad' : ''}` }, a.samples_rejected.toLocaleString()),
        h('td', { class: `num${a.samples_missing ? ' bad' : ''}` }, a.samples_missing.toLocaleString()),
        h('td', { class: 'num' }, a.highest_contiguous_sequence.toLocaleString()),
        h('td', {}, gaps(a.gaps)));
    }))));
}

/** The counters the agent last reported in its stream: spool backlog, samples dropped, age of its last ack. */
function stats(s) {
  if (!s) return [h('td', { class: 'num' }, '—'), h('td', { class: 'num' }, '—'), h('td', { class: 'num' }, '—')];
  const reported = `reported ${new Date(s.reported_at).toLocaleString()}`;
  return [
    h('td', { class: `num${s.spool_samples > 1000 ? ' bad' : ''}`, title: reported },
      s.spool_samples.toLocaleString(), h('span', { class: 'sub' }, bytes(s.spool_bytes))),
    h('td', { class: `num${s.samples_dropped ? ' bad' : ''}`, title: reported }, s.samples_dropped.toLocaleString()),
    h('td', { class: `num${s.last_ack_age_seconds > 60 ? ' bad' : ''}`, title: reported },
      s.last_ack_age_seconds === null ? 'never' : `${duration(s.last_ack_age_seconds)} ago`),
  ];
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}

function skew(ms) {
  return ms === null || ms === undefined ? '—' : `${ms > 0 ? '+' : ''}${ms.toFixed(1)} ms`;
}

function gaps(list) {
  if (!list || list.length === 0) return 'none';
  return h('details', {}, h('summary', {}, `${list.length} recent`),
    h('ul', { class: 'gaps' }, list.map(([first, last]) => h('li', {}, first === last ? `#${first}` : `#${first}–#${last}`))));
}
