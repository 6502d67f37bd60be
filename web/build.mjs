// SPDX-License-Identifier: MIT
// Bundle the dashboard with esbuild into OUTDIR (default web/dist):
// index.html, app.js (every module, ECharts' used parts only) and app.css.
// and a gzip copy of the two bundle files, which serve sends to a browser
// that accepts gzip.  CMake runs it into the build dir and embeds the files.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] || join(here, 'dist'));
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { app: join(here, 'src/main.js') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  outdir,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: false,
});
copyFileSync(join(here, 'src/index.html'), join(outdir, 'index.html'));
for (const f of ['app.js', 'app.css']) {
  writeFileSync(join(outdir, `${f}.gz`), gzipSync(readFileSync(join(outdir, f)), { level: 9 }));
}
