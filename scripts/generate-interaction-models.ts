// npm run models — writes skill-package/ (manifest and one interaction model per Alexa locale) from flows/ and
// locales/, then formats the files as Biome does. A test fails when the committed files differ from what this makes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  buildSkillPackage,
  MANIFEST_PATH,
  type SkillManifest,
} from '../src/adapters/alexa/interaction-model';

const root = join(__dirname, '..');

/** The endpoint the operator set in the committed manifest, kept across regeneration. */
function currentEndpoint(): string | undefined {
  const path = join(root, MANIFEST_PATH);
  if (!existsSync(path)) return undefined;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Partial<SkillManifest>;
  return manifest.manifest?.apis?.custom?.endpoint?.uri;
}

function main(): void {
  const files = buildSkillPackage(currentEndpoint());
  const written: string[] = [];
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
    written.push(path);
  }
  execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', ...written], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const path of written) process.stdout.write(`wrote ${path.slice(root.length + 1)}\n`);
}

main();
