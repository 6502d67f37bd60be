// SPDX-License-Identifier: MIT
// Funnel: stage counts and rates per MQL cohort (GET /v1/reports/funnel),
// young cohorts marked, the MQL->SQL tier band behind the line, the
// diagnosis, a Sankey of journeys, and --by as a selector.
import { api, definitions, h, numLink, parseBenchmarks, rateCell, table } from '../lib.js';
import { chart, palette } from '../charts.js';

const DIMS = ['all', 'channel', 'channel_group', 'campaign', 'rep', 'rule', 'segment', 'source'];
const STAGES = ['mql', 'sal', 'sql', 'opportunity', 'customer'];
const RATES = ['mql_sal', 'sal_sql', 'mql_sql', 'sql_opportunity', 'opportunity_customer'];
const LABEL = { mql_sal: 'MQL→SAL', sal_sql: 'SAL→SQL', mql_sql: 'MQL→SQL',
  sql_opportunity: 'SQL→Opp', opportunity_customer: 'Opp→Cust' };
// The stages a rate goes from and to: its numerator reached both, its
// denominator the first.
const ENDS = { mql_sal: ['mql', 'sal'], sal_sql: ['sal', 'sql'], mql_sql: ['mql', 'sql'],
  sql_opportunity: ['sql', 'opportunity'], opportunity_customer: ['opportunity', 'customer'] };

// The leads behind a cell (GET /v1/leads cohort, reached, by, group): the
// journeys of this cohort and --by group that reached every stage of
// `reached`, which is what the report counts there.
export function cellFilter(by, row, reached) {
  const f = { cohort: row.cohort, reached: reached.join(',') };
  if (by !== 'all') { f.by = by; f.group = row.group; }
  return f;
}

function cohortRow(by, row, i) {
  const key = `c${i}`;
  const young = !row.mature || row.incomplete;
  return h('tr', { 'data-row': key },
    h('th', { scope: 'row' }, h('span', { 'data-k': `${key}.cohort` }, row.cohort),
      young ? [' ', h('span', { class: 'badge', title: 'too young: its journeys may still progress' }, 'young')] : null),
    by === 'all' ? null : h('td', { 'data-k': `${key}.group` }, row.group),
    STAGES.map((s) => h('td', { class: 'num' },
      numLink(row.counts[s], cellFilter(by, row, [s]), `${key}.counts.${s}`))),
    RATES.map((r) => rateCell(row.rates[r], cellFilter(by, row, ENDS[r]), cellFilter(by, row, ENDS[r].slice(0, 1)), `${key}.rates.${r}`)),
    h('td', {}, h('span', { class: `badge tier-${row.tier.replace(/\s.*$/, '')}`, 'data-k': `${key}.tier` }, row.tier)),
    h('td', { class: 'diag', 'data-k': `${key}.diagnosis` }, row.diagnosis));
}

function tierBands(tiers) {
  const c = { broken: '#fde2e1', misaligned: '#fff0d9', average: '#eeeeee', good: '#e2f3e5', best: '#dcecff' };
  const edges = [['broken', 0, tiers.broken], ['misaligned', tiers.broken, tiers.misaligned],
    ['average', tiers.misaligned, tiers.average], ['good', tiers.average, tiers.good], ['best', tiers.good, 100]];
  return {
    silent: true,
    label: { position: 'insideRight', color: '#333', fontSize: 11 },
    data: edges.map(([n, lo, hi]) => [{ name: n === 'best' ? 'best-in-class' : n, yAxis: lo, itemStyle: { color: c[n] } }, { yAxis: hi }]),
  };
}

function drawRates(el, rep, tiers) {
  const rows = rep.cohorts.filter((c) => c.group === rep.cohorts[0]?.group);
  const groups = [...new Set(rep.cohorts.map((c) => c.group))];
  const cohorts = [...new Set(rep.cohorts.map((c) => c.cohort))];
  const series = groups.slice(0, 7).map((g, i) => ({
    name: g, type: 'line', color: palette[i],
    // a young cohort's point is grey, hollow: its rate may still rise
    data: cohorts.map((co) => {
      const c = rep.cohorts.find((x) => x.cohort === co && x.group === g);
      const v = c?.rates.mql_sql.pct ?? null;
      return c && (!c.mature || c.incomplete)
        ? { value: v, symbol: 'emptyTriangle', symbolSize: 10, itemStyle: { color: '#595959' }, name: 'young' }
        : v;
    }),
    markArea: i === 0 ? tierBands(tiers) : undefined,
  }));
  chart(el, {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null ? 'n/a' : `${v}%`) },
    legend: { top: 0, show: groups.length > 1 },
    grid: { left: 48, right: el.clientWidth < 600 ? 70 : 110, top: groups.length > 1 ? 40 : 20, bottom: 30 },
    xAxis: { type: 'category', data: cohorts },
    yAxis: { type: 'value', name: 'MQL→SQL %', min: 0, max: Math.max(60, ...rows.map((r) => r.rates.mql_sql.pct || 0)) },
    series,
  });
}

