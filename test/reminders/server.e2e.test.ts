import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * `npm start` with the reminders: the server entry (src/main.ts, through tsx) starts the scheduler next to the HTTP
 * server, says so, and on SIGTERM stops it with the server and exits 0. REMINDERS=off, or no bot token, and it does
 * not start (and says why).
 */

const ROOT = join(__dirname, '..', '..');

interface Server {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first log message matching `pattern`. */
  logged(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paysetup-server-reminders-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function startServer(env: NodeJS.ProcessEnv): Server {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      STORE_URL: `sqlite:${join(dir, 'paysetup.db')}`,
      LOG_FORMAT: 'json',
      NODE_NO_WARNINGS: '1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (msg: string) => void }[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    const msg = line.startsWith('{') ? String((JSON.parse(line) as { msg?: unknown }).msg) : line;
    lines.push(msg);
    for (const w of [...waiting])
      if (w.pattern.test(msg)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(msg);
      }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    logged: (pattern) =>
      new Promise((resolve, reject) => {
        const found = lines.find((line) => pattern.test(line));
        if (found) return resolve(found);
        waiting.push({ pattern, resolve });
        void exited.then(() =>
          reject(new Error(`the server exited without logging ${pattern}:\n${lines.join('\n')}`)),
        );
      }),
  };
}

it('starts the reminders with the server, and stops them with it on SIGTERM (exit 0)', async () => {
  const server = startServer({
    SLACK_BOT_TOKEN: 'xoxb-1111-2222-serverReminders',
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
  });
  expect(await server.logged(/^reminders: /)).toMatch(
    /^reminders: on, a sweep every minute \(next \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z\)$/,
  );
  // The last line at start-up: from then on a signal is handled.
  await server.logged(/^listening on /);
  server.child.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
  expect(server.lines).toContain('shutting down');
  expect(server.lines.filter((line) => /could not|failed|error/i.test(line))).toEqual([]);
});

it.each([
  [{ REMINDERS: 'off', SLACK_BOT_TOKEN: 'xoxb-1111-2222-serverReminders' }, 'reminders: off (REMINDERS=off)'],
  [{}, 'reminders: off, SLACK_BOT_TOKEN is not set (nudges go to Slack channels)'],
])('does not start them with %j, and says why', async (env, why) => {
  const server = startServer(env);
  expect(await server.logged(/^reminders: /)).toBe(why);
  await server.logged(/^listening on /);
  server.child.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
});

it('refuses to start with a reminder setting it cannot keep, naming it', async () => {
  const server = startServer({ REMINDER_WORK_HOURS: '18-9' });
  expect(await server.exited).toEqual({ code: 1, signal: null });
  expect(server.lines.join('\n')).toContain(
    'REMINDER_WORK_HOURS: must be start-end in whole hours, such as 9-17',
  );
});
