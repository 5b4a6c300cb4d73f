import type { AnswerValue, Flow, StepId } from '../../flows/types';
import type { DialogContext, Locale, Stamp } from './context';
import type { DialogEngine, TeamStatus } from './engine';
import { formatDate, formatDateTime, render, renderParam, text } from './i18n';
import { type OpenItem, openItemMessage, openItems, taskKey } from './open-items';
import { answerList, findQuestion, isComplete, isTestResult, lookup, questionsOf } from './progress';
import { adviceFor } from './reply';
import { actorName, answerParam } from './wording';

/**
 * The team's integration plan, as a tech lead pastes it into a ticket: a summary of the setup, the open items as
 * tasks, the test plan with cards, simulation codes and results, every answer, the advice, and who did what when.
 * Rendered as Markdown, as JSON (ids next to labels), or the open items as CSV.
 */

export interface PlanField {
  id: string;
  label: string;
  /** What is shown; "–" when not answered. */
  value: string;
  /** The answer's ids (choice ids), for tools reading the JSON. */
  ids?: AnswerValue;
}

export interface PlanOpenItem {
  number?: number;
  step: StepId;
  kind: OpenItem['kind'];
  questionId: string;
  itemId?: string;
  gapId?: string;
  task: string;
  /** The whole line as shown ("Erstattungstest durchführen – übersprungen: …"). */
  text: string;
  reason?: string;
  note?: string;
}

export interface PlanTest {
  questionId: string;
  title: string;
  card?: string;
  code?: string;
  status: 'passed' | 'failed' | 'skipped' | 'open';
  note?: string;
  reason?: string;
}

export interface PlanEntry {
  number?: number;
  id: string;
  question: string;
  status: 'answered' | 'skipped' | 'open' | 'passed' | 'failed';
  answer?: string;
  /** The answer's ids, for tools reading the JSON. */
  value?: AnswerValue;
  note?: string;
  items?: { id: string; label: string; done: boolean }[];
}

export interface PlanEvent {
  at: string;
  by: string;
  channel: string;
  questionId: string;
  question: string;
  answer: string;
}

export interface IntegrationPlan {
  team: string;
  locale: Locale;
  generatedAt: string;
  completedSteps: number;
  totalSteps: number;
  done: boolean;
  summary: PlanField[];
  openItems: PlanOpenItem[];
  testPlan: PlanTest[];
  steps: { id: StepId; title: string; entries: PlanEntry[] }[];
  advice: { step: StepId; id: string; text: string }[];
  /** What the team said the customer sees on a decline: shown next to the decline advice. */
  declineExperience?: string;
  history: PlanEvent[];
}

const promptOf = (locale: Locale, questionId: string) => text(locale, `flow:questions.${questionId}.prompt`);

function answerText(flow: Flow, locale: Locale, questionId: string, value: AnswerValue): string {
  const question = findQuestion(flow, questionId);
  return question ? renderParam(locale, answerParam(question, value)) : String(value);
}

