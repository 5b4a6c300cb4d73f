import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, CoreConfigSchema, parseEnv } from '../config';
import { daysSince, lastActiveText } from '../core/activity';
import type { Locale } from '../core/context';
import { DialogEngine, type TeamStatus } from '../core/engine';
import { DialogError } from '../core/errors';
import { isLocale, text } from '../core/i18n';
import { openStore } from '../store/open-store';
import { StoreError } from '../store/port';
import { runChat } from './chat';
import { printPlan } from './report-command';

const USAGE = `Usage:
  paysetup chat [--team ID] [--locale de|en] [--store URL]
  paysetup status --team ID [--json] [--store URL]
  paysetup teams [--json] [--store URL]
  paysetup report --team ID [--format md|json] [--store URL]

Store URLs: sqlite:<path> (default sqlite:./data/paysetup.db), memory:
Environment: STORE_URL, DEFAULT_LOCALE (de|en)`;

/** The `paysetup` command line: the terminal chat and the operator's views. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      team: { type: 'string' },
      locale: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean', default: false },
      format: { type: 'string', default: 'md' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? 'chat';
  if (values.help || !['chat', 'status', 'teams', 'report'].includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.locale !== undefined && !isLocale(values.locale)) {
    process.stderr.write(`--locale must be de or en, not "${values.locale}".\n`);
    return 2;
  }
  if (values.format !== 'md' && values.format !== 'json') {
    process.stderr.write(`--format must be md or json.\n`);
    return 2;
  }
  const config = parseEnv(CoreConfigSchema, process.env);
  const locale: Locale = (values.locale as Locale | undefined) ?? config.DEFAULT_LOCALE;
  const store = openStore(values.store ?? config.STORE_URL);
  const engine = new DialogEngine({ store, defaultLocale: locale });
  try {
    switch (command) {
      case 'chat': {
        const user = userInfo().username;
        await runChat({
          engine,
          team: values.team ?? `terminal:${user}`,
          actor: { id: `terminal:${user}`, name: user },
          locale,
          input: process.stdin,
          output: process.stdout,
          interactive: process.stdin.isTTY === true,
        });
        return 0;
      }
      case 'status': {
        if (!values.team) return usageError('status needs --team ID');
        const status = await engine.status(values.team);
        if (!status) {
          process.stderr.write(`${text(locale, 'status.unknownTeam', { team: values.team })}\n`);
          return 1;
        }
        process.stdout.write(
          values.json ? `${JSON.stringify(status)}\n` : `${statusLine(status, locale, new Date())}\n`,
        );
        return 0;
      }
      case 'teams': {
        const { teams, unreadable, keptAside } = await engine.teams();
        const now = new Date();
        if (values.json) {
          const rows = teams.map((t) => ({ ...t, daysSinceActivity: daysSince(t.lastActivityAt, now) }));
          process.stdout.write(`${JSON.stringify({ teams: rows, unreadable, keptAside }, null, 2)}\n`);
          return 0;
        }
        if (teams.length === 0) process.stdout.write(`${text(locale, 'status.noTeams')}\n`);
        for (const t of teams) process.stdout.write(`${statusLine(t, locale, now)}\n`);
        if (unreadable.length + keptAside.length > 0) {
          process.stdout.write(
            `${text(locale, 'status.unreadable', { teams: [...unreadable, ...keptAside].join(', ') })}\n`,
          );
        }
        return 0;
      }
      case 'report': {
        if (!values.team) return usageError('report needs --team ID');
        const found = await printPlan(
          engine,
          values.team,
          values.locale as Locale | undefined,
          values.format,
          process.stdout,
          process.stderr,
        );
        return found ? 0 : 1;
      }
    }
    return 2;
  } finally {
    await store.close();
  }
}

function usageError(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return 2;
}

function statusLine(status: TeamStatus, locale: Locale, now: Date): string {
  if (status.done)
    return text(locale, 'status.lineDone', { team: status.team, doneAt: status.doneAt?.slice(0, 10) ?? '' });
  if (status.step === null) return text(locale, 'status.lineNew', { team: status.team });
  return text(locale, 'status.line', {
    team: status.team,
    step: String(status.step),
    total: status.totalSteps,
    title: status.stepId ? text(locale, `flow:steps.${status.stepId}.title`) : '',
    open: status.openQuestions,
    last: lastActiveText(locale, status.lastActivityAt, now),
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof StoreError || error instanceof DialogError) {
        const hint = 'hint' in error ? `\n${error.hint}` : '';
        process.stderr.write(`paysetup: ${error.message}${hint}\n`);
      } else {
        process.stderr.write(
          `paysetup: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
      }
      process.exitCode = 1;
    },
  );
}
