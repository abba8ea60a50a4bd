/** Builds the console page (scripts/build-console.mjs) once before any test serves it. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build-console.mjs')], { stdio: 'inherit' });
}