function summaryOf(flow: Flow, status: TeamStatus, context: DialogContext, locale: Locale): PlanField[] {
  const none = text(locale, 'report.none');
  const fields: PlanField[] = flow.profile(lookup(context)).map((field) => {
    const label = text(locale, `report.field.${field.id}`);
    const answer = field.questionId ? context.answers[field.questionId] : undefined;
    const shown =
      answer && field.questionId ? answerText(flow, locale, field.questionId, answer.value) : undefined;
    const value =
      shown && field.detail
        ? `${shown} (${field.detail})`
        : (shown ??
          field.detail ??
          (field.id === 'integration' ? text(locale, 'report.noIntegration') : none));
    return { id: field.id, label, value, ...(answer ? { ids: answer.value } : {}) };
  });
  const progress = status.done
    ? text(locale, 'report.progressDone', { total: status.totalSteps })
    : status.stepId && typeof status.step === 'number'
      ? text(locale, 'report.progressStep', {
          number: status.step,
          total: status.totalSteps,
          step: text(locale, `flow:steps.${status.stepId}.title`),
        })
      : text(locale, 'report.progressNew');
  fields.push({ id: 'progress', label: text(locale, 'report.field.progress'), value: progress });
  const { reminders } = status;
  fields.push({
    id: 'owners',
    label: text(locale, 'report.field.owners'),
    value:
      reminders.owners.length === 0
        ? none
        : reminders.owners
            .map((owner) => text(locale, 'report.ownerEntry', { number: owner.step, owner: owner.name }))
            .join('; '),
  });
  const target = reminders.target;
  fields.push({
    id: 'target',
    label: text(locale, 'report.field.target'),
    value:
      target === null || reminders.daysToTarget === null
        ? none
        : reminders.daysToTarget >= 0
          ? text(locale, 'report.targetDays', {
              date: formatDate(locale, target),
              count: reminders.daysToTarget,
            })
          : text(locale, 'report.targetPassed', { date: formatDate(locale, target) }),
  });
  fields.push({
    id: 'reminders',
    label: text(locale, 'report.field.reminders'),
    value: reminders.nextNudgeAt
      ? text(locale, 'report.remindersNext', {
          date: formatDateTime(locale, reminders.nextNudgeAt, reminders.timeZone),
        })
      : text(locale, `report.remindersNone.${reminders.none ?? 'off'}`),
  });
  return fields;
}

function openItemsOf(flow: Flow, context: DialogContext, locale: Locale): PlanOpenItem[] {
  return openItems(flow, context).map((item) => ({
    ...(item.number !== undefined ? { number: item.number } : {}),
    step: item.step,
    kind: item.kind,
    questionId: item.questionId,
    ...('itemId' in item ? { itemId: item.itemId } : {}),
    ...('gapId' in item ? { gapId: item.gapId } : {}),
    task: text(locale, taskKey(item)),
    text: render(locale, openItemMessage(item)),
    ...('reason' in item && item.reason ? { reason: item.reason } : {}),
    ...('skipReason' in item && item.skipReason ? { reason: item.skipReason } : {}),
    ...('note' in item && item.note ? { note: item.note } : {}),
  }));
}

function testPlanOf(flow: Flow, context: DialogContext, locale: Locale): PlanTest[] {
  return questionsOf(flow, 'test', context)
    .filter((q) => q.kind === 'testcase')
    .map((question) => {
      const answer = context.answers[question.id]?.value;
      const skip = context.skips[question.id];
      const result = answer !== undefined && isTestResult(answer) ? answer : undefined;
      const status: PlanTest['status'] =
        result?.status === 'passed' ? 'passed' : skip ? 'skipped' : result ? 'failed' : 'open';
      const params = question.kind === 'testcase' ? (question.params ?? {}) : {};
      return {
        questionId: question.id,
        title: text(locale, `flow:questions.${question.id}.title`),
        ...(params.card ? { card: params.card } : {}),
        ...(params.code ? { code: params.code } : {}),
        status,
        ...(result?.note ? { note: result.note } : {}),
        ...(skip?.reason ? { reason: skip.reason } : {}),
      };
    });
}

function stepsOf(flow: Flow, context: DialogContext, locale: Locale): IntegrationPlan['steps'] {
  const numbers = new Map(answerList(flow, context).map((entry) => [entry.questionId, entry.number]));
  return flow.steps.map((step) => ({
    id: step,
    title: text(locale, `flow:steps.${step}.title`),
    entries: questionsOf(flow, step, context).map((question): PlanEntry => {
      const number = numbers.get(question.id);
      const entry: PlanEntry = {
        ...(number !== undefined ? { number } : {}),
        id: question.id,
        question: promptOf(locale, question.id),
        status: 'open',
      };
      const answer = context.answers[question.id];
      const skip = context.skips[question.id];
      if (question.kind === 'checklist') {
        entry.items = question.items.map((item) => ({
          id: item,
          label: text(locale, `flow:questions.${question.id}.items.${item}`),
          done: context.checks[question.id]?.[item] !== undefined,
        }));
        if (skip) entry.status = 'skipped';
        else if (isComplete(question, context)) entry.status = 'answered';
        if (skip?.reason) entry.note = skip.reason;
        return entry;
      }
      if (skip) {
        entry.status = 'skipped';
        if (skip.reason) entry.note = skip.reason;
      } else if (answer) {
        entry.answer = answerText(flow, locale, question.id, answer.value);
        entry.value = answer.value;
        entry.status = isTestResult(answer.value) ? answer.value.status : 'answered';
        if (isTestResult(answer.value) && answer.value.note) entry.note = answer.value.note;
      }
      return entry;
    }),
  }));
}

