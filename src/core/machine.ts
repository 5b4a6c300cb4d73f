import { and, assign, not, setup } from 'xstate';
import type { Flow, Question, StepId } from '../../flows/types';
import { type DialogContext, emptyContext, type Locale, type Param, type Stamp } from './context';
import type { DialogEvent } from './events';
import type { Outcome } from './outcome';
import {
  answerList,
  checkAnswer,
  findQuestion,
  firstOpen,
  isComplete,
  isStepComplete,
  lastOfStep,
  mayRevisit,
  nextOpenAfter,
  normalizeAnswer,
  previousInStep,
} from './progress';
import { calendarOf, DEFAULT_POLICY, type NudgePolicy } from './reminders/policy';
import { isValidTimeZone, parseHolidayRegion } from './reminders/working-time';
import { actorName, answerParam } from './wording';

type Ctx = { context: DialogContext; event: DialogEvent };

/** A context update for any event. */
const update = (fn: (ctx: Ctx) => Partial<DialogContext>) =>
  assign<DialogContext, DialogEvent, undefined, DialogEvent, never>(fn);

/** A context update that knows which step it is for. */
const updateFor = (fn: (ctx: Ctx, params: { step: StepId }) => Partial<DialogContext>) =>
  assign<DialogContext, DialogEvent, { step: StepId }, DialogEvent, never>(fn);

/** Reports what the event did: returned by `transition()` as an action, never stored (see engine.ts). */
const report = (outcome: (ctx: Ctx) => Outcome) => ({ type: 'report' as const, params: outcome });

const stamp = (event: DialogEvent): Stamp => ({ by: event.by, at: event.at, channel: event.channel });

const questionIdOf = (event: DialogEvent): string | undefined =>
  'questionId' in event && typeof event.questionId === 'string' ? event.questionId : undefined;

/** The state a step lives in is named after the step; `welcome` before the first, `done` after the last. */
function stepOf(flow: Flow, questionId: string | null): StepId | null {
  return questionId ? (findQuestion(flow, questionId)?.step ?? null) : null;
}

/** How many of the latest nudges a record keeps (the policy counts those since the team's last activity). */
export const MAX_NUDGE_MARKS = 10;
/** The longest snooze: two months. */
export const MAX_SNOOZE_DAYS = 60;

/** When a snooze ends: its own time, or `days` days after the event; null when it does not fit. */
function snoozeUntil(event: Extract<DialogEvent, { type: 'SNOOZE' }>): string | null {
  if (event.until !== undefined) {
    const until = Date.parse(event.until);
    const at = Date.parse(event.at);
    return Number.isFinite(until) && until > at && until - at <= MAX_SNOOZE_DAYS * 86_400_000
      ? new Date(until).toISOString()
      : null;
  }
  const days = event.days;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_SNOOZE_DAYS) return null;
  return new Date(Date.parse(event.at) + days * 86_400_000).toISOString();
}

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * The dialog as one XState machine: a state per step, the question being asked in `context.cursor`, gates as named
 * guards. It never touches I/O: the engine feeds it stamped events, stores the context, and reads what the event did
 * from the `report` actions that `transition()` returns.
 */
