import type { Flow } from '../../../flows/types';
import type { Actor, Locale, Message } from '../context';
import { openItems } from '../open-items';
import type { TeamRecord } from '../record';
import { promptParam } from '../wording';
import { calendarDaysBetween, calendarOf, type NudgePlan, type NudgePolicy } from './policy';
import { localDate } from './working-time';

/** One nudge as every channel shows it: who it is for, where the team stopped, what comes next. */
export interface Nudge {
  team: string;
  nudgeId: string;
  locale: Locale;
  /** 1–5: the step the team stands at, with its id; null between steps (rare). */
  step: number | null;
  stepId: string | null;
  /** The question the team would answer next. */
  questionId: string | null;
  /** Who carries the step; null: nobody is named (the nudge then addresses the team, never @channel). */
  owner: Actor | null;
  reason: Extract<NudgePlan, { kind: 'due' }>['reason'];
  /** 1 for the first nudge since the team last did something. */
  number: number;
  idleDays: number;
  target: string | null;
  daysToTarget: number | null;
  openItems: number;
}

/** The nudge a due plan describes, for a team's record. */
export function nudgeOf(
  flow: Flow,
  record: TeamRecord,
  plan: Extract<NudgePlan, { kind: 'due' }>,
  now: Date,
  policy: NudgePolicy,
): Nudge {
  const { context } = record;
  const target = context.reminders?.target?.date ?? null;
  const step = plan.step ? flow.steps.indexOf(plan.step) + 1 : null;
  return {
    team: record.team,
    nudgeId: plan.nudgeId,
    locale: context.locale,
    step,
    stepId: plan.step,
    questionId: context.cursor,
    owner: plan.owner?.owner ?? null,
    reason: plan.reason,
    number: plan.number,
    idleDays: plan.idleDays,
    target,
    daysToTarget: target
      ? calendarDaysBetween(localDate(now, calendarOf(context, policy).timeZone), target)
      : null,
    openItems: openItems(flow, context).length,
  };
}

/**
 * What a nudge says, as messages of the common namespace, in order: the greeting (to the owner by the name the
 * channel gives as `owner`, or to the team), where the team stopped and for how long, the next question, the target.
 * Polite and short: it is read in a busy channel.
 */
export function nudgeMessages(nudge: Nudge, owner: string | null): Message[] {
  const messages: Message[] = [];
  messages.push(owner ? { key: 'nudge.helloOwner', params: { owner } } : { key: 'nudge.helloTeam' });
  messages.push(
    nudge.stepId && nudge.step
      ? {
          key: 'nudge.stopped',
          params: {
            count: nudge.idleDays,
            step: nudge.step,
            title: { key: `flow:steps.${nudge.stepId}.title` },
          },
        }
      : { key: 'nudge.stoppedBetween', params: { count: nudge.idleDays } },
  );
  if (nudge.questionId)
    messages.push({ key: 'nudge.next', params: { question: promptParam(nudge.questionId) } });
  if (nudge.target && nudge.daysToTarget !== null) {
    messages.push(
      nudge.daysToTarget >= 0
        ? { key: 'nudge.target', params: { count: nudge.daysToTarget, date: { date: nudge.target } } }
        : { key: 'nudge.targetPassed', params: { date: { date: nudge.target } } },
    );
  }
  if (nudge.openItems > 0) messages.push({ key: 'nudge.openItems', params: { count: nudge.openItems } });
  messages.push({ key: 'nudge.options' });
  return messages;
}
