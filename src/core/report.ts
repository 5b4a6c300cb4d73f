import type { Flow, StepId } from '../../flows/types';
import type { DialogContext, Locale } from './context';
import type { TeamStatus } from './engine';
import { render, renderParam, text } from './i18n';
import { isComplete, isTestResult, questionsOf } from './progress';
import { adviceFor } from './reply';
import { actorName, answerParam } from './wording';

/**
 * The team's integration plan: every answer with who gave it, the advice it calls for, the test plan with results,
 * and what is still open. Rendered as text so a team can paste it into its ticket system, or as JSON.
 */
export interface PlanEntry {
  id: string;
  question: string;
  status: 'answered' | 'skipped' | 'open' | 'passed' | 'failed';
  answer?: string;
  by?: string;
  at?: string;
  note?: string;
  /** Earlier answers that were replaced (a failed test before it passed, a changed answer). */
  earlier?: string[];
  items?: { id: string; label: string; done: boolean; by?: string }[];
}

export interface IntegrationPlan {
  team: string;
  locale: Locale;
  generatedAt: string;
  completedSteps: number;
  totalSteps: number;
  done: boolean;
  steps: { id: StepId; title: string; entries: PlanEntry[] }[];
  advice: string[];
  open: string[];
}

export function buildPlan(
  flow: Flow,
  status: TeamStatus,
  context: DialogContext,
  locale: Locale,
  generatedAt: string,
): IntegrationPlan {
  const open: string[] = [];
  const steps = flow.steps.map((step) => {
    const entries = questionsOf(flow, step, context).map((question): PlanEntry => {
      const base = `flow:questions.${question.id}`;
      const entry: PlanEntry = { id: question.id, question: text(locale, `${base}.prompt`), status: 'open' };
      const answer = context.answers[question.id];
      const skip = context.skips[question.id];
      if (question.kind === 'checklist') {
        entry.items = question.items.map((item) => {
          const tick = context.checks[question.id]?.[item];
          const label = text(locale, `${base}.items.${item}`);
          if (!tick) open.push(label);
          return { id: item, label, done: tick !== undefined, ...(tick ? { by: actorName(tick.by) } : {}) };
        });
        if (isComplete(question, context)) entry.status = 'answered';
        return entry;
      }
      if (skip) {
        entry.status = 'skipped';
        entry.by = actorName(skip.by);
        entry.at = skip.at;
        if (skip.reason) entry.note = skip.reason;
      } else if (answer) {
        entry.answer = renderParam(locale, answerParam(question, answer.value));
        entry.by = actorName(answer.by);
        entry.at = answer.at;
        entry.status = isTestResult(answer.value) ? answer.value.status : 'answered';
        if (isTestResult(answer.value) && answer.value.note) entry.note = answer.value.note;
      }
      const earlier = context.revisions
        .filter((r) => r.questionId === question.id && r.previous.answer)
        .map((r) => renderParam(locale, answerParam(question, r.previous.answer?.value ?? '')));
      if (earlier.length > 0) entry.earlier = earlier;
      if (!isComplete(question, context)) open.push(entry.question);
      return entry;
    });
    return { id: step, title: text(locale, `flow:steps.${step}.title`), entries };
  });
  const advice = flow.steps.flatMap((step) =>
    status.completedSteps > flow.steps.indexOf(step)
      ? adviceFor(flow, step, context).map((m) => render(locale, m))
      : [],
  );
  return {
    team: status.team,
    locale,
    generatedAt,
    completedSteps: status.completedSteps,
    totalSteps: flow.steps.length,
    done: status.done,
    steps,
    advice,
    open,
  };
}

/** The plan as Markdown, for a ticket or a Slack message. */
export function planToMarkdown(plan: IntegrationPlan): string {
  const l = plan.locale;
  const lines: string[] = [
    `# ${text(l, 'report.title', { team: plan.team })}`,
    '',
    text(l, 'report.generated', {
      date: plan.generatedAt.slice(0, 10),
      completed: plan.completedSteps,
      total: plan.totalSteps,
    }),
    '',
    `## ${text(l, 'report.answers')}`,
  ];
  plan.steps.forEach((step, index) => {
    lines.push('', `### ${index + 1}. ${step.title}`);
    for (const entry of step.entries) {
      if (entry.items) {
        lines.push(`- ${entry.question}`);
        for (const item of entry.items)
          lines.push(`  - [${item.done ? 'x' : ' '}] ${item.label}${item.by ? ` (${item.by})` : ''}`);
        continue;
      }
      const earlier = entry.earlier
        ? ` (${text(l, 'report.earlier', { results: entry.earlier.join('; ') })})`
        : '';
      lines.push(`- ${entry.question} **${entryText(l, entry)}**${earlier}`);
    }
  });
  lines.push('', `## ${text(l, 'report.advice')}`, '');
  for (const advice of plan.advice) lines.push(`- ${advice}`);
  lines.push('', `## ${text(l, 'report.open')}`, '');
  if (plan.open.length === 0) lines.push(text(l, 'report.noOpen'));
  for (const item of plan.open) lines.push(`- [ ] ${item}`);
  return `${lines.join('\n')}\n`;
}

function entryText(l: Locale, entry: PlanEntry): string {
  const date = entry.at?.slice(0, 10) ?? '';
  switch (entry.status) {
    case 'open':
      return text(l, 'report.notAnswered');
    case 'skipped':
      return entry.note
        ? text(l, 'report.skippedBecause', { reason: entry.note })
        : text(l, 'report.skippedNoReason');
    case 'failed':
      return text(l, 'report.by', {
        answer: entry.note ? text(l, 'report.failedNote', { note: entry.note }) : (entry.answer ?? ''),
        by: entry.by ?? '',
        date,
      });
    default:
      return text(l, 'report.by', { answer: entry.answer ?? '', by: entry.by ?? '', date });
  }
}
