// Builds the sandbox console's page into dist/sandbox/console/web: app.ts bundled for the browser (esbuild), with
// index.html and app.css copied beside it. Run by `npm run build`, and by vitest's global setup so that tests
// running src/ always serve a fresh page.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src/sandbox/console/web');
const out = path.join(root, 'dist/sandbox/console/web');

mkdirSync(out, { recursive: true });
buildSync({
  entryPoints: [path.join(src, 'app.ts')],
  bundle: true,
  format: 'iife',
  target: 'es2020',
  outfile: path.join(out, 'app.js'),
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css']) copyFileSync(path.join(src, file), path.join(out, file));
