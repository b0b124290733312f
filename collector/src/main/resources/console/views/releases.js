// Releases from the module index and how each reached every proxy and region: per signal (.info answered,
// listed in @v/list, @latest at it) the lag from the index time and from the first region; then the lag
// percentiles per region for one signal, and the watches that say what is followed.
import { get } from '../api.js';
import { duration, fill, h, time, when } from '../dom.js';

export const every = 10000;
export const SIGNALS = ['info', 'list', 'latest'];
/** A region this much later than the first region to show a release, on one signal, is slow. */
export const SLOW_SECONDS = 30;

export async function render(root, r) {
  const module = r.params.get('module') || '';
  const signal = SIGNALS.includes(r.params.get('endpoint')) ? r.params.get('endpoint') : 'info';
  const [releases, propagation, watches] = await Promise.all([
    get('releases', { module }), get('propagation', { module, endpoint: signal }), get('watches')]);
  const done = releases.releases.filter((x) => x.fully_propagated).length;
  fill(root,
    h('div', { class: 'view-head' },
      h('h1', {}, 'Releases'),
      h('p', { class: 'summary' }, `${releases.releases.length} releases in the last 7 days · `,
        h('strong', { class: done === releases.releases.length ? 'good' : null }, `${done} fully propagated`),
        ` · slow: ${SLOW_SECONDS} s or more after the first region`),
      filter(root, module)),
    h('h2', { id: 'propagation-heading' }, 'Propagation lag per region'),
    lags(propagation, module, signal),
    h('h2', {}, module ? `Releases of ${module}` : 'Recent releases'),
    releases.releases.length === 0
      ? h('p', { class: 'empty' }, 'No release in the last 7 days. Releases come from the module index for watched modules.')
      : h('div', { class: 'releases', id: 'releases' }, releases.releases.map(release)),
    h('h2', {}, 'Watches'),
    watchTable(watches.watches));
}

/** The module filter; kept across refreshes so text being typed is not lost. */
function filter(root, module) {
  const old = root.querySelector('#release-filter');
  if (old) return old;
  const input = h('input', { id: 'release-module', name: 'module', type: 'search', value: module, placeholder: 'example.com/mod',
    spellcheck: 'false', autocomplete: 'off' });
  const form = h('form', { class: 'filter', id: 'release-filter', role: 'search' },
    h('label', { for: 'release-module' }, 'Module'), input, h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    location.hash = value ? `#/releases?${new URLSearchParams({ module: value })}` : '#/releases';
  });
  return form;
}

function lags(body, module, signal) {
  const regions = Object.entries(body.regions).sort(([a], [b]) => a.localeCompare(b));
  const link = (s) => `#/releases?${new URLSearchParams({ ...(module ? { module } : {}), endpoint: s })}`;
  return [
    h('nav', { class: 'tabs', 'aria-label': 'Signal' }, SIGNALS.map((s) =>
      h('a', { href: link(s), 'aria-current': s === signal ? 'page' : null }, signalLabel(s)))),
    regions.length === 0 ? h('p', { class: 'empty' }, `No region has shown a release on ${signalLabel(signal)} yet.`)
      : h('div', { class: 'scroll narrow' }, h('table', { class: 'list', id: 'propagation', 'aria-describedby': 'propagation-heading' },
        h('thead', {}, h('tr', {}, ['region', 'releases', 'p50', 'p95', 'max'].map((c) => h('th', { scope: 'col', class: c === 'region' ? null : 'num' }, c)))),
        h('tbody', {}, regions.map(([region, l]) => h('tr', { 'data-region': region },
          h('th', { scope: 'row' }, region), h('td', { class: 'num' }, l.releases),
          h('td', { class: 'num' }, duration(l.p50_seconds)), h('td', { class: 'num' }, duration(l.p95_seconds)),
          h('td', { class: 'num' }, duration(l.max_seconds))))))),
  ];
}

function release(x) {
  const id = `${x.module}@${x.version}`;
  const proxies = Object.entries(x.proxies).sort(([a], [b]) => a.localeCompare(b));
  return h('section', { class: 'card release', 'data-release': id, 'aria-label': id },
    h('div', { class: 'release-head' },
      h('h3', {}, h('code', {}, id)),
      x.fully_propagated
        ? h('span', { class: 'state state-converged', title: when(x.propagated_at) }, `propagated in ${duration(lagOf(x))}`)
        : h('span', { class: 'state state-pending' }, 'propagating')),
    h('p', { class: 'release-meta' }, 'indexed ', time(x.index_time)),
    proxies.length === 0 ? h('p', { class: 'empty' }, 'Not seen anywhere yet.')
      : proxies.map(([proxy, regions]) => signalTable(proxy, regions, x.fully_propagated)));
}

function lagOf(x) {
  return (Date.parse(x.propagated_at) - Date.parse(x.index_time)) / 1000;
}

function signalTable(proxy, regions, complete) {
  const rows = Object.entries(regions).sort(([a], [b]) => a.localeCompare(b));
  return h('div', { class: 'proxy' },
    h('p', { class: 'proxy-name' }, proxy ? h('code', {}, proxy) : 'each agent’s own proxy'),
    h('div', { class: 'scroll' }, h('table', { class: 'list lags', 'data-proxy': proxy },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'region'), SIGNALS.map((s) => h('th', { scope: 'col', class: 'num' }, signalLabel(s))))),
      h('tbody', {}, rows.map(([region, signals]) => h('tr', { 'data-region': region },
        h('th', { scope: 'row' }, region), SIGNALS.map((s) => lagCell(s, signals[s], complete))))))));
}

function lagCell(signal, seen, complete) {
  if (!seen) return h('td', { class: `num lag${complete ? '' : ' missing'}`, 'data-signal': signal }, complete ? '—' : 'not yet');
  const slow = seen.lag_from_first_region_seconds >= SLOW_SECONDS;
  return h('td', { class: `num lag${slow ? ' slow' : ''}`, 'data-signal': signal, title: `first seen ${when(seen.first_seen)}` },
    h('span', { class: 'lag-index' }, `+${duration(seen.lag_seconds)}`),
    h('span', { class: 'lag-first' }, seen.lag_from_first_region_seconds > 0 ? `+${duration(seen.lag_from_first_region_seconds)} after first` : 'first'));
}

export function signalLabel(s) {
  return { info: '.info', list: '@v/list', latest: '@latest' }[s] || s;
}

function watchTable(watches) {
  if (watches.length === 0) return h('p', { class: 'empty' }, 'No watches: add one with POST /api/v1/watches or --watches-file.');
  return h('div', { class: 'scroll' }, h('table', { class: 'list', id: 'watches' },
    h('thead', {}, h('tr', {}, ['name', 'module', 'versions', 'endpoints', 'cadence', 'proxies', 'regions', 'source']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, watches.map((w) => h('tr', { 'data-watch': w.name },
      h('th', { scope: 'row' }, w.name),
      h('td', {}, w.module.endsWith('/') ? h('code', {}, w.module)
        : h('a', { href: `#/releases?${new URLSearchParams({ module: w.module })}` }, h('code', {}, w.module))),
      h('td', {}, w.versions),
      h('td', {}, w.endpoints.join(' ')),
      h('td', { class: 'cadence' }, `lists ${w.cadence.mutable} · info ${w.cadence.info} · files ${w.cadence.immutable}`),
      h('td', {}, w.proxies.length ? w.proxies.join(' ') : 'own'),
      h('td', {}, w.regions.length ? w.regions.join(' ') : 'all'),
      h('td', {}, w.source))))));
}
