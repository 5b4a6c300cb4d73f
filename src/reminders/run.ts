import { type SweepDeps, type SweepOutcome, type SweepReport, sweep } from './sweep';

/**
 * One round of reminders, as the scheduler inside `npm start` and the scheduled Lambda run it every minute: the sweep,
 * then the experts' digest (which decides itself whether it is time for one). Never throws: a failure is logged with
 * its cause and the next round tries again; a team that fails is the sweep's to log (with the team), the rest go on.
 */
export interface ReminderRoundDeps extends SweepDeps {
  /**
   * Before the sweep: what `senderFor` needs found first (multi-workspace Slack: the due workspaces' bot tokens). A
   * failure is logged and the sweep still runs.
   */
  prepare?: (now: Date) => Promise<unknown>;
  /** The experts' digest (Slack, with DIGEST_CHANNEL set); none when not configured. */
  digest?: (now: Date) => Promise<unknown>;
  /**
   * The purge of workspaces whose grace period after an uninstall ended (multi-workspace Slack: it reads only the
   * purge marks that are due); none in single-workspace mode.
   */
  purge?: (now: Date) => Promise<unknown>;
}

export interface ReminderRound {
  /** Null when the sweep itself failed (the store could not be read). */
  sweep: SweepReport | null;
  /** What the digest reported; null when there is none or it failed. */
  digest: unknown;
  /** What the purge reported; null when there is none or it failed. */
  purge?: unknown;
  /** What went wrong, for the log and the Lambda's answer. */
  errors: string[];
}

const OUTCOMES: readonly SweepOutcome[] = [
  'sent',
  'listed',
  'recovered',
  'taken',
  'busy',
  'rescheduled',
  'gone',
  'failed',
];

/** How many entries of a sweep ended each way (every outcome, zeros included). */
export function tally(report: SweepReport): Record<SweepOutcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<SweepOutcome, number>;
  for (const entry of report.entries) counts[entry.outcome] += 1;
  return counts;
}

/** `3 due: 2 sent, 1 taken`: the outcomes that occurred. */
export function summarize(report: SweepReport): string {
  const counts = tally(report);
  const parts = OUTCOMES.filter((outcome) => counts[outcome] > 0).map(
    (outcome) => `${counts[outcome]} ${outcome}`,
  );
  return `${report.due} due${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** The sweep at `now`, then the digest; each failure is logged and the other part still runs. */
export async function runReminders(now: Date, deps: ReminderRoundDeps): Promise<ReminderRound> {
  const round: ReminderRound = { sweep: null, digest: null, errors: [] };
  if (deps.prepare) {
    try {
      await deps.prepare(now);
    } catch (error) {
      const cause = describe(error);
      round.errors.push(`prepare: ${cause}`);
      deps.logger.error(`reminders: the workspaces' tokens could not be found (${cause}); the sweep goes on`);
    }
  }
  try {
    round.sweep = await sweep(now, deps);
    // Every minute: a line only when there was something to do.
    if (round.sweep.due > 0)
      deps.logger.info(`reminders: sweep at ${round.sweep.at}: ${summarize(round.sweep)}`);
  } catch (error) {
    const cause = describe(error);
    round.errors.push(`sweep: ${cause}`);
    deps.logger.error(
      `reminders: the sweep at ${now.toISOString()} failed (${cause}); the next one tries again`,
    );
  }
  if (deps.digest) {
    try {
      round.digest = (await deps.digest(now)) ?? null;
    } catch (error) {
      const cause = describe(error);
      round.errors.push(`digest: ${cause}`);
      deps.logger.error(`reminders: the experts' digest failed (${cause}); the next round tries again`);
    }
  }
  if (deps.purge) {
    const purged = await runPurge(now, deps.purge, deps.logger);
    round.purge = purged.result;
    round.errors.push(...purged.errors);
  }
  return round;
}

/**
 * The purge step alone (also where the sweep is off: deleting what is due does not depend on the reminders). Never
 * throws: a failure is logged and the next round tries again (the marks stay due).
 */
export async function runPurge(
  now: Date,
  purge: (now: Date) => Promise<unknown>,
  logger: SweepDeps['logger'],
): Promise<{ result: unknown; errors: string[] }> {
  try {
    return { result: (await purge(now)) ?? null, errors: [] };
  } catch (error) {
    const cause = describe(error);
    logger.error(
      `reminders: the purge of uninstalled workspaces failed (${cause}); the next round tries again`,
    );
    return { result: null, errors: [`purge: ${cause}`] };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