export function createDialogMachine(flow: Flow, policy: NudgePolicy = DEFAULT_POLICY) {
  const questionFor = (context: DialogContext, event: DialogEvent): Question | undefined => {
    const id = questionIdOf(event) ?? context.cursor;
    return id ? findQuestion(flow, id) : undefined;
  };

  /** The step an owner is named for: the number given (1–5), else the step being worked on; null if neither fits. */
  const ownerStep = (
    context: DialogContext,
    event: Extract<DialogEvent, { type: 'SET_OWNER' }>,
  ): StepId | null => {
    if (event.step !== undefined) return flow.steps[event.step - 1] ?? null;
    return stepOf(flow, context.cursor);
  };

  /** The question a REVISIT names: by its number in the answer list, or by id. */
  const revisitTarget = (context: DialogContext, event: DialogEvent): string | null => {
    if (event.type !== 'REVISIT') return null;
    if (event.questionId) return event.questionId;
    return answerList(flow, context).find((entry) => entry.number === event.number)?.questionId ?? null;
  };

  /** Who already answered, ticked or skipped a question, and what, for "already answered by …". */
  const already = (context: DialogContext, question: Question): { by: string; answer: Param } => {
    const skip = context.skips[question.id];
    const answer = context.answers[question.id];
    const ticks = Object.values(context.checks[question.id] ?? {});
    const who = skip?.by ?? answer?.by ?? ticks.at(-1)?.by;
    return {
      by: who ? actorName(who) : '?',
      answer: skip || !answer ? { key: 'answer.skipped' } : answerParam(question, answer.value),
    };
  };

  /** The outcome for a question that is not the current one. */
  const stale = ({ context, event }: Ctx): Outcome => {
    const question = questionFor(context, event);
    if (question && isComplete(question, context)) {
      return { kind: 'alreadyAnswered', questionId: question.id, ...already(context, question) };
    }
    return { kind: 'notCurrent', questionId: questionIdOf(event) ?? '' };
  };

  const machine = setup({
    types: {} as {
      context: DialogContext;
      events: DialogEvent;
      input: { locale: Locale };
    },
    actions: {
      /** No effect: the engine reads the outcome from the actions `transition()` returns. */
      report: (_: unknown, _outcome: Outcome) => {},
      touch: update(({ event }) => ({ lastActivityAt: event.at })),
      enterStep: updateFor(({ context }, { step }) => ({
        cursor: stepOf(flow, context.cursor) === step ? context.cursor : firstOpen(flow, step, context),
      })),
      cursorToLastOf: updateFor(({ context }, { step }) => ({ cursor: lastOfStep(flow, step, context) })),
      cursorToRevisit: update(({ context, event }) => ({ cursor: revisitTarget(context, event) })),
      cursorBack: update(({ context }) => {
        const step = stepOf(flow, context.cursor);
        if (!step || !context.cursor) return {};
        return { cursor: previousInStep(flow, step, context.cursor, context) ?? context.cursor };
      }),
      /**
       * After an answer: stay on a question that is not done yet (a "no", a failed test), else ask the next open one.
       * When the step has none left the cursor is cleared and the gate carries the team on to the first step that
       * still asks something: after a changed answer, that is where the team was.
       */
      advance: update(({ context }) => {
        const question = context.cursor ? findQuestion(flow, context.cursor) : undefined;
        if (!question || !isComplete(question, context)) return {};
        return { cursor: nextOpenAfter(flow, question.step, question.id, context) };
      }),
      recordAnswer: update(({ context, event }) => {
        const question = questionFor(context, event);
        if (!question) return {};
        const value =
          event.type === 'RECORD_TEST'
            ? normalizeAnswer(question, { status: event.status, ...(event.note ? { note: event.note } : {}) })
            : event.type === 'ANSWER'
              ? normalizeAnswer(question, event.value)
              : null;
        if (value === null) return {};
        const previous = context.answers[question.id];
        const skipped = context.skips[question.id];
        const { [question.id]: _replaced, ...skips } = context.skips;
        return {
          answers: { ...context.answers, [question.id]: { value, ...stamp(event) } },
          skips,
          revisions:
            previous || skipped
              ? [
                  ...context.revisions,
                  {
                    questionId: question.id,
                    previous: {
                      ...(previous ? { answer: previous } : {}),
                      ...(skipped ? { skip: skipped } : {}),
                    },
                    replacedBy: stamp(event),
                  },
                ]
              : context.revisions,
        };
      }),
      recordCheck: update(({ context, event }) => {
        if (event.type !== 'CHECK') return {};
        const question = findQuestion(flow, event.questionId);
        const ticks = { ...(context.checks[event.questionId] ?? {}) };
        const previous = ticks[event.itemId];
        if (event.checked) ticks[event.itemId] = previous ?? stamp(event);
        else delete ticks[event.itemId];
        // A skipped checklist whose last open item is ticked is no longer skipped: it is done.
        const allTicked = question?.kind === 'checklist' && question.items.every((item) => ticks[item]);
        const { [event.questionId]: _done, ...otherSkips } = context.skips;
        return {
          checks: { ...context.checks, [event.questionId]: ticks },
          ...(allTicked ? { skips: otherSkips } : {}),
          revisions:
            previous && !event.checked
              ? [
                  ...context.revisions,
                  {
                    questionId: event.questionId,
                    itemId: event.itemId,
                    previous: { check: previous },
                    replacedBy: stamp(event),
                  },
                ]
              : context.revisions,
        };
      }),
      recordSkip: update(({ context, event }) => {
        const question = questionFor(context, event);
        if (!question || event.type !== 'SKIP') return {};
        const reason = event.reason?.trim();
        return {
          skips: { ...context.skips, [question.id]: { ...stamp(event), ...(reason ? { reason } : {}) } },
        };
      }),
      start: update(({ context, event }) => ({ startedAt: context.startedAt ?? event.at })),
      // The first time through all steps counts: a changed answer later does not make the team finish anew.
      finish: update(({ context, event }) => ({ doneAt: context.doneAt ?? event.at, cursor: null })),
      reset: update(({ context, event }) => ({
        ...emptyContext(context.locale),
        // What was answered before a confirmed restart stays readable in the revisions.
        revisions: [
          ...context.revisions,
          ...Object.entries(context.answers).map(([questionId, answer]) => ({
            questionId,
            previous: { answer },
            replacedBy: stamp(event),
          })),
        ],
        startedAt: event.at,
        lastActivityAt: event.at,
      })),
      setLocale: update(({ event }) => (event.type === 'SET_LOCALE' ? { locale: event.locale } : {})),
      snooze: update(({ event }) => {
        const until = event.type === 'SNOOZE' ? snoozeUntil(event) : null;
        return until ? { snoozedUntil: until } : {};
      }),
      setReminders: update(({ context, event }) => {
        if (event.type !== 'REMINDERS') return {};
        const { off: _off, ...rest } = context.reminders ?? {};
        return {
          reminders: event.on ? rest : { ...rest, off: { ...stamp(event), reason: 'asked' } },
          ...(event.on ? { snoozedUntil: null } : {}),
        };
      }),
      setOwner: update(({ context, event }) => {
        const step = event.type === 'SET_OWNER' ? ownerStep(context, event) : null;
        if (event.type !== 'SET_OWNER' || !step) return {};
        const { [step]: _previous, ...owners } = context.reminders?.owners ?? {};
        return {
          reminders: {
            ...context.reminders,
            owners: event.owner ? { ...owners, [step]: { ...stamp(event), owner: event.owner } } : owners,
          },
        };
      }),
      setTarget: update(({ context, event }) => {
        if (event.type !== 'SET_TARGET') return {};
        const { target: _target, ...rest } = context.reminders ?? {};
        return {
          reminders: event.date ? { ...rest, target: { ...stamp(event), date: event.date } } : rest,
        };
      }),
      setCalendar: update(({ context, event }) =>
        event.type === 'SET_CALENDAR'
          ? {
              reminders: {
                ...context.reminders,
                ...(event.timeZone ? { timeZone: event.timeZone } : {}),
                ...(event.holidays ? { holidays: event.holidays } : {}),
              },
            }
          : {},
      ),
      claimNudge: update(({ context, event }) =>
        event.type === 'NUDGE_CLAIM'
          ? { reminders: { ...context.reminders, pending: { id: event.nudgeId, at: event.at } } }
          : {},
      ),
      nudgeSent: update(({ context, event }) => {
        if (event.type !== 'NUDGE_SENT') return {};
        const { pending: _pending, ...rest } = context.reminders ?? {};
        return {
          reminders: {
            ...rest,
            sent: (rest.sent ?? 0) + 1,
            nudges: [...(rest.nudges ?? []), { id: event.nudgeId, at: event.at }].slice(-MAX_NUDGE_MARKS),
          },
        };
      }),
      releaseNudge: update(({ context }) => {
        const { pending: _pending, ...rest } = context.reminders ?? {};
        return { reminders: rest };
      }),
      channelGone: update(({ context, event }) => {
        const { pending: _pending, ...rest } = context.reminders ?? {};
        return { reminders: { ...rest, off: { ...stamp(event), reason: 'channelGone' } } };
      }),
    },
    guards: {
      /** The event names a question that exists in this flow. */
      knownQuestion: ({ event }) => {
        const id = questionIdOf(event);
        return id !== undefined && findQuestion(flow, id) !== undefined;
      },
      namesQuestion: ({ event }) => questionIdOf(event) !== undefined,
      /** The event is about the question being asked now (not an earlier message's button). */
      isCurrent: ({ context, event }) => questionIdOf(event) === context.cursor,
      /** The question the event names was completed earlier (answered, ticked or skipped). */
      wasCompleted: ({ context, event }) => {
        const question = questionFor(context, event);
        return question !== undefined && isComplete(question, context);
      },
      answerFits: ({ context, event }) => {
        const question = questionFor(context, event);
        if (!question) return false;
        if (event.type === 'ANSWER')
          return question.kind !== 'testcase' && checkAnswer(question, event.value).ok;
        if (event.type === 'RECORD_TEST')
          return question.kind === 'testcase' && normalizeAnswer(question, { status: event.status }) !== null;
        if (event.type === 'CHECK')
          return question.kind === 'checklist' && question.items.includes(event.itemId);
        return false;
      },
      mayBeSkipped: ({ context, event }) => questionFor(context, event)?.skip !== 'never',
      hasReasonIfNeeded: ({ context, event }) =>
        event.type === 'SKIP' &&
        (questionFor(context, event)?.skip === 'free' || (event.reason?.trim().length ?? 0) >= 2),
      currentIsComplete: ({ context }) => {
        const question = context.cursor ? findQuestion(flow, context.cursor) : undefined;
        return question !== undefined && isComplete(question, context);
      },
      atFirstOfStep: ({ context }) => {
        const step = stepOf(flow, context.cursor);
        return (
          step !== null &&
          context.cursor !== null &&
          previousInStep(flow, step, context.cursor, context) === null
        );
      },
      /** The gate out of a step: every question it asks is done, and none is being revisited. */
      stepDone: ({ context }, params: { step: StepId }) =>
        context.cursor === null && isStepComplete(flow, params.step, context),
      /** A REVISIT to a question of this step that the team may go back to. */
      revisits: ({ context, event }, params: { step: StepId }) => {
        const target = revisitTarget(context, event);
        return target !== null && stepOf(flow, target) === params.step && mayRevisit(flow, target, context);
      },
      confirmed: ({ event }) => event.type === 'RESTART' && event.confirmed,
      snoozeFits: ({ event }) => event.type === 'SNOOZE' && snoozeUntil(event) !== null,
      ownerFits: ({ context, event }) => event.type === 'SET_OWNER' && ownerStep(context, event) !== null,
      /** A real date, today or later (in UTC; a day either side does not matter for a launch date). */
      targetFits: ({ event }) =>
        event.type === 'SET_TARGET' &&
        (event.date === null || (isIsoDate(event.date) && event.date >= event.at.slice(0, 10))),
      calendarFits: ({ event }) =>
        event.type === 'SET_CALENDAR' &&
        (event.timeZone !== undefined || event.holidays !== undefined) &&
        (event.timeZone === undefined || isValidTimeZone(event.timeZone)) &&
        (event.holidays === undefined || parseHolidayRegion(event.holidays) !== null),
      /**
       * A nudge may be claimed when it was not sent before and no other claim holds: none is pending, or the pending
       * one's lease ran out (its sweep died) and this is the same nudge being taken over.
       */
      mayClaim: ({ context, event }) => {
        if (event.type !== 'NUDGE_CLAIM') return false;
        const reminders = context.reminders ?? {};
        if (reminders.off || reminders.nudges?.some((mark) => mark.id === event.nudgeId)) return false;
        const pending = reminders.pending;
        if (!pending) return true;
        return pending.id === event.nudgeId && Date.parse(pending.at) + event.leaseMs <= Date.parse(event.at);
      },
      holdsClaim: ({ context, event }) =>
        (event.type === 'NUDGE_SENT' || event.type === 'NUDGE_RELEASE') &&
        context.reminders?.pending?.id === event.nudgeId,
    },
  }).createMachine({
    id: 'paysetup',
    initial: 'welcome',
    context: ({ input }) => emptyContext(input.locale),
    on: {
      // Handled the same in every state unless a state says otherwise.
      HELP: { actions: report(() => ({ kind: 'help' })) },
      STATUS: { actions: report(() => ({ kind: 'status' })) },
      ANSWERS: { actions: report(() => ({ kind: 'answers' })) },
      SET_LOCALE: {
        actions: [
          'setLocale',
          report(({ event }) => ({
            kind: 'localeChanged',
            locale: event.type === 'SET_LOCALE' ? event.locale : 'de',
          })),
        ],
      },
      SNOOZE: [
        {
          guard: 'snoozeFits',
          actions: [
            'snooze',
            report(({ context }) => ({
              kind: 'snoozed',
              until: context.snoozedUntil ?? '',
              timeZone: calendarOf(context, policy).timeZone,
            })),
          ],
        },
        { actions: report(() => ({ kind: 'settingRefused', setting: 'snooze' })) },
      ],
      REMINDERS: {
        actions: [
          'setReminders',
          report(({ event }) => ({ kind: 'reminders', on: event.type === 'REMINDERS' && event.on })),
        ],
      },
      SET_OWNER: [
        {
          guard: 'ownerFits',
          actions: [
            'setOwner',
            report(({ context, event }) => {
              const step = event.type === 'SET_OWNER' ? ownerStep(context, event) : null;
              const owner = step ? context.reminders?.owners?.[step]?.owner : undefined;
              return {
                kind: 'ownerSet',
                step: step ? flow.steps.indexOf(step) + 1 : 0,
                owner: owner ? actorName(owner) : null,
              };
            }),
          ],
        },
        { actions: report(() => ({ kind: 'settingRefused', setting: 'owner' })) },
      ],
      SET_TARGET: [
        {
          guard: 'targetFits',
          actions: [
            'setTarget',
            report(({ event }) => ({
              kind: 'targetSet',
              date: event.type === 'SET_TARGET' ? event.date : null,
            })),
          ],
        },
        { actions: report(() => ({ kind: 'settingRefused', setting: 'target' })) },
      ],
      SET_CALENDAR: [
        {
          guard: 'calendarFits',
          actions: [
            'setCalendar',
            report(({ context }) => ({
              kind: 'calendarSet',
              ...(context.reminders?.timeZone ? { timeZone: context.reminders.timeZone } : {}),
              ...(context.reminders?.holidays ? { holidays: context.reminders.holidays } : {}),
            })),
          ],
        },
        { actions: report(() => ({ kind: 'settingRefused', setting: 'calendar' })) },
      ],
      NUDGE_CLAIM: [
        { guard: 'mayClaim', actions: ['claimNudge', report(() => ({ kind: 'nudge', ok: true }))] },
        { actions: report(() => ({ kind: 'nudge', ok: false })) },
      ],
      NUDGE_SENT: [
        { guard: 'holdsClaim', actions: ['nudgeSent', report(() => ({ kind: 'nudge', ok: true }))] },
        { actions: report(() => ({ kind: 'nudge', ok: false })) },
      ],
      NUDGE_RELEASE: [
        { guard: 'holdsClaim', actions: ['releaseNudge', report(() => ({ kind: 'nudge', ok: true }))] },
        { actions: report(() => ({ kind: 'nudge', ok: false })) },
      ],
      CHANNEL_GONE: { actions: ['channelGone', report(() => ({ kind: 'nudge', ok: true }))] },
      RESTART: [
        { guard: 'confirmed', target: '.setup', actions: ['reset', report(() => ({ kind: 'restarted' }))] },
        { actions: report(() => ({ kind: 'restartConfirm' })) },
      ],
      REVISIT: [
        ...flow.steps.map((step) => ({
          guard: { type: 'revisits' as const, params: { step } },
          target: `.${step}`,
          actions: [
            'cursorToRevisit',
            'touch',
            report(({ context }) => ({ kind: 'revisiting', questionId: context.cursor ?? '' })),
          ] as const,
        })),
        {
          actions: report(({ context, event }): Outcome => {
            const target = revisitTarget(context, event);
            return target === null
              ? {
                  kind: 'cannotRevisit',
                  reason: 'unknownNumber',
                  ...(event.type === 'REVISIT' && event.number !== undefined ? { number: event.number } : {}),
                }
              : { kind: 'cannotRevisit', reason: 'notReached' };
          }),
        },
      ],
      START: { actions: report(() => ({ kind: 'resumed' })) },
      ANSWER: { actions: report(() => ({ kind: 'notStarted' })) },
      CHECK: { actions: report(() => ({ kind: 'notStarted' })) },
      RECORD_TEST: { actions: report(() => ({ kind: 'notStarted' })) },
      SKIP: { actions: report(() => ({ kind: 'notStarted' })) },
      NEXT: { actions: report(() => ({ kind: 'notStarted' })) },
      BACK: { actions: report(() => ({ kind: 'notStarted' })) },
    },
    states: {
      welcome: {
        on: {
          START: { target: 'setup', actions: ['start', 'touch', report(() => ({ kind: 'started' }))] },
          REVISIT: { actions: report(() => ({ kind: 'notStarted' })) },
        },
      },
      ...stepStates(flow),
      done: {
        entry: 'finish',
        on: {
          // After the last step an answer has nowhere to go: the reply says where the team stands and what it can do.
          ANSWER: [
            { guard: 'wasCompleted', actions: report(stale) },
            { actions: report(() => ({ kind: 'done' })) },
          ],
          CHECK: [
            { guard: 'wasCompleted', actions: report(stale) },
            { actions: report(() => ({ kind: 'done' })) },
          ],
          RECORD_TEST: [
            { guard: 'wasCompleted', actions: report(stale) },
            { actions: report(() => ({ kind: 'done' })) },
          ],
          START: { actions: report(() => ({ kind: 'resumed', done: true })) },
          SKIP: { actions: report(() => ({ kind: 'done' })) },
          NEXT: { actions: report(() => ({ kind: 'done' })) },
          BACK: {
            target: flow.steps.at(-1) ?? 'welcome',
            actions: [
              { type: 'cursorToLastOf', params: { step: flow.steps.at(-1) as StepId } },
              'touch',
              report(() => ({ kind: 'moved' })),
            ],
          },
        },
      },
    },
  });
  return machine;

  /** One state per step: answer, tick, test, skip, next and back, and the gate to the following step. */
  function stepStates(f: Flow) {
    type StepState = {
      entry: { type: 'enterStep'; params: { step: StepId } };
      always: { guard: { type: 'stepDone'; params: { step: StepId } }; target: string };
      on: Record<string, unknown>;
    };
    const states = {} as Record<StepId, StepState>;
    f.steps.forEach((step, index) => {
      const next = f.steps[index + 1] ?? 'done';
      const previous = f.steps[index - 1];
      const record = (recordAction: 'recordAnswer' | 'recordCheck', outcome: (ctx: Ctx) => Outcome) => [
        { guard: not('knownQuestion'), actions: report(() => ({ kind: 'unknownQuestion' })) },
        { guard: not('isCurrent'), actions: report(stale) },
        {
          guard: not('answerFits'),
          actions: report(({ context, event }) => {
            const question = questionFor(context, event);
            const checked = question && event.type === 'ANSWER' ? checkAnswer(question, event.value) : null;
            return {
              kind: 'invalid',
              questionId: question?.id ?? '',
              reason: checked && !checked.ok ? checked.reason : { code: 'choice' },
            };
          }),
        },
        { actions: [recordAction, report(outcome), 'touch', 'advance'] },
      ];
      const recorded = ({ context, event }: Ctx): Outcome => {
        const question = questionFor(context, event) as Question;
        const answer = context.answers[question.id];
        return {
          kind: 'recorded',
          questionId: question.id,
          answer: answer ? answerParam(question, answer.value) : '',
          by: actorName(event.by),
        };
      };
      const checked = ({ event }: Ctx): Outcome => ({
        kind: 'checked',
        questionId: questionIdOf(event) ?? '',
        items: event.type === 'CHECK' ? [{ itemId: event.itemId, checked: event.checked }] : [],
        by: actorName(event.by),
      });
      const current = ({ context }: Ctx) => context.cursor ?? '';
      states[step] = {
        entry: { type: 'enterStep', params: { step } },
        always: { guard: { type: 'stepDone', params: { step } }, target: next },
        on: {
          ANSWER: record('recordAnswer', recorded),
          RECORD_TEST: record('recordAnswer', recorded),
          CHECK: record('recordCheck', checked),
          SKIP: [
            {
              guard: and(['namesQuestion', not('knownQuestion')]),
              actions: report(() => ({ kind: 'unknownQuestion' })),
            },
            { guard: and(['namesQuestion', not('isCurrent')]), actions: report(stale) },
            {
              guard: not('mayBeSkipped'),
              actions: report((ctx) => ({ kind: 'skipNotAllowed', questionId: current(ctx) })),
            },
            {
              guard: not('hasReasonIfNeeded'),
              actions: report((ctx) => ({ kind: 'needsReason', questionId: current(ctx) })),
            },
            {
              actions: [
                'recordSkip',
                report(({ context, event }) => {
                  const reason = event.type === 'SKIP' ? event.reason?.trim() : undefined;
                  return {
                    kind: 'skipped',
                    questionId: context.cursor ?? '',
                    by: actorName(event.by),
                    ...(reason ? { reason } : {}),
                  };
                }),
                'touch',
                'advance',
              ],
            },
          ],
          NEXT: [
            { guard: 'currentIsComplete', actions: ['advance', 'touch', report(() => ({ kind: 'moved' }))] },
            { actions: report((ctx) => ({ kind: 'nextBlocked', questionId: current(ctx) })) },
          ],
          BACK: [
            previous
              ? {
                  guard: 'atFirstOfStep',
                  target: previous,
                  actions: [
                    { type: 'cursorToLastOf', params: { step: previous } },
                    'touch',
                    report(() => ({ kind: 'moved' })),
                  ],
                }
              : { guard: 'atFirstOfStep', actions: report(() => ({ kind: 'atStart' })) },
            { actions: ['cursorBack', 'touch', report(() => ({ kind: 'moved' }))] },
          ],
        },
      };
    });
    return states;
  }
}

export type DialogMachine = ReturnType<typeof createDialogMachine>;
