// Ground truth from the Go checksum database: per .mod/.zip, proxy and region whether what the region was served
// matches the record the database proves (verified, mismatch, unverifiable, pending); the findings spelled out;
// and the latest tree head each region read.
import { get } from '../api.js';
import { fill, h, time, when } from '../dom.js';

export const every = 10000;
const STATES = ['mismatch', 'unverifiable', 'pending', 'verified'];

export async function render(root, r) {
  const only = STATES.includes(r.params.get('state')) ? r.params.get('state') : '';
  const [body, heads] = await Promise.all([get('verification'), get('sumdb/heads')]);
  const all = body.verifications;
  const shown = only ? all.filter((v) => v.state === only) : all;
  const count = (s) => all.filter((v) => v.state === s).length;
  fill(root,
    h('div', { class: 'view-head' },
      h('h1', {}, 'Verification'),
      h('p', { class: 'summary' }, STATES.map((s, i) => [i ? ' · ' : '',
        h('span', { class: count(s) && (s === 'mismatch' || s === 'unverifiable') ? 'bad' : null }, `${count(s)} ${s}`)])),
      h('nav', { class: 'tabs', 'aria-label': 'Filter by state' }, [['', 'All'], ...STATES.map((s) => [s, s])].map(([s, label]) =>
        h('a', { href: s ? `#/verification?state=${s}` : '#/verification', 'aria-current': s === only ? 'page' : null }, label)))),
    shown.length === 0 ? h('p', { class: 'empty' }, only ? `Nothing is ${only}.` : 'Nothing verified yet: agents verify .mod and .zip files they probe.')
      : [findings(shown), h('h2', {}, 'Per file and region'), matrix(shown)],
    h('h2', { id: 'heads-heading' }, 'Checksum database tree heads'),
    headTable(heads.heads));
}

function matrix(states) {
  const regions = [...new Set(states.map((v) => v.region))].sort();
  const rows = new Map();
  for (const v of states) {
    const key = `${v.proxy}\u0000${v.module}@${v.version}\u0000${v.file}`;
    if (!rows.has(key)) rows.set(key, { proxy: v.proxy, target: `${v.module}@${v.version}`, file: v.file, cells: {} });
    rows.get(key).cells[v.region] = v;
  }
  const rank = (row) => Math.min(...Object.values(row.cells).map((v) => STATES.indexOf(v.state)));
  const sorted = [...rows.values()].sort((a, b) => rank(a) - rank(b));
  return h('div', { class: 'scroll' }, h('table', { class: 'list verification', id: 'verification' },
    h('caption', { class: 'sr-only' }, 'Checksum state per file, proxy and region'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'file'), regions.map((g) => h('th', { scope: 'col', 'data-region': g }, g)))),
    h('tbody', {}, sorted.map((row) => h('tr', { 'data-target': `${row.target}.${row.file}` },
      h('th', { scope: 'row' }, h('code', {}, `${row.target} .${row.file}`), row.proxy ? h('span', { class: 'proxy-tag' }, row.proxy) : null),
      regions.map((g) => cell(row.cells[g])))))));
}

function cell(v) {
  if (!v) return h('td', { class: 'check' }, '—');
  return h('td', { class: 'check', 'data-region': v.region, 'data-state': v.state, title: v.updated_at ? `updated ${when(v.updated_at)}` : null },
    h('span', { class: `state state-${v.state}` }, v.state),
    v.state === 'unverifiable' && v.reason ? h('span', { class: 'why' }, v.reason) : null);
}

/** Mismatches with expected and observed h1, and why the unverifiable ones could not be verified. */
function findings(states) {
  const bad = states.filter((v) => v.state === 'mismatch' || v.state === 'unverifiable');
  if (bad.length === 0) return null;
  return [
    h('h2', {}, 'Findings'),
    h('div', { class: 'scroll' }, h('table', { class: 'list findings', id: 'findings' },
      h('thead', {}, h('tr', {}, ['state', 'file', 'region', 'expected (checksum database)', 'observed / reason', 'updated']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, bad.map((v) => h('tr', { 'data-state': v.state, 'data-region': v.region },
        h('td', { 'data-label': 'state' }, h('span', { class: `state state-${v.state}` }, v.state)),
        h('td', { 'data-label': 'file' }, h('code', {}, `${v.module}@${v.version} .${v.file}`), v.proxy ? h('span', { class: 'proxy-tag' }, v.proxy) : null),
        h('td', { 'data-label': 'region' }, v.region),
        h('td', { class: 'hash', 'data-label': 'expected' }, v.expected_h1 || '—', v.sumdb ? h('span', { class: 'sub' }, `${v.sumdb}, tree ${v.tree_size}`) : null),
        v.state === 'mismatch'
          ? h('td', { class: 'hash bad', 'data-label': 'observed' }, v.observed_h1 || '—', v.url ? h('span', { class: 'sub url' }, v.url) : null)
          : h('td', { 'data-label': 'reason' }, h('strong', {}, v.reason || 'unknown'), v.detail ? h('span', { class: 'sub' }, v.detail) : null),
        h('td', { 'data-label': 'updated' }, time(v.updated_at))))))),
  ];
}

function headTable(heads) {
  if (heads.length === 0) return h('p', { class: 'empty' }, 'No tree head read yet.');
  const largest = new Map();
  for (const x of heads) largest.set(x.sumdb, Math.max(largest.get(x.sumdb) || 0, x.tree_size));
  const sorted = [...heads].sort((a, b) => a.sumdb.localeCompare(b.sumdb) || a.region.localeCompare(b.region) || a.source.localeCompare(b.source));
  return h('div', { class: 'scroll' }, h('table', { class: 'list', id: 'heads', 'aria-describedby': 'heads-heading' },
    h('thead', {}, h('tr', {}, ['database', 'region', 'read', 'tree size', 'root hash', 'time'].map((c) =>
      h('th', { scope: 'col', class: c === 'tree size' ? 'num' : null }, c)))),
    h('tbody', {}, sorted.map((x) => {
      const behind = !x.error && x.tree_size < largest.get(x.sumdb);
      return h('tr', { 'data-region': x.region, 'data-sumdb': x.sumdb },
        h('td', {}, x.sumdb),
        h('td', {}, x.region),
        h('td', {}, x.via === 'proxy' ? `via ${x.proxy || 'its proxy'}` : 'direct'),
        x.error ? h('td', { class: 'bad', colspan: 2 }, x.error)
          : [h('td', { class: `num${behind ? ' bad' : ''}`, title: behind ? `behind ${largest.get(x.sumdb)}` : null },
            x.tree_size.toLocaleString(), behind ? h('span', { class: 'sub' }, 'behind') : null),
          h('td', { class: 'hash' }, x.root_hash)],
        h('td', {}, time(x.time)));
    }))));
}
