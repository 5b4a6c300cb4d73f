import type { Actor, DialogState } from '../core/context';
import { type DialogEngine, teamOfRecordKey } from '../core/engine';
import type { NudgeInput } from '../core/events';
import { type Nudge, nudgeOf } from '../core/reminders/nudge';
import { type NudgeReason, planNudge } from '../core/reminders/policy';
import type { KeyValueStore } from '../store/port';
import type { SenderFor } from './port';

/** Who the sweep's bookkeeping is recorded as. */
export const SWEEP_ACTOR: Actor = { id: 'paysetup', name: 'reminders' };
export const SWEEP_CHANNEL = 'reminders';

/**
 * What the sweep did for one due team:
 * - `sent`: the nudge went out and is recorded; `listed`: a dry run would send it;
 * - `recovered`: a sweep that died had sent it; now recorded (nothing sent again);
 * - `taken`: another sweep claimed it first; `busy`: another sweep is sending it now;
 * - `rescheduled`: not due at this moment after all (outside working hours, the team moved on): its due time moved;
 * - `gone`: the channel cannot be reached, reminders switched off; `failed`: left for a later sweep (see `error`).
 */
export type SweepOutcome =
  | 'sent'
  | 'listed'
  | 'recovered'
  | 'taken'
  | 'busy'
  | 'rescheduled'
  | 'gone'
  | 'failed';

export interface SweepEntry {
  team: string;
  outcome: SweepOutcome;
  nudgeId?: string;
  locale?: string;
  step?: number | null;
  owner?: string | null;
  reason?: NudgeReason;
  /** Set for `sent`, `listed` and `recovered`: the nudge as the channel shows it. */
  nudge?: Nudge;
  /** Set for `rescheduled` when a nudge is still planned: when (ISO). */
  nextAt?: string;
  error?: string;
}

export interface SweepReport {
  at: string;
  /** Due keys the store handed out. */
  due: number;
  entries: SweepEntry[];
}

