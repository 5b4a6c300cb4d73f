import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Built, buildBundles, packagesIn } from '../../scripts/build';

/**
 * The bundles `npm run build` makes with the options serverless-esbuild uses too (esbuild.config.cjs): the Alexa
 * function must not carry Bolt (the logger was its way in), and no Lambda bundle carries the native SQLite driver.
 */

let dir: string;
let built: Map<string, Built>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paysetup-build-'));
  built = new Map((await buildBundles(dir, ['alexa', 'slack', 'cli'])).map((b) => [b.bundle.name, b]));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (name: string): Built => {
  const found = built.get(name);
  if (!found) throw new Error(`no bundle ${name}`);
  return found;
};

it('the Alexa Lambda bundle contains no @slack/bolt module (nor the Web API client)', () => {
  const packages = packagesIn(get('alexa').metafile);
  expect(packages.has('ask-sdk-core')).toBe(true);
  expect(packages.has('pino')).toBe(true);
  expect([...packages].filter((p) => p.startsWith('@slack/'))).toEqual([]);
});

it('the Slack HTTP function answers without Bolt too: Bolt is only in the worker', () => {
  expect([...packagesIn(get('slack').metafile)].filter((p) => p.startsWith('@slack/'))).toEqual([]);
});

it('better-sqlite3 stays outside the bundles: required only when a sqlite: store is opened', () => {
  for (const name of ['alexa', 'slack', 'cli']) {
    const { metafile, file } = get(name);
    expect(packagesIn(metafile).has('better-sqlite3')).toBe(false);
    const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
    expect(output?.imports).toEqual(
      expect.arrayContaining([{ path: 'better-sqlite3', kind: 'require-call', external: true }]),
    );
    expect(readFileSync(file, 'utf8')).toContain('better-sqlite3');
  }
});

it('the CLI bundle runs on its own', () => {
  const run = spawnSync(process.execPath, [get('cli').file, '--help'], { encoding: 'utf8', timeout: 20_000 });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^Usage:\n {2}paysetup chat/);
});
