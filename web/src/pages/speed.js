// SPDX-License-Identifier: MIT
// Speed and SLA: speed-to-lead buckets with each bucket's SQL rate (GET
// /v1/reports/speed), SLA met/breached/open (sla), and the live queue
// (GET /v1/queue) polled every second.  Polling, not Server-Sent Events:
// serve answers on a fixed pool of request threads, and an open event
// stream would hold one per dashboard for as long as it is open; a queue
// read is one short read-only query (README: measured), so a 1 s poll
// keeps a change on screen within 2 s at a cost of one request a second.
import { api, fmtInt, fmtTime, h, leadsHref, numLink, rateCell, table } from '../lib.js';
import { chart, palette } from '../charts.js';

export const POLL_MS = 1000;

function hoursLeft(min) {
  if (min === null || min === undefined) return '';
  const sign = min < 0 ? '-' : '';
  const m = Math.abs(Math.round(min));
  return `${sign}${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function queueRows(rows) {
  return rows.map((r, i) => h('tr', { 'data-lead': r.lead, 'data-sla': r.sla },
    h('td', {}, h('a', { href: `#/lead/${encodeURIComponent(r.lead)}`, 'data-k': `q${i}.lead` }, r.lead)),
    h('td', {}, r.sla),
    h('td', { class: `status-${r.status}` }, r.status),
    h('td', { class: 'num' }, hoursLeft(r.left_minutes)),
    h('td', {}, r.clock),
    h('td', {}, r.rep ? h('a', { href: leadsHref({ rep: r.rep }) }, r.rep) : h('span', { class: 'muted' }, r.pool || 'unassigned')),
    h('td', {}, fmtTime(r.started)),
    h('td', {}, r.channel || '')));
}

// The queue table, re-drawn only when the answer changed.
function liveQueue(box, stamp) {
  let last = '';
  let stopped = false;
  async function tick() {
    if (stopped) return;
    try {
      const rows = await api.get('/v1/queue');
      const text = JSON.stringify(rows);
      if (text !== last) {
        last = text;
        box.replaceChildren(table(`${rows.length} clocks waiting, oldest first; time left on the SLA's clock (business hours where it says business)`,
          ['Lead', 'SLA', 'Status', ['Left', 'num'], 'Clock', 'Rep', 'Started', 'Channel'], queueRows(rows)));
        box.setAttribute('data-count', rows.length);
      }
      stamp.textContent = `updated ${new Date().toLocaleTimeString('en-GB')}`;
    } catch (e) {
      stamp.textContent = `not updated: ${e.message}`;
    }
    if (!stopped) setTimeout(tick, POLL_MS);
  }
  tick();
  return () => { stopped = true; };
}

export async function speedPage(root) {
  const [speed, sla] = await Promise.all([api.get('/v1/reports/speed'), api.get('/v1/reports/sla')]);
  const chartEl = h('div', { class: 'chart small', role: 'img', 'aria-label': 'Journeys and SQL rate per speed-to-lead bucket' });
  const queueBox = h('div', { id: 'queue' });
  const stamp = h('p', { class: 'muted', 'aria-live': 'off' });
  root.append(
    h('h1', {}, 'Speed to lead and SLAs'),
    h('div', { class: 'grid2' },
      h('section', {}, h('h2', {}, 'Speed to lead: SQL rate by time to first touch'), chartEl,
        table(null, ['Bucket', ['Journeys', 'num'], ['SQL rate', 'num']], speed.buckets.map((b, i) => h('tr', {},
          h('th', { scope: 'row' }, b.bucket),
          // the bucket's MQL journeys (GET /v1/leads speed), and those that reached SQL
          h('td', { class: 'num' }, numLink(b.journeys, { speed: b.bucket }, `b${i}.journeys`)),
          rateCell(b.sql, { speed: b.bucket, reached: 'sql' }, { speed: b.bucket }, `b${i}.sql`))))),
      h('section', {}, h('h2', {}, 'SLA clocks'),
        table(null, ['SLA', ['Met', 'num'], ['Breached', 'num'], ['Open', 'num'], ['Met rate', 'num']],
          sla.slas.map((s, i) => h('tr', {},
            h('th', { scope: 'row' }, s.sla),
            // the clocks behind each count (GET /v1/leads sla, sla_status)
            h('td', { class: 'num' }, numLink(s.met, { sla: s.sla, sla_status: 'met' }, `s${i}.met`)),
            h('td', { class: 'num' }, numLink(s.breached, { sla: s.sla, sla_status: 'breached' }, `s${i}.breached`)),
            h('td', { class: 'num' }, numLink(s.open, { sla: s.sla, sla_status: 'open' }, `s${i}.open`)),
            rateCell(s.met_rate, { sla: s.sla, sla_status: 'met' }, { sla: s.sla, sla_status: 'met,breached' },
              `s${i}.met_rate`)))))),
    h('h2', {}, 'Live queue'), stamp, queueBox);
  chart(chartEl, {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 50, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: speed.buckets.map((b) => b.bucket) },
    yAxis: [{ type: 'value', name: 'journeys' }, { type: 'value', name: 'SQL %', max: 100 }],
    series: [
      { name: 'journeys', type: 'bar', color: palette[5], data: speed.buckets.map((b) => b.journeys) },
      { name: 'SQL rate %', type: 'line', yAxisIndex: 1, color: palette[1], data: speed.buckets.map((b) => b.sql.pct) },
    ],
  });
  return liveQueue(queueBox, stamp);
}
