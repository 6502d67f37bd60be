// SPDX-License-Identifier: MIT
// Channels: MQL volume against MQL->SQL rate per channel (seed 002's
// "volume vs quality"), and attribution with a model selector.
import { api, fmtInt, h, numLink, rateCell, table } from '../lib.js';
import { chart, palette } from '../charts.js';
import { cellFilter } from './funnel.js';

const MODELS = ['w', 'first', 'last', 'linear', 'u', 'full', 'decay'];

const money = (v) => (v === null || v === undefined ? 'n/a' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 }));

// The pipeline report's spend section: null until spend is imported.
function costTable(spend) {
  if (!spend) {
    return h('p', { class: 'muted', 'data-k': 'nospend' },
      'No spend imported: handoff import-spend FILE.csv (channel,month,amount) adds it.');
  }
  // The journeys report pipeline counts (spend_cohort: its own cohort test);
  // the total row sums the channels' cohorts, so it takes no channel.
  const cohort = (c, which) => ({ spend_cohort: which, ...(c.channel === 'all' ? {} : { by: 'channel', group: c.channel }) });
  const row = (c, key) => h('tr', {},
    h('th', { scope: 'row', 'data-k': `${key}.channel` }, c.channel),
    h('td', { class: 'num', 'data-k': `${key}.spend` }, money(c.spend)),
    h('td', { class: 'num' }, numLink(c.mqls, cohort(c, 'mql'), `${key}.mqls`)),
    h('td', { class: 'num' }, numLink(c.sqls, cohort(c, 'sql'), `${key}.sqls`)),
    h('td', { class: 'num', 'data-k': `${key}.cost_per_mql` }, money(c.cost_per_mql)),
    h('td', { class: 'num', 'data-k': `${key}.cost_per_sql` }, money(c.cost_per_sql)),
    h('td', { class: 'num', 'data-k': `${key}.cac` }, money(c.cac)));
  return table(`Each month's spend against that month's cohort (${spend.cost_basis || 'report pipeline'}).`,
    ['Channel', ['Spend', 'num'], ['MQLs', 'num'], ['SQLs', 'num'], ['Cost / MQL', 'num'], ['Cost / SQL', 'num'], ['CAC', 'num']],
    [...spend.channels.map((c, i) => row(c, `cost${i}`)), row(spend.total, 'costall')]);
}

export async function channelsPage(root, params) {
  const model = MODELS.includes(params.get('model')) ? params.get('model') : 'w';
  const [fun, attr, pipe] = await Promise.all([
    api.get('/v1/reports/funnel?by=channel&period=all'),
    api.get(`/v1/reports/attribution?model=${model}`),
    api.get('/v1/reports/pipeline')]);
  const rows = fun.cohorts;
  const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': 'MQL volume against MQL to SQL rate per channel' });
  root.append(
    h('h1', {}, 'Channels: volume against quality'),
    chartEl,
    table('All cohorts. Bubble size: SQLs.', ['Channel', ['MQL', 'num'], ['SQL', 'num'], ['MQL→SQL', 'num'], ['Customers', 'num'], 'Tier'],
      rows.map((r, i) => h('tr', {},
        h('th', { scope: 'row', 'data-k': `ch${i}.group` }, r.group),
        // the funnel by channel over all cohorts: the same journey filters as its cells
        h('td', { class: 'num' }, numLink(r.counts.mql, cellFilter('channel', r, ['mql']), `ch${i}.counts.mql`)),
        h('td', { class: 'num' }, numLink(r.counts.sql, cellFilter('channel', r, ['sql']), `ch${i}.counts.sql`)),
        rateCell(r.rates.mql_sql, cellFilter('channel', r, ['mql', 'sql']), cellFilter('channel', r, ['mql']), `ch${i}.rates.mql_sql`),
        h('td', { class: 'num' }, numLink(r.counts.customer, cellFilter('channel', r, ['customer']), `ch${i}.counts.customer`)),
        h('td', {}, r.tier)))),
    h('h2', {}, 'Cost per MQL and per SQL'),
    costTable(pipe.spend),
    h('h2', {}, `Attribution: ${attr.model.title}`),
    h('div', { class: 'controls' }, h('label', {}, 'Model', h('select', {
      name: 'model', onchange: (e) => { location.hash = `#/channels?model=${e.target.value}`; },
    }, MODELS.map((m) => h('option', { value: m, selected: m === model }, m))))),
    table(`${fmtInt(attr.total.opportunities)} opportunities, ${fmtInt(attr.total.amount)} in amount, ${fmtInt(attr.touches)} touches`,
      ['Channel', ['Amount', 'num'], ['Share', 'num'], ['Opportunities', 'num'], ['Touches', 'num']],
      attr.credits.map((c, i) => h('tr', {},
        h('th', { scope: 'row' }, c.key),
        h('td', { class: 'num', 'data-k': `a${i}.amount` }, fmtInt(Math.round(c.amount))),
        h('td', { class: 'num' }, `${c.pct.toFixed(1)}%`),
        h('td', { class: 'num' }, c.opportunities.toFixed(2)),
        // touches are events (one may be on several opportunities' paths), not
        // leads: a plain number, no list of leads behind it
        h('td', { class: 'num', 'data-k': `a${i}.touches` }, fmtInt(c.touches))))));
  const maxSql = Math.max(1, ...rows.map((r) => r.counts.sql));
  chart(chartEl, {
    tooltip: { formatter: (p) => `${p.data[3]}: ${p.data[0]} MQLs, ${p.data[1]}% MQL→SQL` },
    grid: { left: 56, right: 30, top: 20, bottom: 40 },
    xAxis: { type: 'value', name: 'MQLs', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: 'MQL→SQL %', min: 0 },
    series: [{
      type: 'scatter', color: palette[0], itemStyle: { opacity: 0.75 },
      symbolSize: (d) => 8 + 36 * Math.sqrt(d[2] / maxSql),
      label: { show: true, position: 'right', formatter: (p) => p.data[3], color: '#1a1a1a' },
      data: rows.map((r) => [r.counts.mql, r.rates.mql_sql.pct ?? 0, r.counts.sql, r.group]),
    }],
  });
}
