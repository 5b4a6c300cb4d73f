import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const built = new Map<string, string>();

/**
 * A test's child-process entry bundled once per run into node_modules/.cache (plain `node` starts in milliseconds;
 * tsx would take a second or two per child). Returns the bundle's path.
 */
export function bundleChild(entry: string, name: string): string {
  const cached = built.get(entry);
  if (cached) return cached;
  const dir = join(__dirname, '..', '..', 'node_modules', '.cache', 'paysetup-test');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${name}.js`);
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
  built.set(entry, outfile);
  return outfile;
}
