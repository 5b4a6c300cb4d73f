import { and, assign, not, setup } from 'xstate';
import type { Flow, Question, StepId } from '../../flows/types';
import {
  type DialogContext,
  emptyContext,
  type Locale,
  type Message,
  type Param,
  type Stamp,
} from './context';
import type { DialogEvent } from './events';
import {
  findQuestion,
  firstOpen,
  isComplete,
  isStepComplete,
  lastOfStep,
  nextOpenAfter,
  normalizeAnswer,
  previousInStep,
} from './progress';
import { actorName, answerParam, itemParam, promptParam } from './wording';

type Ctx = { context: DialogContext; event: DialogEvent };

/** A context update for any event. */
const update = (fn: (ctx: Ctx) => Partial<DialogContext>) =>
  assign<DialogContext, DialogEvent, undefined, DialogEvent, never>(fn);

/** A context update that knows which step it is for. */
const updateFor = (fn: (ctx: Ctx, params: { step: StepId }) => Partial<DialogContext>) =>
  assign<DialogContext, DialogEvent, { step: StepId }, DialogEvent, never>(fn);

const stamp = (event: DialogEvent): Stamp => ({ by: event.by, at: event.at, channel: event.channel });

const questionIdOf = (event: DialogEvent): string | undefined =>
  'questionId' in event && typeof event.questionId === 'string' ? event.questionId : undefined;

/** The state a step lives in is named after the step; `welcome` before the first, `done` after the last. */
function stepOf(flow: Flow, questionId: string | null): StepId | null {
  return questionId ? (findQuestion(flow, questionId)?.step ?? null) : null;
}

/**
 * The dialog as one XState machine: a state per step, the question being asked in `context.cursor`, gates as named
 * guards. It never touches I/O: the engine feeds it stamped events and stores what comes out.
 */
