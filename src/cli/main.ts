import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { type SlackConfig, SlackConfigSchema } from '../adapters/slack/config';
import { runPurgeCommand, WORKSPACE_ID } from '../adapters/slack/oauth/purge-command';
import { ConfigError, CoreConfigSchema, parseEnv } from '../config';
import { daysSince, lastActiveText } from '../core/activity';
import type { Locale } from '../core/context';
import { DialogEngine, type TeamStatus } from '../core/engine';
import { DialogError } from '../core/errors';
import { formatDate, isLocale, text } from '../core/i18n';
import { createLogger } from '../logging/logger';
import { AskAssistant } from '../questions/AskAssistant';
import { QuestionLog } from '../questions/QuestionLog';
import { RemindersConfigSchema, reminderPolicy } from '../reminders/config';
import { slackReminders } from '../reminders/slack-reminders';
import { DEFAULT_STORE_URL, openStore, SUPPORTED_STORE_URLS } from '../store/open-store';
import { StoreError } from '../store/port';
import { runChat } from './chat';
import { runQuestionsCommand } from './questions-command';
import { reminderLine } from './reminder-lines';
import { printPlan } from './report-command';
import { initStore, migrateStore } from './store-commands';
import { parseNow, runSweepCommand } from './sweep-command';

const USAGE = `Usage:
  paysetup chat [--team ID] [--name NAME] [--locale de|en] [--store URL]
  paysetup status --team ID [--json] [--locale de|en] [--store URL]
  paysetup teams [--json] [--locale de|en] [--store URL]
  paysetup report --team ID [--format md|json|csv] [--locale de|en] [--store URL]
  paysetup sweep [--now ISO-time] [--dry-run] [--json] [--locale de|en] [--store URL]
  paysetup init-store [--store URL]             create the store's table or file (idempotent)
  paysetup migrate-store --from URL --to URL    copy every team to another store (idempotent)
  paysetup purge --workspace T… [--locale de|en] [--store URL]  delete a Slack workspace's onboarding records
  paysetup questions [--days N] [--team ID] [--json] [--locale de|en] [--store URL]  the questions left unanswered

--name: who you are in the team's answers (default: git's user.name, else $USER).
--locale: the language of a new team; for an existing team, chat switches its language, and the operator
          views speak it instead of the team's own.
--format csv: the open items, one row each.
sweep: sends the reminder nudges due now (needs SLACK_BOT_TOKEN), or with --dry-run lists them and sends and
       writes nothing. --now checks another moment, as a dry run only (nudges are sent for the real time only);
       without a UTC offset it is read in REMINDER_TIME_ZONE, e.g. --now 2027-01-14T10:00.
questions: what teams asked the assistant that it could not answer (default: the last 7 days), with team,
       channel and time, for the integration experts.
purge: deletes every channel's progress of the workspace, its delivery marks, records kept aside, and the
       Alexa links and codes to its channels, now (after an uninstall this happens by itself after
       SLACK_UNINSTALL_GRACE_DAYS); the app's installation stays.
Store URLs: ${SUPPORTED_STORE_URLS.join(', ')} (default ${DEFAULT_STORE_URL})
Environment: STORE_URL, DEFAULT_LOCALE (de|en), REMINDER_STALL_DAYS, REMINDER_TIME_ZONE, REMINDER_HOLIDAYS,
             REMINDER_WORK_HOURS; for sweep: SLACK_BOT_TOKEN, SLACK_API_URL`;

const COMMANDS = [
  'chat',
  'status',
  'teams',
  'report',
  'sweep',
  'init-store',
  'migrate-store',
  'purge',
  'questions',
];

const FORMATS = ['md', 'json', 'csv'] as const;

/** How long a command waits for another process's lock on the embedded store before it says so. */
const CLI_LOCK_WAIT_MS = 5_000;
type Format = (typeof FORMATS)[number];