function drawSankey(el, rep, disp) {
  const t = { mql: 0, sal: 0, sql: 0, opportunity: 0, customer: 0 };
  for (const c of rep.cohorts) for (const s of STAGES) t[s] += c.counts[s];
  const links = [['MQL', 'SAL', t.sal], ['SAL', 'SQL', t.sql], ['SQL', 'Opportunity', t.opportunity],
    ['Opportunity', 'Customer', t.customer]];
  const byCat = {};
  for (const r of disp.groups?.[0]?.reasons || []) {
    if (r.nurtured) byCat[`nurture: ${r.category}`] = (byCat[`nurture: ${r.category}`] || 0) + r.nurtured;
    if (r.disqualified) byCat[`rejected: ${r.category}`] = (byCat[`rejected: ${r.category}`] || 0) + r.disqualified;
  }
  for (const [k, v] of Object.entries(byCat)) links.push(['MQL', k, v]);
  const names = [...new Set(links.flatMap(([a, b]) => [a, b]))];
  chart(el, {
    tooltip: { trigger: 'item' },
    series: [{
      type: 'sankey', left: 10, right: 150, nodeAlign: 'left', emphasis: { focus: 'adjacency' },
      label: { color: '#1a1a1a' }, lineStyle: { color: 'gradient', opacity: 0.35 },
      data: names.map((n, i) => ({ name: n, itemStyle: { color: palette[i % palette.length] } })),
      links: links.filter((l) => l[2] > 0).map(([source, target, value]) => ({ source, target, value })),
    }],
  });
}

export async function funnelPage(root, params) {
  const by = DIMS.includes(params.get('by')) ? params.get('by') : 'all';
  const period = ['month', 'quarter', 'all'].includes(params.get('period')) ? params.get('period') : 'month';
  const q = new URLSearchParams({ period });
  if (by !== 'all') q.set('by', by);
  const [rep, defs, disp] = await Promise.all([
    api.get(`/v1/reports/funnel?${q}`), definitions(), api.get('/v1/reports/dispositions')]);
  const tiers = parseBenchmarks(defs.text);
  const go = (k, v) => { params.set(k, v); location.hash = `#/funnel?${params}`; };
  const select = (name, label, opts, cur) => h('label', {}, label, h('select', {
    name, onchange: (e) => go(name, e.target.value),
  }, opts.map((o) => h('option', { value: o, selected: o === cur }, o))));
  const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': 'MQL to SQL rate per cohort, against the tier bands' });
  const sankeyEl = h('div', { class: 'chart', role: 'img', 'aria-label': 'Journeys through the stages, with rejections and nurtures by category' });
  root.append(
    h('h1', {}, 'Funnel by MQL cohort'),
    h('div', { class: 'controls' }, select('by', 'Split by (--by)', DIMS, by),
      select('period', 'Cohorts', ['month', 'quarter', 'all'], period),
      h('p', { class: 'muted' }, `as of ${rep.as_of}; median MQL→SQL ${rep.median_mql_sql_days ?? 'n/a'} days`)),
    h('p', { class: 'muted' }, `Tier bands of MQL→SQL from the definitions' benchmarks: broken ≤ ${tiers.broken}%, misaligned ≤ ${tiers.misaligned}%, average ≤ ${tiers.average}%, good ≤ ${tiers.good}%, above: best in class. Cohorts marked “young” (hollow grey triangles in the chart) may still progress.`),
    chartEl,
    table(`${rep.cohorts.length} cohorts. Each number links to its leads.`,
      ['Cohort', by === 'all' ? null : by, ['MQL', 'num'], ['SAL', 'num'], ['SQL', 'num'], ['Opp', 'num'], ['Cust', 'num'],
        ...RATES.map((r) => [LABEL[r], 'num']), 'Tier', 'Diagnosis'].filter(Boolean),
      rep.cohorts.map((row, i) => cohortRow(by, row, i))),
    h('h2', {}, 'Journeys through the stages'),
    h('p', { class: 'muted' }, 'All cohorts shown: stage entries, and MQLs recycled to nurture or rejected, by reason category (the dispositions report).'),
    sankeyEl);
  drawRates(chartEl, rep, tiers);
  drawSankey(sankeyEl, rep, disp);
}