export function createDialogMachine(flow: Flow) {
  const questionFor = (context: DialogContext, event: DialogEvent): Question | undefined => {
    const id = questionIdOf(event) ?? context.cursor;
    return id ? findQuestion(flow, id) : undefined;
  };

  /** Who already answered, ticked or skipped a question, for "already answered by …". */
  const alreadyBy = (context: DialogContext, question: Question): Param => {
    const skip = context.skips[question.id];
    const answer = context.answers[question.id];
    const ticks = Object.values(context.checks[question.id] ?? {});
    const who = skip?.by ?? answer?.by ?? ticks.at(-1)?.by;
    return who ? actorName(who) : '?';
  };

  const notice = (key: string | ((ctx: Ctx) => string), params?: (ctx: Ctx) => Record<string, Param>) =>
    update((ctx): { notice: Message } => {
      const name = `notice.${typeof key === 'string' ? key : key(ctx)}`;
      return { notice: params ? { key: name, params: params(ctx) } : { key: name } };
    });

  const currentParams = ({ context }: Ctx): Record<string, Param> => ({
    question: promptParam(context.cursor),
  });

  const machine = setup({
    types: {} as {
      context: DialogContext;
      events: DialogEvent;
      input: { locale: Locale };
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
          return question.kind !== 'testcase' && normalizeAnswer(question, event.value) !== null;
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
      confirmed: ({ event }) => event.type === 'RESTART' && event.confirmed,
    },
    actions: {
      touch: update(({ event }) => ({ lastActivityAt: event.at })),
      enterStep: updateFor(({ context }, { step }) => ({
        cursor: stepOf(flow, context.cursor) === step ? context.cursor : firstOpen(flow, step, context),
      })),
      cursorToLastOf: updateFor(({ context }, { step }) => ({ cursor: lastOfStep(flow, step, context) })),
      cursorBack: update(({ context }) => {
        const step = stepOf(flow, context.cursor);
        if (!step || !context.cursor) return {};
        return { cursor: previousInStep(flow, step, context.cursor, context) ?? context.cursor };
      }),
      /** After an answer: stay on a question that is not done yet (a "no", a failed test), else ask the next open one. */
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
        const ticks = { ...(context.checks[event.questionId] ?? {}) };
        const previous = ticks[event.itemId];
        if (event.checked) ticks[event.itemId] = previous ?? stamp(event);
        else delete ticks[event.itemId];
        return {
          checks: { ...context.checks, [event.questionId]: ticks },
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
      finish: update(({ event }) => ({ doneAt: event.at, cursor: null })),
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
      snooze: update(({ event }) => (event.type === 'SNOOZE' ? { snoozedUntil: event.until } : {})),
      noticeRecorded: notice('answer.recorded', ({ context, event }) => {
        const question = questionFor(context, event);
        const answer = question ? context.answers[question.id] : undefined;
        return {
          question: promptParam(question?.id ?? null),
          answer: question && answer ? answerParam(question, answer.value) : '',
          by: actorName(event.by),
        };
      }),
      noticeChecked: notice(
        ({ event }) => (event.type === 'CHECK' && !event.checked ? 'check.unticked' : 'check.ticked'),
        ({ event }) => ({
          item: event.type === 'CHECK' ? itemParam(event.questionId, event.itemId) : '',
          by: actorName(event.by),
        }),
      ),
      noticeSkipped: notice('skip.recorded', ({ context, event }) => ({
        question: promptParam(questionFor(context, event)?.id ?? null),
        by: actorName(event.by),
      })),
      noticeAlreadyAnswered: notice('answer.already', ({ context, event }) => {
        const question = questionFor(context, event);
        const answer = question ? context.answers[question.id] : undefined;
        return {
          question: promptParam(question?.id ?? null),
          by: question ? alreadyBy(context, question) : '?',
          answer: question && answer ? answerParam(question, answer.value) : { key: 'answer.skipped' },
        };
      }),
      noticeNotCurrent: notice('answer.notCurrent', ({ event }) => ({
        question: promptParam(questionIdOf(event) ?? null),
      })),
      noticeUnknownQuestion: notice('answer.unknownQuestion', currentParams),
      noticeInvalid: notice('answer.invalid', ({ context, event }) => {
        const question = questionFor(context, event);
        return {
          question: promptParam(question?.id ?? null),
          hint: {
            key: question?.kind === 'text' ? `flow:questions.${question.id}.invalid` : 'answer.invalidChoice',
          },
        };
      }),
      noticeSkipNotAllowed: notice('skip.notAllowed', currentParams),
      noticeSkipNeedsReason: notice('skip.needsReason', currentParams),
      noticeNextBlocked: notice('next.blocked', currentParams),
      noticeMoved: notice('moved'),
      noticeAtStart: notice('back.atStart'),
      noticeNotStarted: notice('notStarted'),
      noticeAlreadyStarted: notice('start.resumed'),
      noticeStarted: notice('start.started'),
      noticeDoneAlready: notice('done.already'),
      noticeRestartConfirm: notice('restart.confirm'),
      noticeRestarted: notice('restart.done'),
      noticeHelp: notice('help'),
      noticeStatus: notice('status'),
      noticeLocale: notice('locale.changed'),
      noticeSnoozed: notice('snooze.set', ({ event }) => ({
        until: event.type === 'SNOOZE' ? event.until : '',
      })),
    },
  }).createMachine({
    id: 'paysetup',
    initial: 'welcome',
    context: ({ input }) => emptyContext(input.locale),
    on: {
      // Handled the same in every state unless a state says otherwise.
      HELP: { actions: 'noticeHelp' },
      STATUS: { actions: 'noticeStatus' },
      SET_LOCALE: { actions: ['setLocale', 'noticeLocale'] },
      SNOOZE: { actions: ['snooze', 'noticeSnoozed'] },
      RESTART: [
        { guard: 'confirmed', target: '.setup', actions: ['reset', 'noticeRestarted'] },
        { actions: 'noticeRestartConfirm' },
      ],
      START: { actions: 'noticeAlreadyStarted' },
      ANSWER: { actions: 'noticeNotStarted' },
      CHECK: { actions: 'noticeNotStarted' },
      RECORD_TEST: { actions: 'noticeNotStarted' },
      SKIP: { actions: 'noticeNotStarted' },
      NEXT: { actions: 'noticeNotStarted' },
      BACK: { actions: 'noticeNotStarted' },
    },
    states: {
      welcome: {
        on: { START: { target: 'setup', actions: ['start', 'touch', 'noticeStarted'] } },
      },
      ...stepStates(flow),
      done: {
        entry: 'finish',
        on: {
          START: { actions: 'noticeDoneAlready' },
          ANSWER: { actions: 'noticeDoneAlready' },
          CHECK: { actions: 'noticeDoneAlready' },
          RECORD_TEST: { actions: 'noticeDoneAlready' },
          SKIP: { actions: 'noticeDoneAlready' },
          NEXT: { actions: 'noticeDoneAlready' },
          BACK: {
            target: flow.steps.at(-1) ?? 'welcome',
            actions: [
              { type: 'cursorToLastOf', params: { step: flow.steps.at(-1) as StepId } },
              'touch',
              'noticeMoved',
            ],
          },
        },
      },
    },
  });
  return machine;

  /** One state per step: answer, tick, test, skip, next and back, and the gate to the following step. */
  function stepStates(f: Flow) {
    const states: Record<string, object> = {};
    f.steps.forEach((step, index) => {
      const next = f.steps[index + 1] ?? 'done';
      const previous = f.steps[index - 1];
      const onStale = [
        { guard: and([not('isCurrent'), 'wasCompleted']), actions: 'noticeAlreadyAnswered' },
        { guard: not('isCurrent'), actions: 'noticeNotCurrent' },
      ] as const;
      const record = (
        recordAction: 'recordAnswer' | 'recordCheck',
        noticeAction: 'noticeRecorded' | 'noticeChecked',
      ) => [
        { guard: not('knownQuestion'), actions: 'noticeUnknownQuestion' },
        ...onStale,
        { guard: not('answerFits'), actions: 'noticeInvalid' },
        { actions: [recordAction, noticeAction, 'touch', 'advance'] },
      ];
      states[step] = {
        entry: { type: 'enterStep', params: { step } },
        always: { guard: { type: 'stepDone', params: { step } }, target: next },
        on: {
          ANSWER: record('recordAnswer', 'noticeRecorded'),
          RECORD_TEST: record('recordAnswer', 'noticeRecorded'),
          CHECK: record('recordCheck', 'noticeChecked'),
          SKIP: [
            { guard: and(['namesQuestion', not('knownQuestion')]), actions: 'noticeUnknownQuestion' },
            {
              guard: and(['namesQuestion', not('isCurrent'), 'wasCompleted']),
              actions: 'noticeAlreadyAnswered',
            },
            { guard: and(['namesQuestion', not('isCurrent')]), actions: 'noticeNotCurrent' },
            { guard: not('mayBeSkipped'), actions: 'noticeSkipNotAllowed' },
            { guard: not('hasReasonIfNeeded'), actions: 'noticeSkipNeedsReason' },
            { actions: ['recordSkip', 'noticeSkipped', 'touch', 'advance'] },
          ],
          NEXT: [
            { guard: 'currentIsComplete', actions: ['advance', 'touch', 'noticeMoved'] },
            { actions: 'noticeNextBlocked' },
          ],
          BACK: [
            previous
              ? {
                  guard: 'atFirstOfStep',
                  target: previous,
                  actions: [{ type: 'cursorToLastOf', params: { step: previous } }, 'touch', 'noticeMoved'],
                }
              : { guard: 'atFirstOfStep', actions: 'noticeAtStart' },
            { actions: ['cursorBack', 'touch', 'noticeMoved'] },
          ],
        },
      };
    });
    return states;
  }
}

export type DialogMachine = ReturnType<typeof createDialogMachine>;
