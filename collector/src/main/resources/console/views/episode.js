// One episode: what disagreed, and per region the sequence of answers (the evidence) on one time axis.
import { get } from '../api.js';
import { duration, fill, h, time, when } from '../dom.js';
import { colourer, shortFingerprint } from './colours.js';
import { kind, severity, target } from './episodes.js';

export const every = 5000;

export async function render(root, r) {
  const e = await get(`divergences/${r.id}`);
  fill(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/episodes' }, '« Episodes')),
    h('div', { class: 'view-head' },
      h('h1', {}, `Episode #${e.id}`),
      h('span', { class: `state state-${e.state}` }, e.state), ' ', severity(e), ' ', kind(e)),
    h('p', { class: 'target-line' }, h('code', {}, target(e)), e.url ? h('span', { class: 'url' }, ` ${e.url}`) : null),
    facts(e),
    h('h2', {}, 'Evidence per region'),
    e.timeline.length ? timeline(e) : h('p', { class: 'empty' }, 'No evidence recorded.'));
}

function facts(e) {
  const rows = [
    ['majority', `${(e.majority_regions || []).join(', ') || '—'}`],
    ['outliers', `${(e.outlier_regions || []).join(', ') || '—'}`],
    ['majority answer', e.majority_fingerprint || '—'],
    ['opened', time(e.opened_at)], ['fired', time(e.fired_at)],
    ['converged', time(e.converged_at)], ['resolved', time(e.resolved_at)],
    ['last disagreement', time(e.last_disagreement_at)],
    ['rounds', String(e.rounds)], ['reopened', String(e.reopened)],
    ['converged last', e.converged_last_region || '—'], ['convergence', duration(e.convergence_seconds)],
  ];
  if (e.parent_id) rows.unshift(['part of', h('a', { href: `#/episodes/${e.parent_id}` }, `regional incident #${e.parent_id}`)]);
  if (e.kind === 'region_degraded') rows.unshift(['failing', failing(e)]);
  if (e.kind === 'stale' && e.outlier_since) {
    for (const [region, at] of Object.entries(e.outlier_since)) rows.push([`${region} behind since`, time(at)]);
  }
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

function failing(e) {
  const total = Object.values(e.failures || {}).reduce((a, b) => a + b, 0);
  const parts = Object.entries(e.failures || {}).map(([cls, n]) => `${n} ${cls}`).join(', ');
  return `${total} of ${e.region_targets} targets${parts ? ` (${parts})` : ''}`;
}

function timeline(e) {
  const colour = colourer(e.majority_fingerprint);
  const start = Math.min(...e.timeline.map((t) => Date.parse(t.first_seen)));
  const end = Math.max(Date.parse(e.resolved_at || '') || Date.now(), ...e.timeline.map((t) => Date.parse(t.last_seen)));
  const span = Math.max(end - start, 1000);
  const byRegion = new Map();
  for (const t of e.timeline) {
    if (!byRegion.has(t.region)) byRegion.set(t.region, []);
    byRegion.get(t.region).push(t);
  }
  const lanes = [...byRegion].sort(([a], [b]) => a.localeCompare(b)).map(([region, items]) =>
    h('div', { class: 'lane', 'data-region': region },
      h('span', { class: 'lane-name' }, region),
      h('span', { class: 'lane-track' }, items.map((t) => bar(t, start, span, colour)))));
  return [
    h('div', { class: 'timeline', role: 'img', 'aria-label': 'Answers per region over time; details in the table below' },
      lanes, h('div', { class: 'axis' }, h('span', {}, when(new Date(start).toISOString())), h('span', {}, when(new Date(end).toISOString())))),
    h('div', { class: 'scroll' }, h('table', { class: 'list evidence' },
      h('thead', {}, h('tr', {}, ['region', 'answer', 'first seen', 'last seen', 'agent', 'sequence'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, e.timeline.map((t) => h('tr', {},
        h('td', {}, t.region),
        h('td', {}, h('span', { class: `chip ${colour(t.fingerprint)}`, title: t.fingerprint }, shortFingerprint(t.fingerprint))),
        h('td', {}, when(t.first_seen)), h('td', {}, when(t.last_seen)),
        h('td', {}, t.agent_id), h('td', { class: 'num' }, t.sequence)))))),
  ];
}

function bar(t, start, span, colour) {
  const from = Date.parse(t.first_seen) - start;
  const to = Date.parse(t.last_seen) - start;
  const el = h('span', { class: `bar ${colour(t.fingerprint)}`, title: `${t.fingerprint}\n${when(t.first_seen)} – ${when(t.last_seen)}` });
  el.style.left = `${(100 * from / span).toFixed(2)}%`;
  el.style.width = `${Math.max(100 * (to - from) / span, 1.5).toFixed(2)}%`;
  return el;
}
