// SPDX-License-Identifier: MIT
// The dashboard: a hash router over the pages, and the token asked once
// and kept in sessionStorage for the browser session.
import './style.css';
import { ApiError, errorBox, h, token } from './lib.js';
import { disposeCharts } from './charts.js';
import { funnelPage } from './pages/funnel.js';
import { channelsPage } from './pages/channels.js';
import { speedPage } from './pages/speed.js';
import { dispositionsPage } from './pages/dispositions.js';
import { leadPage, leadsPage } from './pages/lead.js';

const main = document.getElementById('main');
let stopPage = null;

function tokenForm(why) {
  main.replaceChildren(h('form', { class: 'token-form', onsubmit: (e) => {
    e.preventDefault();
    const t = e.target.elements.token.value.trim();
    if (t) { token.set(t); render(); }
  } },
  h('h1', {}, 'Sign in with an API token'),
  why ? h('p', { class: 'error', role: 'alert' }, why) : null,
  h('p', {}, 'Paste a read-scope token (', h('code', {}, 'handoff token create --scope read'),
    '); a write-scope token also enables the sales actions. It is kept only in this browser tab’s session and sent as a Bearer header.'),
  h('label', { for: 'token' }, 'Token'),
  h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true }),
  h('button', { type: 'submit', class: 'primary' }, 'Open the dashboard')));
  main.setAttribute('data-ready', 'token');
  document.getElementById('token').focus();
}

function route() {
  const [path, query] = (location.hash.replace(/^#/, '') || '/funnel').split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query || '') };
}

async function render() {
  if (stopPage) { stopPage(); stopPage = null; }
  disposeCharts();
  document.getElementById('forget').hidden = !token.get();
  if (!token.get()) return tokenForm();
  const { parts, params } = route();
  const page = parts[0] || 'funnel';
  for (const a of document.querySelectorAll('nav a')) {
    const here = a.getAttribute('href') === `#/${page === 'leads' ? 'lead' : page}`;
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  main.removeAttribute('data-ready');
  // the page is built in the document (charts need their size), below a notice
  const root = h('div', {});
  const loading = h('p', { class: 'muted' }, 'Loading…');
  main.replaceChildren(loading, root);
  const t0 = performance.now();
  try {
    let stop;
    if (page === 'funnel') stop = await funnelPage(root, params);
    else if (page === 'channels') stop = await channelsPage(root, params);
    else if (page === 'speed') stop = await speedPage(root, params);
    else if (page === 'dispositions') stop = await dispositionsPage(root, params);
    else if (page === 'lead' && parts[1]) stop = await leadPage(root, decodeURIComponent(parts.slice(1).join('/')), render);
    else if (page === 'lead' || page === 'leads') stop = await leadsPage(root, params);
    else root.append(h('h1', {}, 'Not found'), h('p', {}, 'No such page.'));
    stopPage = typeof stop === 'function' ? stop : null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { token.clear(); return tokenForm(e.message); }
    root.replaceChildren(errorBox(e));
  }
  loading.remove();
  main.setAttribute('data-ready', page);
  main.setAttribute('data-ms', Math.round(performance.now() - t0));
}

document.getElementById('forget').addEventListener('click', () => { token.clear(); render(); });
window.addEventListener('hashchange', () => { render(); main.focus(); });
render();
