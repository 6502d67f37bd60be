// SPDX-License-Identifier: MIT
// What every page shares: the token (sessionStorage, sent only as a Bearer
// header, never in a URL), the API client, small DOM helpers and the links
// from a number to the leads behind it.
const KEY = 'handoff.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function call(method, path, body) {
  const headers = { Authorization: `Bearer ${token.get() || ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body) => call('POST', path, body),
};

// h('td', {class: 'num'}, child, ...): an element; strings become text.
export function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export const fmtInt = (n) => (n === null || n === undefined ? 'n/a' : Number(n).toLocaleString('en-US'));
export const fmtPct = (p) => (p === null || p === undefined ? 'n/a' : `${Number(p).toFixed(1)}%`);
export const fmtTime = (t) => (t ? t.replace('T', ' ').replace(/(\.\d+)?Z$/, 'Z') : '');

// "#/leads?channel=x&stage=y": the lead list with the API's own filters.
export function leadsHref(filter) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter || {})) {
    if (v !== undefined && v !== null && v !== '' && v !== 'all') q.set(k, v);
  }
  const s = q.toString();
  return `#/leads${s ? `?${s}` : ''}`;
}

// A number as a link to its leads; key is what the browser test reads.
export function numLink(value, filter, key, fmt = fmtInt) {
  return h('a', { href: leadsHref(filter), 'data-k': key, title: 'the leads behind this number' },
    fmt(value));
}

// "58.3% (14/24)": a rate with its numerator and denominator, each a link.
export function rateCell(rate, numFilter, denFilter, key) {
  if (!rate) return h('td', { class: 'num' }, 'n/a');
  return h('td', { class: 'num' },
    h('span', { 'data-k': `${key}.pct` }, fmtPct(rate.pct)), ' (',
    numLink(rate.num, numFilter, `${key}.num`), '/', numLink(rate.den, denFilter, `${key}.den`), ')');
}

export function table(caption, headers, rows) {
  return h('div', { class: 'scroll' }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => {
      const [label, cls] = Array.isArray(x) ? x : [x];
      return h('th', { scope: 'col', class: cls }, label);
    }))),
    h('tbody', {}, rows)));
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err));
}

// The definitions' benchmarks, read from their YAML text (GET /v1/definitions).
export function parseBenchmarks(text) {
  const m = /mql_to_sql_tiers:\s*\{([^}]*)\}/.exec(text || '');
  const tiers = { broken: 5, misaligned: 13, average: 25, good: 40 };
  if (m) {
    for (const part of m[1].split(',')) {
      const [k, v] = part.split(':').map((s) => s.trim());
      if (k in tiers && !Number.isNaN(Number(v))) tiers[k] = Number(v);
    }
  }
  return tiers;
}

// The closed reason list of the definitions: name -> {category, outcome}.
export function parseReasons(text) {
  const out = {};
  const lines = (text || '').split('\n');
  const start = lines.findIndex((l) => /^reasons:\s*(#.*)?$/.test(l));
  if (start < 0) return out;
  for (const l of lines.slice(start + 1)) {
    if (/^\S/.test(l)) break;
    const m = /^\s+([A-Za-z0-9_]+):\s*\{([^}]*)\}/.exec(l);
    if (!m) continue;
    const r = {};
    for (const part of m[2].split(',')) {
      const [k, v] = part.split(':').map((s) => s.trim());
      r[k] = v;
    }
    out[m[1]] = r;
  }
  return out;
}

let defsCache = null;
export async function definitions() {
  if (!defsCache) defsCache = api.get('/v1/definitions');
  try {
    return await defsCache;
  } catch (e) {
    defsCache = null;
    throw e;
  }
}
