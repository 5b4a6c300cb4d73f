import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amazonPayFlow } from '../flows/amazon-pay';
import { createDialogMachine } from '../src/core/machine';
import { toMermaid } from '../src/core/statechart';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  test('the statechart is the one generated from the machine', () => {
    const chart = readme.match(
      /<!-- statechart:start -->\n```mermaid\n([\s\S]*?)\n```\n<!-- statechart:end -->/,
    )?.[1];
    expect(chart).toBe(toMermaid(createDialogMachine(amazonPayFlow)));
  });

  test('the quick start commands exist and CI runs the README test command', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    expect(readme).toContain('npm ci && npm run chat');
    expect(scripts.chat).toBeDefined();
    expect(readme).toContain('npm test');
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toMatch(/^npm test\b/m);
    // The test command runs lint and type checks so CI enforces them.
    expect(scripts.test).toMatch(/npm run lint/);
    expect(scripts.lint).toMatch(/^biome check/);
    expect(scripts.test).toMatch(/npm run typecheck/);
    expect(scripts.typecheck).toBe('tsc --noEmit');
    expect(execFileSync('git', ['ls-files', 'package-lock.json'], { cwd: root }).toString().trim()).toBe(
      'package-lock.json',
    );
  });
});
