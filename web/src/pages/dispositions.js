// SPDX-License-Identifier: MIT
// Dispositions: the monthly MQL audit (GET /v1/reports/dispositions):
// rejections and nurtures by reason and category, top reason first, with
// what each tells marketing.
import { api, fmtInt, h, numLink, rateCell, table } from '../lib.js';
import { chart, palette } from '../charts.js';

// "2026-03" -> ["2026-03-01", "2026-04-01"]: the month's [from, to).
function monthRange(m) {
  const [y, mo] = m.split('-').map(Number);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return [`${m}-01`, `${next}-01`];
}

// The leads behind a count (GET /v1/leads closed, closed_in, reason,
// category): the journeys closed as `closed` in the audit's month with this
// reason or category, which is what the report counts.
function dispFilter(month, closed, more) {
  return { closed, ...(month ? { closed_in: month } : {}), ...more };
}
const BOTH = 'nurture,disqualified';
const reasonOf = (r) => ({ reason: r.reason ?? '(none)' });

export async function dispositionsPage(root, params) {
  const month = /^\d{4}-\d{2}$/.test(params.get('month') || '') ? params.get('month') : '';
  const q = new URLSearchParams();
  if (month) {
    const [from, to] = monthRange(month);
    q.set('from', from);
    q.set('to', to);
  }
  const rep = await api.get(`/v1/reports/dispositions${q.toString() ? `?${q}` : ''}`);
  const g = rep.groups?.[0] || { total: 0, reasons: [] };
  const reasons = [...g.reasons].sort((a, b) => b.count - a.count);
  const cats = {};
  for (const r of reasons) cats[r.category] = (cats[r.category] || 0) + r.count;
  const chartEl = h('div', { class: 'chart small', role: 'img', 'aria-label': 'Rejections and nurtures by reason' });
  root.append(
    h('h1', {}, 'Dispositions: why MQLs were rejected or nurtured'),
    h('form', { class: 'controls', onsubmit: (e) => {
      e.preventDefault();
      const v = e.target.elements.month.value;
      location.hash = v ? `#/dispositions?month=${v}` : '#/dispositions';
    } }, h('label', {}, 'Month of the audit (empty: all)', h('input', { type: 'month', name: 'month', value: month, placeholder: 'YYYY-MM' })),
    h('button', { type: 'submit' }, 'Show')),
    h('p', {}, 'Total ', numLink(g.total, dispFilter(month, BOTH), 'total'), ' dispositions; by category: ',
      Object.entries(cats).flatMap(([c, n], i) => [i ? ', ' : '', `${c} `,
        numLink(n, dispFilter(month, BOTH, { category: c }), `cat.${c}`)]), '.'),
    chartEl,
    table('Top reason first. Nurtured leads may qualify again; disqualified ones are closed.',
      ['Reason', 'Category', ['Count', 'num'], ['Nurtured', 'num'], ['Disqualified', 'num'], ['Share', 'num'], 'What it tells marketing'],
      reasons.map((r, i) => h('tr', {},
        h('th', { scope: 'row', 'data-k': `r${i}.reason` }, r.reason),
        h('td', {}, r.category),
        h('td', { class: 'num' }, numLink(r.count, dispFilter(month, BOTH, reasonOf(r)), `r${i}.count`)),
        h('td', { class: 'num' }, numLink(r.nurtured, dispFilter(month, 'nurture', reasonOf(r)), `r${i}.nurtured`)),
        h('td', { class: 'num' }, numLink(r.disqualified, dispFilter(month, 'disqualified', reasonOf(r)), `r${i}.disqualified`)),
        rateCell(r.share, dispFilter(month, BOTH, reasonOf(r)), dispFilter(month, BOTH), `r${i}.share`),
        h('td', { class: 'diag' }, r.implication)))));
  chart(chartEl, {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 100, right: 20, top: 30, bottom: 30 },
    yAxis: { type: 'category', inverse: true, data: reasons.map((r) => r.reason) },
    xAxis: { type: 'value' },
    series: [
      { name: 'nurtured', type: 'bar', stack: 'a', color: palette[0], data: reasons.map((r) => r.nurtured) },
      { name: 'disqualified', type: 'bar', stack: 'a', color: palette[1], data: reasons.map((r) => r.disqualified) },
    ],
  });
}
