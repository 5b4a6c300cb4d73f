import { Cron } from 'croner';

/** What the scheduler logs through (the pino logger, or Bolt's Logger shape). */
export interface SchedulerLogger {
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

export interface SchedulerOptions {
  /** One round (the sweep, then the digest), given the time of the tick. Whatever it throws is logged. */
  task: (now: Date) => Promise<unknown>;
  logger: SchedulerLogger;
  /**
   * When the task runs: a croner pattern, in the server's clock (the policy keeps each team's own time zone).
   * @default '0 * * * * *' (every minute, at second 0)
   */
  pattern?: string;
  /** The time a round is run for. @default () => new Date() */
  now?: () => Date;
}

export interface ReminderScheduler {
  /**
   * Stops the schedule; the returned promise resolves once a round that is running has finished (its claims and
   * marks written), so a shutdown never cuts a round short on purpose. Calling it again is harmless.
   */
  stop(): Promise<void>;
  /** When the next round is planned; null once stopped. */
  nextRun(): Date | null;
  /** A round is running now. */
  isBusy(): boolean;
}

/**
 * Runs the reminders every minute inside `npm start`, with croner. `protect: true`: a tick that comes while the last
 * round still runs (a slow Slack, a long due list) is skipped with a log line, so one process never runs two rounds
 * at once. Several processes (several `npm start` on one Redis) may all run it: the sweep's claims make that safe.
 * The timer keeps the process alive like the HTTP server does; `stop()` ends it on shutdown.
 */
export function startReminderScheduler(options: SchedulerOptions): ReminderScheduler {
  const { task, logger } = options;
  const now = options.now ?? (() => new Date());
  let current: Promise<void> | null = null;
  let stopped = false;
  const job = new Cron(
    options.pattern ?? '0 * * * * *',
    {
      protect: () =>
        logger.warn(
          'reminders: the last round is still running; this tick is skipped (it carries on next time)',
        ),
    },
    async () => {
      // Started inside a promise, so that even a task that throws at once is logged, never an unhandled rejection.
      const round = Promise.resolve()
        .then(() => task(now()))
        .then(
          () => undefined,
          (error: unknown) => {
            logger.error(
              `reminders: a round failed (${error instanceof Error ? error.message : String(error)}); the next tick tries again`,
            );
          },
        );
      current = round;
      try {
        await round;
      } finally {
        if (current === round) current = null;
      }
    },
  );
  return {
    async stop() {
      if (!stopped) {
        stopped = true;
        job.stop();
        if (current) logger.info('reminders: stopping after the round that is running');
      }
      await current;
    },
    nextRun: () => (stopped ? null : job.nextRun()),
    isBusy: () => current !== null,
  };
}
