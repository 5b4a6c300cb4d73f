import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SweepReport } from '../../src/reminders/sweep';
import { bundleChild } from '../helpers/child-bundle';

/** A sweep in a process of its own (fixtures/sweep-child.ts), started, then let go with `go()`. */
export interface SweepProcess {
  /** Resolves once the child has opened its store. */
  ready: Promise<void>;
  /** Starts the sweep (so that two children start theirs at the same moment). */
  go(): void;
  /** The child's end: its report (null when it was killed first), how it exited, what it logged. */
  done: Promise<{
    report: SweepReport | null;
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>;
}

export interface SweepJob {
  storeUrl: string;
  now: Date;
  slackApiUrl: string;
  /** The child kills itself (SIGKILL) right after this many nudges reached Slack, before recording the last. */
  killAfterSends?: number;
}

const ROOT = join(__dirname, '..', '..');

/** The child, bundled once (see bundleChild). */
function bundle(): string {
  return bundleChild(join(__dirname, 'fixtures', 'sweep-child.ts'), 'sweep-child');
}

export function sweepProcess(job: SweepJob): SweepProcess {
  const child = spawn(process.execPath, [bundle(), JSON.stringify({ ...job, now: job.now.toISOString() })], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_NO_WARNINGS: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  let report: SweepReport | null = null;
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => reject(new Error(`the sweep child ended before it was ready:\n${stderr}`)));
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
      else if (line.startsWith('{')) report = JSON.parse(line) as SweepReport;
    });
  });
  // A child that dies before it is ready rejects `ready`; `done` still resolves.
  ready.catch(() => undefined);
  const done = new Promise<{
    report: SweepReport | null;
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) => {
    child.once('close', (code, signal) => resolve({ report, code, signal, stderr }));
  });
  child.stdin.on('error', () => undefined);
  return { ready, go: () => child.stdin.write('go\n'), done };
}
