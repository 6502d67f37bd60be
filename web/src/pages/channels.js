// SPDX-License-Identifier: MIT
// Channels: MQL volume against MQL->SQL rate per channel (seed 002's
// "volume vs quality"), and attribution with a model selector.
import { api, fmtInt, h, numLink, rateCell, table } from '../lib.js';
import { chart, palette } from '../charts.js';

const MODELS = ['w', 'first', 'last', 'linear', 'u', 'full', 'decay'];

export async function channelsPage(root, params) {
  const model = MODELS.includes(params.get('model')) ? params.get('model') : 'w';
  const [fun, attr] = await Promise.all([
    api.get('/v1/reports/funnel?by=channel&period=all'),
    api.get(`/v1/reports/attribution?model=${model}`)]);
  const rows = fun.cohorts;
  const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': 'MQL volume against MQL to SQL rate per channel' });
  root.append(
    h('h1', {}, 'Channels: volume against quality'),
    chartEl,
    table('All cohorts. Bubble size: SQLs.', ['Channel', ['MQL', 'num'], ['SQL', 'num'], ['MQL→SQL', 'num'], ['Customers', 'num'], 'Tier'],
      rows.map((r, i) => h('tr', {},
        h('th', { scope: 'row', 'data-k': `ch${i}.group` }, r.group),
        h('td', { class: 'num' }, numLink(r.counts.mql, { channel: r.group }, `ch${i}.counts.mql`)),
        h('td', { class: 'num' }, numLink(r.counts.sql, { channel: r.group, stage: 'sql' }, `ch${i}.counts.sql`)),
        rateCell(r.rates.mql_sql, { channel: r.group }, { channel: r.group }, `ch${i}.rates.mql_sql`),
        h('td', { class: 'num' }, numLink(r.counts.customer, { channel: r.group, stage: 'customer' }, `ch${i}.counts.customer`)),
        h('td', {}, r.tier)))),
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
        h('td', { class: 'num' }, numLink(c.touches, { channel: c.key }, `a${i}.touches`))))));
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
