import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';

/**
 * `npm run build`: every bundle with esbuild, from the one set of options in esbuild.config.cjs (serverless-esbuild
 * bundles the Lambda functions from the same file):
 *
 *   dist/server.js               npm start: the HTTP server (Slack, Alexa, /healthz)
 *   dist/cli.js                  bin/paysetup
 *   dist/lambda/slack.js         the Slack HTTP function     (as `osls package` bundles it)
 *   dist/lambda/slack-worker.js  the Slack worker function
 *   dist/lambda/slack-oauth.js   the Slack install page and OAuth redirect (many workspaces)
 *   dist/lambda/alexa.js         the Alexa function
 *   dist/lambda/reminders.js     the reminders function (every minute: the sweep, the experts' digest)
 *
 * Each with a source map and a metafile (`<name>.meta.json`: what went into it). Prints the sizes.
 */

const ROOT = resolve(__dirname, '..');

interface SharedConfig {
  (): BuildOptions & { exclude: string[] };
  shared: BuildOptions;
  external: string[];
}
const config = require(join(ROOT, 'esbuild.config.cjs')) as SharedConfig;

export interface Bundle {
  name: string;
  entry: string;
  out: string;
  /** Built with the Lambda options (those serverless-esbuild uses). */
  lambda: boolean;
}

export const BUNDLES: readonly Bundle[] = [
  { name: 'server', entry: 'src/main.ts', out: 'server.js', lambda: false },
  { name: 'cli', entry: 'src/cli/main.ts', out: 'cli.js', lambda: false },
  { name: 'slack', entry: 'src/adapters/slack/lambda.ts', out: 'lambda/slack.js', lambda: true },
  {
    name: 'slack-worker',
    entry: 'src/adapters/slack/lambda-worker.ts',
    out: 'lambda/slack-worker.js',
    lambda: true,
  },
  {
    name: 'slack-oauth',
    entry: 'src/adapters/slack/oauth-lambda.ts',
    out: 'lambda/slack-oauth.js',
    lambda: true,
  },
  { name: 'alexa', entry: 'src/adapters/alexa/lambda.ts', out: 'lambda/alexa.js', lambda: true },
  { name: 'reminders', entry: 'src/reminders/lambda.ts', out: 'lambda/reminders.js', lambda: true },
];

export interface Built {
  bundle: Bundle;
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** The esbuild options for one bundle. */
export function optionsFor(bundle: Bundle, outdir: string): BuildOptions {
  const { exclude, ...lambda } = config();
  const base = bundle.lambda
    ? { ...lambda, external: exclude }
    : { ...config.shared, external: config.external };
  return {
    ...base,
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, bundle.entry)],
    outfile: join(outdir, bundle.out),
    metafile: true,
  };
}

/** Builds the named bundles (all by default) into `outdir`. */
export async function buildBundles(
  outdir: string = join(ROOT, 'dist'),
  names: readonly string[] = BUNDLES.map((b) => b.name),
): Promise<Built[]> {
  const chosen = BUNDLES.filter((b) => names.includes(b.name));
  return Promise.all(
    chosen.map(async (bundle) => {
      const result = await build(optionsFor(bundle, outdir));
      const file = join(outdir, bundle.out);
      const metafile = result.metafile as Metafile;
      writeFileSync(file.replace(/\.js$/, '.meta.json'), JSON.stringify(metafile));
      return { bundle, file, bytes: statSync(file).size, metafile };
    }),
  );
}

/** The npm packages a bundle contains (from its metafile's inputs). */
export function packagesIn(metafile: Metafile): Set<string> {
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return packages;
}

async function main(): Promise<void> {
  const outdir = join(ROOT, 'dist');
  const started = Date.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const built = await buildBundles(outdir);
  for (const { file, bytes } of built)
    process.stdout.write(`${relative(ROOT, file).padEnd(28)} ${(bytes / 1024).toFixed(0).padStart(6)} KB\n`);
  process.stdout.write(`built in ${Date.now() - started} ms\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
