// SPDX-License-Identifier: MIT
// Leads: search (GET /v1/leads?q=), the lead list behind a number (its
// filters in the hash), and one lead's explain (GET /v1/leads/{id}) as a
// picture, with the sales actions (POST /v1/leads/{id}/actions).
import { api, definitions, errorBox, fmtInt, fmtTime, h, leadsHref, parseReasons, table } from '../lib.js';
import { chart, palette } from '../charts.js';

const FILTERS = ['q', 'stage', 'rep', 'channel', 'account', 'mql_since', 'score_above',
  'cohort', 'reached', 'by', 'group', 'closed', 'closed_in', 'reason', 'category', 'speed', 'sla', 'sla_status',
  'spend_cohort', 'from', 'to', 'cursor'];

export async function leadsPage(root, params) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (params.get(k)) q.set(k, params.get(k));
  q.set('limit', '50');
  const form = h('form', { class: 'controls', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const v = e.target.elements.q.value.trim();
    location.hash = leadsHref(v ? { q: v } : {});
  } }, h('label', {}, 'Search a lead or account', h('input', { name: 'q', type: 'search', value: params.get('q') || '' })),
  h('button', { type: 'submit' }, 'Search'));
  const shown = [...q.entries()].filter(([k]) => k !== 'limit' && k !== 'cursor').map(([k, v]) => `${k} = ${v}`);
  const list = await api.get(`/v1/leads?${q}`);
  const next = new URLSearchParams(q);
  next.delete('limit');
  if (list.next_cursor) next.set('cursor', list.next_cursor);
  root.append(h('h1', {}, 'Leads'), form,
    // what the lead list's filters cannot say, said (README: Dashboard)
    params.get('mql_since') || params.get('stage')
      ? h('p', { class: 'panel' }, 'The lead list filters by a lead’s latest MQL and its stage now: ',
        params.get('mql_since') ? 'MQLs of later months are included; ' : '',
        params.get('stage') ? 'a lead that passed this stage and moved on is not listed. ' : '',
        'So this list can differ from the number it came from.')
      : null,
    h('p', { class: 'muted' }, shown.length ? `Filter: ${shown.join(', ')}. ` : '',
      h('span', { 'data-k': 'total' }, fmtInt(list.total)), ' leads',
      // a funnel cell counts journeys: a lead may have two in one cohort;
      // an SLA count counts clocks
      list.journeys === undefined ? null
        : [' (', h('span', { 'data-k': 'journeys' }, fmtInt(list.journeys)), ' journeys)'],
      list.clocks === undefined ? null
        : [' (', h('span', { 'data-k': 'clocks' }, fmtInt(list.clocks)), ' SLA clocks)'],
      ', as of ', list.as_of, '.'),
    table(null, ['Lead', 'Account', 'Stage', ['Score', 'num'], ['Fit', 'num'], ['Behaviour', 'num'], 'Channel', 'Rep', 'MQL at'],
      list.leads.map((l) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/lead/${encodeURIComponent(l.lead)}` }, l.lead)),
        h('td', {}, l.account || ''), h('td', {}, l.stage),
        h('td', { class: 'num' }, l.score.toFixed(1)), h('td', { class: 'num' }, l.fit.toFixed(1)),
        h('td', { class: 'num' }, l.behavior.toFixed(1)), h('td', {}, l.channel || ''),
        h('td', {}, l.rep || ''), h('td', {}, fmtTime(l.mql_at))))),
    list.next_cursor ? h('p', {}, h('a', { href: `#/leads?${next}` }, 'Next page')) : null);
}

// Score over time, rebuilt from the explain's own rule events: fit as it
// stands now, each behaviour event's points halving every half_life_days.
// [t, fit, behaviour, total] rows.
function scoreSeries(ex) {
  const hl = (ex.thresholds.half_life_days || 0) * 864e5;
  const evs = ex.rules.filter((r) => r.kind !== 'fit').flatMap((r) => r.events.map((e) => [Date.parse(e.ts), e.points]));
  const end = Date.parse(ex.as_of);
  if (!evs.length) return [];
  const start = Math.min(...evs.map((e) => e[0]));
  const times = new Set(evs.map((e) => e[0]));
  for (let i = 0; i <= 120; i++) times.add(start + ((end - start) * i) / 120);
  return [...times].sort((a, b) => a - b).map((t) => {
    let b = 0;
    for (const [ts, p] of evs) if (ts <= t) b += hl ? p * 0.5 ** ((t - ts) / hl) : p;
    return [t, ex.score.fit, +b.toFixed(2), +(ex.score.fit + b).toFixed(2)];
  });
}

const ACTIONS = [['accept', 'Accept'], ['contact', 'Contacted'], ['qualify', 'Qualify (SQL)'],
  ['reject', 'Reject'], ['nurture', 'Nurture']];

// The outcome of the last action, shown again after the page is re-drawn.
let flash = null;

function actionForm(id, reasons, onDone) {
  const msg = h('div', { 'aria-live': 'polite' }, flash);
  flash = null;
  const reasonSel = h('select', { name: 'reason' }, Object.entries(reasons).map(([r, d]) =>
    h('option', { value: r }, `${r} (${d.category}, ${d.outcome})`)));
  const via = h('select', { name: 'via' }, ['call', 'email', 'linkedin'].map((v) => h('option', { value: v }, v)));
  async function run(action) {
    const body = { action };
    if (action === 'reject' || action === 'nurture') body.reason = reasonSel.value;
    if (action === 'contact') body.via = via.value;
    msg.replaceChildren();
    try {
      const r = await api.post(`/v1/leads/${encodeURIComponent(id)}/actions`, body);
      flash = h('p', { class: 'ok', role: 'status' }, `${action}: recorded (event ${r.event_id || r.id || ''})`);
      onDone();
    } catch (e) {
      msg.replaceChildren(errorBox(e.status === 403 ? new Error(`${e.message} (the sales actions need a write-scope token)`) : e));
    }
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'act-h' }, h('h2', { id: 'act-h' }, 'Sales actions'),
    h('p', { class: 'muted' }, 'Recorded as the sales side’s events; these need a write-scope token.'),
    h('div', { class: 'actions' },
      h('label', {}, 'Reason (reject, nurture) ', reasonSel), h('label', {}, 'Via (contact) ', via),
      ACTIONS.map(([a, label]) => h('button', { type: 'button', 'data-action': a, onclick: () => run(a) }, label))), msg);
}

export async function leadPage(root, id, rerender) {
  const [ex, defs] = await Promise.all([api.get(`/v1/leads/${encodeURIComponent(id)}`), definitions()]);
  const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': 'Score over time with the MQL threshold' });
  const mqlAt = ex.mql?.at;
  root.append(
    h('h1', {}, 'Lead ', h('span', { 'data-k': 'lead' }, ex.lead)),
    h('div', { class: 'kv panel' },
      h('div', {}, h('span', {}, 'Stage'), h('strong', { 'data-k': 'stage' }, ex.stage)),
      h('div', {}, h('span', {}, 'Score'), h('strong', { 'data-k': 'score.total' }, ex.score.total.toFixed(2))),
      h('div', {}, h('span', {}, 'Fit'), h('strong', { 'data-k': 'score.fit' }, ex.score.fit.toFixed(2))),
      h('div', {}, h('span', {}, 'Behaviour'), h('strong', { 'data-k': 'score.behavior' }, ex.score.behavior.toFixed(2))),
      h('div', {}, h('span', {}, 'MQL threshold'), h('strong', {}, ex.thresholds.min_score)),
      h('div', {}, h('span', {}, 'MQL'), h('strong', {}, mqlAt ? `${fmtTime(mqlAt)} (${ex.mql.criterion})` : 'not yet')),
      h('div', {}, h('span', {}, 'Channel'), h('strong', {}, ex.channel || 'n/a')),
      h('div', {}, h('span', {}, 'As of'), h('strong', {}, fmtTime(ex.as_of)))),
    h('h2', {}, 'Score over time'),
    h('p', { class: 'muted' }, `Fit plus behaviour, each event decaying with a half-life of ${ex.thresholds.half_life_days} days; the dashed line is the MQL threshold, the vertical one the MQL.`),
    chartEl,
    actionForm(ex.lead, parseReasons(defs.text), rerender),
    h('h2', {}, 'Rules'),
    table(null, ['Rule', 'Kind', 'Holds', ['Rule points', 'num'], ['Points', 'num'], ['Now (decayed)', 'num'], ['Events', 'num'], 'Value'],
      ex.rules.map((r, i) => h('tr', {},
        h('th', { scope: 'row' }, r.name), h('td', {}, r.kind), h('td', {}, r.holds ? 'yes' : 'no'),
        h('td', { class: 'num' }, r.rule_points), h('td', { class: 'num', 'data-k': `rule${i}.points` }, r.points.toFixed(2)),
        h('td', { class: 'num' }, r.decayed_points.toFixed(2)), h('td', { class: 'num' }, r.events.length),
        h('td', {}, r.value ?? '')))),
    h('h2', {}, 'Journeys and stage dates'),
    table(null, ['#', 'Cohort', 'Criterion', 'Outcome', 'Reason', 'Stages'],
      ex.journeys.map((j) => h('tr', {}, h('td', {}, j.n), h('td', {}, j.cohort || ''), h('td', {}, j.criterion || ''),
        h('td', {}, j.outcome || 'open'), h('td', {}, j.reason || ''),
        h('td', {}, Object.entries(j.stages || {}).map(([s, t]) => h('div', {}, `${s}: ${fmtTime(t)}`)))))),
    h('h2', {}, 'SLA clocks'),
    table(null, ['SLA', 'Journey', 'Status', 'Clock', 'Started', 'Deadline', 'Stopped', ['Minutes used', 'num'], ['Allowed', 'num']],
      ex.sla.map((s, i) => h('tr', { 'data-sla': s.sla },
        h('th', { scope: 'row' }, s.sla), h('td', {}, s.journey),
        h('td', { class: `status-${s.status}`, 'data-k': `sla${i}.status` }, s.status), h('td', {}, s.clock),
        h('td', {}, fmtTime(s.started)), h('td', {}, fmtTime(s.deadline)), h('td', {}, fmtTime(s.stopped)),
        h('td', { class: 'num' }, s.clock === 'business' ? s.business_minutes : s.raw_minutes),
        h('td', { class: 'num' }, s.within_minutes)))),
    h('h2', {}, 'Routing'),
    ex.routing.length
      ? table(null, ['At', 'Rep', 'Pool', 'Rule', 'How', 'Why', 'Skipped'], ex.routing.map((r) => h('tr', {},
        h('td', {}, fmtTime(r.at)), h('td', {}, r.rep || ''), h('td', {}, r.pool || ''), h('td', {}, r.rule || ''),
        h('td', {}, r.how || ''), h('td', {}, r.why || ''), h('td', {}, r.skipped || ''))))
      : h('p', { class: 'muted' }, 'No routing decision recorded for this lead.'));
  const series = scoreSeries(ex);
  chart(chartEl, {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 30, top: 36, bottom: 30 },
    xAxis: { type: 'time' },
    legend: { top: 0 },
    yAxis: { type: 'value', min: 0, max: Math.ceil(Math.max(ex.thresholds.min_score * 1.3, ...series.map((p) => p[3]))) },
    series: [
      { name: 'fit', type: 'line', showSymbol: false, color: palette[2], lineStyle: { type: 'dotted' }, data: series.map((p) => [p[0], p[1]]) },
      { name: 'behaviour (decaying)', type: 'line', showSymbol: false, color: palette[4], data: series.map((p) => [p[0], p[2]]) },
      {
        name: 'score', type: 'line', showSymbol: false, color: palette[0], lineStyle: { width: 3 }, data: series.map((p) => [p[0], p[3]]),
        markLine: {
          symbol: 'none', label: { color: '#1a1a1a' },
          data: [{ yAxis: ex.thresholds.min_score, label: { formatter: `threshold ${ex.thresholds.min_score}`, position: 'insideEndTop' }, lineStyle: { type: 'dashed', color: palette[1] } },
            ...(mqlAt ? [{ xAxis: Date.parse(mqlAt), label: { formatter: 'MQL', position: 'end' }, lineStyle: { color: palette[6] } }] : [])],
        },
      }],
  });
}