/** Who is typing: `--name`, else git's user name, else the login name. */
function personName(given: string | undefined): string {
  if (given?.trim()) return given.trim();
  try {
    const git = execFileSync('git', ['config', 'user.name'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (git) return git;
  } catch {
    // no git, or no user.name: fall back to the login name
  }
  return process.env.USER?.trim() || userInfo().username;
}

/** How to come back to the same team: what the goodbye says. */
function resumeCommand(team: string | undefined): string {
  if (!team) return 'npm run chat';
  const quoted = /^[\w:.@-]+$/.test(team) ? team : `'${team.replace(/'/g, "'\\''")}'`;
  return `npm run chat -- --team ${quoted}`;
}

/** The `paysetup` command line: the terminal chat and the operator's views. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      team: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean', default: false },
      format: { type: 'string', default: 'md' },
      from: { type: 'string' },
      to: { type: 'string' },
      workspace: { type: 'string' },
      days: { type: 'string' },
      now: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? 'chat';
  if (values.help || !COMMANDS.includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.locale !== undefined && !isLocale(values.locale)) {
    process.stderr.write(`--locale must be de or en, not "${values.locale}".\n`);
    return 2;
  }
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    process.stderr.write(`--format must be md, json or csv.\n`);
    return 2;
  }
  const format = values.format as Format;
  const config = parseEnv(CoreConfigSchema.extend(RemindersConfigSchema.shape), process.env);
  const policy = reminderPolicy(config);
  const io = { stdout: process.stdout, stderr: process.stderr };
  if (command === 'init-store') return initStore(values.store ?? config.STORE_URL, io);
  if (command === 'migrate-store') {
    if (!values.from || !values.to) return usageError('migrate-store needs --from URL and --to URL');
    return migrateStore(values.from, values.to, io);
  }
  if (command === 'purge' && !(values.workspace && WORKSPACE_ID.test(values.workspace)))
    return usageError(
      values.workspace === undefined
        ? 'purge needs --workspace T… (the Slack workspace id)'
        : `--workspace must be a Slack workspace id (T…), not "${values.workspace}"`,
    );
  /** The language asked for; the operator views fall back to each team's own. */
  const asked = values.locale as Locale | undefined;
  const locale: Locale = asked ?? config.DEFAULT_LOCALE;
  let now = new Date();
  let slack: SlackConfig = {};
  if (command === 'sweep') {
    if (values.now !== undefined) {
      const given = parseNow(values.now, policy.calendar.timeZone);
      if (!given)
        return usageError(
          `--now must be an ISO date and time such as 2027-01-14T10:00 (read in ${policy.calendar.timeZone}) or 2027-01-14T09:00Z, not "${values.now}"`,
        );
      // Sending is for the real time only: a nudge sent "for Thursday" on a Saturday would tell the team nonsense.
      if (!values['dry-run'])
        return usageError(
          '--now only checks what would be due: add --dry-run (nudges are sent for the real time only)',
        );
      now = given;
    }
    slack = parseEnv(SlackConfigSchema, process.env);
    if (!values['dry-run'] && !slack.SLACK_BOT_TOKEN) {
      process.stderr.write(
        'paysetup sweep: sending the nudges needs SLACK_BOT_TOKEN (the bot token, xoxb-…); nothing was sent.\n' +
          'To list what is due without sending, add --dry-run.\n',
      );
      return 1;
    }
  }
  // An operator's command may wait for another process's lock longer than a request path (Slack's 3 s) may.
  const store = await openStore(values.store ?? config.STORE_URL, { lockWaitMs: CLI_LOCK_WAIT_MS });
  const engine = new DialogEngine({ store, defaultLocale: locale, reminders: policy });
  try {
    switch (command) {
      case 'chat': {
        const name = personName(values.name);
        await runChat({
          engine,
          team: values.team ?? `terminal:${userInfo().username}`,
          actor: { id: `terminal:${name.toLowerCase().replace(/\s+/g, '-')}`, name },
          locale,
          switchLocale: asked !== undefined,
          resumeCommand: resumeCommand(values.team),
          input: process.stdin,
          output: process.stdout,
          interactive: process.stdin.isTTY === true,
          ask: new AskAssistant({
            engine,
            log: new QuestionLog(store),
            logger: { warn: (line: unknown) => process.stderr.write(`${String(line)}\n`) },
            defaultLocale: locale,
          }),
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
          values.json
            ? `${JSON.stringify(status)}\n`
            : `${statusLine(status, asked ?? status.locale, new Date())}\n`,
        );
        return 0;
      }
      case 'questions': {
        const days = values.days === undefined ? 7 : Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 3650)
          return usageError('--days takes a whole number of days');
        return await runQuestionsCommand({
          store,
          locale,
          days,
          ...(values.team ? { team: values.team } : {}),
          json: values.json,
          timeZone: policy.calendar.timeZone,
          now: new Date(),
          stdout: process.stdout,
        });
      }
      case 'teams': {
        const { teams, unreadable, keptAside } = await allTeams(engine);
        if (values.json) {
          const rows = teams.map((t) => ({ ...t, daysSinceActivity: daysSince(t.lastActivityAt, now) }));
          process.stdout.write(`${JSON.stringify({ teams: rows, unreadable, keptAside }, null, 2)}\n`);
          return 0;
        }
        if (teams.length === 0) process.stdout.write(`${text(locale, 'status.noTeams')}\n`);
        for (const t of teams) {
          const lang = asked ?? t.locale;
          process.stdout.write(`${statusLine(t, lang, now)}\n  ${reminderLine(t.reminders, lang)}\n`);
        }
        if (unreadable.length + keptAside.length > 0) {
          process.stdout.write(
            `${text(locale, 'status.unreadable', { teams: [...unreadable, ...keptAside].join(', ') })}\n`,
          );
        }
        return 0;
      }
      case 'sweep': {
        const logger = createLogger('paysetup-sweep');
        // A dry run sends nothing, so it needs no token: the sender only tells which teams Slack reaches.
        const { senderFor } = slackReminders(
          {
            botToken: values['dry-run'] ? undefined : slack.SLACK_BOT_TOKEN,
            apiUrl: slack.SLACK_API_URL,
          },
          { engine, store, logger, defaultLocale: config.DEFAULT_LOCALE },
        );
        return await runSweepCommand({
          engine,
          store,
          senderFor,
          logger,
          now,
          dryRun: values['dry-run'],
          json: values.json,
          locale,
          stdout: process.stdout,
        });
      }
      case 'purge':
        return await runPurgeCommand({
          store,
          workspace: values.workspace as string,
          locale,
          stdout: process.stdout,
        });
      case 'report': {
        if (!values.team) return usageError('report needs --team ID');
        const found = await printPlan(engine, values.team, asked, format, process.stdout, process.stderr);
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
  const items = text(locale, 'status.items', { count: status.openItems });
  if (status.done) {
    const done = text(locale, 'status.lineDone', {
      team: status.team,
      doneAt: status.doneAt ? formatDate(locale, status.doneAt) : '',
    });
    return `${done} · ${items}`;
  }
  if (status.step === null) return text(locale, 'status.lineNew', { team: status.team });
  const line = text(locale, 'status.line', {
    team: status.team,
    step: String(status.step),
    total: status.totalSteps,
    title: status.stepId ? text(locale, `flow:steps.${status.stepId}.title`) : '',
    count: status.openQuestions,
    last: lastActiveText(locale, status.lastActivityAt, now),
  });
  return `${line} · ${items}`;
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

/** Every team, page by page: the operator's overview is a tool, not a request path. */
async function allTeams(engine: DialogEngine): Promise<Awaited<ReturnType<DialogEngine['teams']>>> {
  const all: Awaited<ReturnType<DialogEngine['teams']>> = { teams: [], unreadable: [], keptAside: [] };
  let after: string | undefined;
  do {
    const page = await engine.teams('', { limit: 500, ...(after ? { after } : {}) });
    all.teams.push(...page.teams);
    all.unreadable.push(...page.unreadable);
    all.keptAside.push(...page.keptAside);
    after = page.next;
  } while (after);
  return all;
}
