// The consistency matrix: one row per target (module@version/endpoint), one column per region; a cell's
// colour is its fingerprint (same colour, same answer), an outlier is marked with the kind of disagreement.
// A page of targets at a time (the API's limit, in module order): a fleet of 100,000 targets is 500 pages.
import { get } from '../api.js';
import { fill, h, time } from '../dom.js';
import { colourer, shortFingerprint } from './colours.js';

export const every = 3000;

export async function render(root, r) {
  const divergingOnly = r.params.get('diverging') === 'true';
  const cursor = r.params.get('cursor') || '';
  const body = await get('consistency', { diverging: divergingOnly ? 'true' : '', cursor });
  const regions = [...new Set(body.targets.flatMap((t) => Object.keys(t.regions)))].sort();
  const diverging = body.targets.filter((t) => t.diverging).length;
  fill(root,
    h('div', { class: 'view-head' },
      h('h1', {}, 'Consistency'),
      h('p', { class: 'summary' },
        `${body.targets.length} targets${cursor || body.next_cursor ? ' on this page' : ''} · `,
        h('strong', { class: diverging ? 'bad' : 'good' }, `${diverging} diverging`),
        ` · ${regions.length} regions · fresh within ${body.fresh_window_seconds} s · updated `,
        h('time', { datetime: new Date().toISOString() }, new Date().toLocaleTimeString())),
      h('a', { class: 'toggle', href: divergingOnly ? '#/matrix' : '#/matrix?diverging=true' }, divergingOnly ? 'Show all targets' : 'Show only diverging')),
    body.targets.length === 0
      ? h('p', { class: 'empty' }, divergingOnly ? 'No target diverges right now.' : 'No fresh observations yet: are agents connected?')
      : table(body.targets, regions),
    pager(divergingOnly, cursor, body.next_cursor),
    legend());
}

function pager(divergingOnly, cursor, next) {
  const link = (c) => `#/matrix?${new URLSearchParams({ ...(divergingOnly ? { diverging: 'true' } : {}), ...(c ? { cursor: c } : {}) })}`;
  if (!cursor && !next) return null;
  return h('p', { class: 'pager' },
    cursor ? h('a', { href: link('') }, '« First page') : null,
    next ? h('a', { href: link(next), id: 'matrix-next' }, 'Next page »') : null);
}

function table(targets, regions) {
  const groups = new Map();
  for (const t of targets) {
    const key = t.version ? `${t.module}@${t.version}` : t.module;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(t);
  }
  return h('div', { class: 'scroll' },
    h('table', { class: 'matrix', id: 'matrix' },
      h('caption', { class: 'sr-only' }, 'Latest fingerprint per target and region'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'target'),
        regions.map((region) => h('th', { scope: 'col', 'data-region': region }, region)))),
      [...groups].map(([group, rows]) => h('tbody', {},
        h('tr', { class: 'group' }, h('th', { scope: 'colgroup', colspan: regions.length + 1 }, group)),
        rows.map((t) => row(t, regions))))));
}

function row(t, regions) {
  const colour = colourer(t.majority_fingerprint);
  const name = `${t.module}${t.version ? `@${t.version}` : ''}/${t.endpoint}`;
  return h('tr', { 'data-target': name, class: t.diverging ? 'diverging' : null },
    h('th', { scope: 'row' }, h('span', { class: 'endpoint' }, t.endpoint),
      t.diverging ? h('span', { class: `kind kind-${t.kind}` }, t.kind) : null),
    regions.map((region) => cell(t, region, colour)));
}

function cell(t, region, colour) {
  const o = t.regions[region];
  if (!o) return h('td', { class: 'cell fp-none', 'data-region': region, title: `${region}: no fresh observation` }, '—');
  const label = shortFingerprint(o.fingerprint);
  return h('td', {
    class: `cell ${colour(o.fingerprint)}${o.diverges ? ' diverges' : ''}`,
    'data-region': region,
    'data-fingerprint': o.fingerprint,
    title: `${region}: ${o.fingerprint}\nagent ${o.agent_id}, sampled ${new Date(o.sample_time).toLocaleTimeString()}`,
  },
  o.diverges ? h('span', { class: 'mark' }, h('span', { 'aria-hidden': 'true' }, '▲ '), t.kind || 'differs') : null,
  h('span', { class: 'fp' }, label.split(' · ').map((part) => h('span', { class: 'part' }, part))),
  h('span', { class: 'seen' }, time(o.sample_time)));
}

function legend() {
  return h('p', { class: 'legend' },
    h('span', { class: 'swatch fp0' }), ' majority answer ',
    h('span', { class: 'swatch fp1' }), h('span', { class: 'swatch fp2' }), ' other answers (one colour each) ',
    h('span', { class: 'swatch fp-none' }), ' no fresh observation · ▲ marks an outlier with the kind of disagreement');
}
