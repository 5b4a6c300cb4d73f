import type { Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import { text } from '../core/i18n';
import { buildPlan, planToMarkdown } from '../core/report';

/** Prints a team's integration plan; false when the team is unknown. */
export async function printPlan(
  engine: DialogEngine,
  team: string,
  locale: Locale | undefined,
  format: 'md' | 'json',
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream = output,
  now: Date = new Date(),
): Promise<boolean> {
  const status = await engine.status(team);
  if (!status) {
    errors.write(`${text(locale ?? 'de', 'status.unknownTeam', { team })}\n`);
    return false;
  }
  const { record } = await engine.load(team);
  const plan = buildPlan(engine.flow, status, record.context, locale ?? status.locale, now.toISOString());
  output.write(format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : planToMarkdown(plan));
  return true;
}
