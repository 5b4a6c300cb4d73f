import type { Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import { DEFAULT_LOCALE, text } from '../core/i18n';
import { loadPlan, openItemsToCsv, planToMarkdown } from '../core/report';

/** Prints a team's integration plan (or its open items as CSV) in `locale`, else the team's own; false when unknown. */
export async function printPlan(
  engine: DialogEngine,
  team: string,
  locale: Locale | undefined,
  format: 'md' | 'json' | 'csv',
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream = output,
  now: Date = new Date(),
): Promise<boolean> {
  const plan = await loadPlan(engine, team, locale, now);
  if (!plan) {
    errors.write(`${text(locale ?? DEFAULT_LOCALE, 'status.unknownTeam', { team })}\n`);
    return false;
  }
  output.write(
    format === 'json'
      ? `${JSON.stringify(plan, null, 2)}\n`
      : format === 'csv'
        ? openItemsToCsv(plan)
        : planToMarkdown(plan),
  );
  return true;
}
