import type { Locale } from '../core/context';
import { formatDate, formatDateTime, text } from '../core/i18n';
import { knowledgeKeys } from '../core/knowledge';
import { QuestionLog } from '../questions/QuestionLog';
import type { KeyValueStore } from '../store/port';

/**
 * `paysetup questions`: the questions the assistant could not answer, for the integration experts, with the team,
 * the channel it came through and the time, newest last; the closest entries it offered instead. `--json` prints
 * them as stored.
 */
export async function runQuestionsCommand(options: {
  store: KeyValueStore;
  locale: Locale;
  days: number;
  team?: string;
  json: boolean;
  timeZone: string;
  now: Date;
  stdout: { write(text: string): unknown };
}): Promise<number> {
  const since = new Date(options.now.getTime() - options.days * 86_400_000);
  const questions = await new QuestionLog(options.store).list({
    since,
    limit: 1000,
    ...(options.team ? { team: options.team } : {}),
  });
  if (options.json) {
    options.stdout.write(`${JSON.stringify({ since: since.toISOString(), questions }, null, 2)}\n`);
    return 0;
  }
  const { locale } = options;
  if (questions.length === 0) {
    options.stdout.write(`${text(locale, 'questions.none', { count: options.days })}\n`);
    return 0;
  }
  const lines = [
    text(locale, 'questions.title', {
      count: questions.length,
      date: formatDate(locale, since.toISOString()),
    }),
  ];
  for (const q of questions) {
    lines.push(
      text(locale, 'questions.line', {
        at: formatDateTime(locale, q.at, options.timeZone),
        team: q.team,
        via: q.via,
        question: q.text,
      }),
    );
    if (q.closest.length > 0)
      lines.push(
        `    ${text(locale, 'questions.closest', {
          entries: q.closest.map((id) => text(locale, knowledgeKeys(id as never).title)).join(' · '),
        })}`,
      );
  }
  options.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