export interface SweepLogger {
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

export interface SweepDeps {
  engine: DialogEngine;
  store: KeyValueStore;
  senderFor: SenderFor;
  logger: SweepLogger;
}

export interface SweepOptions {
  /** List what would be sent, and send and write nothing. */
  dryRun?: boolean;
  /** Due teams read per sweep, at most (the rest are the next sweep's). @default 1000 */
  limit?: number;
  /** Teams worked on at once: a slow channel (a 429 waiting for Retry-After) holds up only its own team. @default 8 */
  concurrency?: number;
}

/**
 * One sweep at `now`: reads only the teams due (the store's due index), and for each one claims the nudge with the
 * version check (two sweeps at once: one claim wins, the other sees it taken), sends it, and records it as sent;
 * each write carries the team's next due time. A team that fails is logged and left; the rest go on.
 *
 * A sweep that dies after claiming leaves a claim that runs out (the policy's lease); the next sweep then asks the
 * channel whether the nudge went out (`wasSent`) and records it, or sends it: none lost, none twice.
 */
export async function sweep(now: Date, deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const limit = options.limit ?? 1000;
  const due = await deps.store.due(now.getTime(), limit);
  const teams = due.flatMap((entry) => {
    const team = teamOfRecordKey(entry.key);
    return team === null ? [] : [team];
  });
  const entries: SweepEntry[] = [];
  const queue = [...teams];
  const worker = async (): Promise<void> => {
    for (let team = queue.shift(); team !== undefined; team = queue.shift()) {
      const entry = await sweepTeam(team, now, deps, options.dryRun ?? false).catch(
        (error: unknown): SweepEntry => {
          const cause = describe(error);
          deps.logger.error(`reminders: ${team}: ${cause}`);
          return { team, outcome: 'failed', error: cause };
        },
      );
      entries.push(entry);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  return { at: now.toISOString(), due: due.length, entries };
}

async function sweepTeam(team: string, now: Date, deps: SweepDeps, dryRun: boolean): Promise<SweepEntry> {
  const { engine } = deps;
  const loaded = await engine.load(team);
  if (loaded.version === null || loaded.unreadable !== undefined) {
    // Nothing to nudge (the record is gone or unreadable; the team's next turn keeps an unreadable one aside).
    if (!dryRun && loaded.version !== null) await engine.refreshDue(team, now);
    return { team, outcome: 'rescheduled' };
  }
  const { record } = loaded;
  const view = { team, state: record.state as DialogState, context: record.context };
  const plan = planNudge(view, now, engine.reminders, engine.flow.steps);
  if (plan.kind === 'none' || plan.at.getTime() > now.getTime()) {
    if (plan.kind === 'pending') return { team, outcome: 'busy', nudgeId: plan.nudgeId };
    if (!dryRun) await engine.refreshDue(team, now);
    return {
      team,
      outcome: 'rescheduled',
      ...(plan.kind === 'due' ? { nextAt: plan.at.toISOString() } : {}),
    };
  }
  const sender = deps.senderFor(team);
  if (!sender) {
    // Due, but nothing reaches it (a key no sender serves): without a due time it does not come back every minute.
    if (!dryRun) {
      await engine.refreshDue(team, now, { clear: true });
      deps.logger.warn(`reminders: ${team}: no channel reaches this team; its due time is cleared`);
    }
    return { team, outcome: 'rescheduled' };
  }

  if (plan.kind === 'pending') {
    // A sweep claimed this nudge and did not record it within the lease: it died, or its channel failed.
    const since = new Date(Date.parse(record.context.reminders?.pending?.at ?? now.toISOString()) - 60_000);
    const resumed = planNudge(
      {
        ...view,
        context: { ...record.context, reminders: { ...record.context.reminders, pending: undefined } },
      },
      now,
      engine.reminders,
      engine.flow.steps,
    );
    if (resumed.kind !== 'due') return { team, outcome: 'rescheduled' };
    const nudge = { ...nudgeOf(engine.flow, record, resumed, now, engine.reminders), nudgeId: plan.nudgeId };
    if (dryRun) return entryOf(nudge, 'listed');
    const sent = await sender.wasSent(nudge, since);
    if (sent === 'unknown') return { ...entryOf(nudge, 'failed'), error: 'the channel cannot tell now' };
    if (sent) {
      await record_(engine, team, { type: 'NUDGE_SENT', nudgeId: nudge.nudgeId });
      deps.logger.info(`reminders: ${team}: ${nudge.nudgeId} had been sent before the last sweep stopped`);
      return entryOf(nudge, 'recovered');
    }
    return send(team, nudge, deps, sender);
  }

  const nudge = nudgeOf(engine.flow, record, plan, now, engine.reminders);
  if (dryRun) return entryOf(nudge, 'listed');
  return send(team, nudge, deps, sender);
}

/** Claims the nudge (or takes over a claim that ran out), sends it, records what came of it. */
async function send(
  team: string,
  nudge: Nudge,
  deps: SweepDeps,
  sender: NonNullable<ReturnType<SenderFor>>,
): Promise<SweepEntry> {
  const { engine } = deps;
  const claimed = await record_(engine, team, {
    type: 'NUDGE_CLAIM',
    nudgeId: nudge.nudgeId,
    leaseMs: engine.reminders.leaseMs,
  });
  if (!claimed) return entryOf(nudge, 'taken');
  const result = await sender.send(nudge);
  switch (result.kind) {
    case 'sent':
      await record_(engine, team, { type: 'NUDGE_SENT', nudgeId: nudge.nudgeId });
      return entryOf(nudge, 'sent');
    case 'gone':
      await record_(engine, team, { type: 'CHANNEL_GONE', reason: result.reason });
      deps.logger.warn(
        `reminders: ${team}: reminders switched off, the channel cannot be reached (${result.reason})`,
      );
      return { ...entryOf(nudge, 'gone'), error: result.reason };
    case 'failed':
      // The claim stays until its lease runs out; the sweep after that asks the channel and tries again.
      deps.logger.warn(`reminders: ${team}: ${nudge.nudgeId} not sent (${result.code}: ${result.detail})`);
      return { ...entryOf(nudge, 'failed'), error: `${result.code}: ${result.detail}` };
  }
}

/** Applies one bookkeeping event; true when it was taken (a claim won, a mark fitted). */
async function record_(engine: DialogEngine, team: string, input: NudgeInput): Promise<boolean> {
  const reply = await engine.handle(team, input, { actor: SWEEP_ACTOR, channel: SWEEP_CHANNEL });
  return reply.outcome.kind === 'nudge' && reply.outcome.ok;
}

function entryOf(nudge: Nudge, outcome: SweepOutcome): SweepEntry {
  return {
    team: nudge.team,
    outcome,
    nudgeId: nudge.nudgeId,
    locale: nudge.locale,
    step: nudge.step,
    owner: nudge.owner ? (nudge.owner.name ?? nudge.owner.id) : null,
    reason: nudge.reason,
    nudge,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