/** Who answered, ticked or skipped what and when: the current answers and every earlier version, oldest first. */
function historyOf(flow: Flow, context: DialogContext, locale: Locale): PlanEvent[] {
  const events: PlanEvent[] = [];
  const add = (stamp: Stamp, questionId: string, answer: string) =>
    events.push({
      at: stamp.at,
      by: actorName(stamp.by),
      channel: stamp.channel,
      questionId,
      question: promptOf(locale, questionId),
      answer,
    });
  const skipped = (reason?: string) =>
    reason ? text(locale, 'answer.skippedBecause', { reason }) : text(locale, 'answer.skipped');
  const item = (questionId: string, itemId: string) =>
    text(locale, `flow:questions.${questionId}.items.${itemId}`);
  for (const [questionId, answer] of Object.entries(context.answers))
    add(answer, questionId, answerText(flow, locale, questionId, answer.value));
  for (const [questionId, skip] of Object.entries(context.skips)) add(skip, questionId, skipped(skip.reason));
  for (const [questionId, ticks] of Object.entries(context.checks))
    for (const [itemId, tick] of Object.entries(ticks))
      add(tick, questionId, `✓ ${item(questionId, itemId)}`);
  for (const revision of context.revisions) {
    const { answer, skip, check } = revision.previous;
    if (answer) add(answer, revision.questionId, answerText(flow, locale, revision.questionId, answer.value));
    if (skip) add(skip, revision.questionId, skipped(skip.reason));
    if (check && revision.itemId)
      add(check, revision.questionId, `✓ ${item(revision.questionId, revision.itemId)}`);
  }
  return events
    .filter((event) => findQuestion(flow, event.questionId))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export function buildPlan(
  flow: Flow,
  status: TeamStatus,
  context: DialogContext,
  locale: Locale,
  generatedAt: string,
): IntegrationPlan {
  const advice = flow.steps.flatMap((step) =>
    status.completedSteps > flow.steps.indexOf(step) || status.done
      ? adviceFor(flow, step, context).map((m) => ({
          step,
          id: m.key.replace('flow:tips.', ''),
          text: render(locale, m),
        }))
      : [],
  );
  const experience = context.answers.decline_experience?.value;
  return {
    team: status.team,
    locale,
    generatedAt,
    completedSteps: status.completedSteps,
    totalSteps: flow.steps.length,
    done: status.done,
    summary: summaryOf(flow, status, context, locale),
    openItems: openItemsOf(flow, context, locale),
    testPlan: testPlanOf(flow, context, locale),
    steps: stepsOf(flow, context, locale),
    advice,
    ...(typeof experience === 'string' ? { declineExperience: experience } : {}),
    history: historyOf(flow, context, locale),
  };
}

/** A team's plan from one read of its record, in `locale` or else the team's own; null for a team never seen. */
export async function loadPlan(
  engine: DialogEngine,
  team: string,
  locale?: Locale,
  now = new Date(),
): Promise<IntegrationPlan | null> {
  const loaded = await engine.load(team);
  if (loaded.version === null) return null;
  const status = engine.statusOf(loaded.record);
  return buildPlan(engine.flow, status, loaded.record.context, locale ?? status.locale, now.toISOString());
}

/** The plan as Markdown, for a ticket or a Slack message. */
export function planToMarkdown(plan: IntegrationPlan): string {
  const l = plan.locale;
  const lines: string[] = [
    `# ${text(l, 'report.title', { team: plan.team })}`,
    '',
    text(l, 'report.generated', {
      date: formatDate(l, plan.generatedAt),
      completed: plan.completedSteps,
      total: plan.totalSteps,
    }),
    '',
    `## ${text(l, 'report.summary')}`,
    '',
    ...plan.summary.map((field) => `- **${field.label}:** ${field.value}`),
    '',
    `## ${text(l, 'report.open')}`,
    '',
  ];
  if (plan.openItems.length === 0) lines.push(text(l, 'report.noOpen'));
  for (const item of plan.openItems) lines.push(`- [ ] ${item.text}`);
  lines.push('', `## ${text(l, 'report.testPlan')}`, '', text(l, 'report.test.header'), '|---|---|---|---|');
  for (const test of plan.testPlan) {
    const result = [text(l, `report.test.${test.status}`), test.note, test.reason].filter(Boolean).join(': ');
    lines.push(`| ${test.title} | ${test.card ?? '–'} | ${test.code ?? '–'} | ${cell(result)} |`);
  }
  lines.push('', `## ${text(l, 'report.answers')}`);
  plan.steps.forEach((step, index) => {
    lines.push('', `### ${index + 1}. ${step.title}`);
    for (const entry of step.entries) {
      const number = entry.number !== undefined ? `${entry.number}. ` : '';
      if (entry.items) {
        lines.push(
          `- ${number}${entry.question}${entry.status === 'skipped' ? ` **${skippedText(l, entry.note)}**` : ''}`,
        );
        for (const item of entry.items) lines.push(`  - [${item.done ? 'x' : ' '}] ${item.label}`);
        continue;
      }
      lines.push(`- ${number}${entry.question} **${entryText(l, entry)}**`);
    }
  });
  lines.push('', `## ${text(l, 'report.advice')}`, '');
  for (const advice of plan.advice) {
    lines.push(`- ${advice.text}`);
    if (advice.id.startsWith('decline_') && plan.declineExperience && advice === firstDecline(plan)) {
      lines.push(`  - ${text(l, 'report.declineExperience', { text: plan.declineExperience })}`);
    }
  }
  if (plan.declineExperience && !firstDecline(plan)) {
    lines.push(`- ${text(l, 'report.declineExperience', { text: plan.declineExperience })}`);
  }
  lines.push('', `## ${text(l, 'report.history')}`, '');
  for (const event of plan.history) {
    lines.push(
      `- ${text(l, 'report.historyLine', {
        date: formatDate(l, event.at),
        by: event.by,
        channel: event.channel,
        question: event.question,
        answer: event.answer,
      })}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const firstDecline = (plan: IntegrationPlan) => plan.advice.find((a) => a.id.startsWith('decline_'));

const skippedText = (l: Locale, reason?: string) =>
  reason ? text(l, 'answer.skippedBecause', { reason }) : text(l, 'answer.skipped');

function entryText(l: Locale, entry: PlanEntry): string {
  switch (entry.status) {
    case 'open':
      return text(l, 'report.notAnswered');
    case 'skipped':
      return skippedText(l, entry.note);
    case 'failed':
      return entry.note ? `${text(l, 'report.test.failed')}: ${entry.note}` : text(l, 'report.test.failed');
    default:
      return entry.answer ?? '';
  }
}

/** A table cell: pipes and line breaks would break the Markdown table. */
const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The open items as CSV (RFC 4180), one row each, with a localized header. */
export function openItemsToCsv(plan: IntegrationPlan): string {
  const l = plan.locale;
  const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows = plan.openItems.map((item) =>
    [
      item.number !== undefined ? String(item.number) : '',
      text(l, `flow:steps.${item.step}.title`),
      item.task,
      text(l, `report.status.${item.kind}`),
      item.reason ?? item.note ?? '',
    ]
      .map(quote)
      .join(','),
  );
  return `${[text(l, 'report.csv.header'), ...rows].join('\r\n')}\r\n`;
}
