import type { Locale } from '../core/context';
import { formatDate, formatDateTime, text } from '../core/i18n';
import { knowledgeKeys } from '../core/knowledge';
import { Feedback } from '../questions/Feedback';
import { QuestionLog } from '../questions/QuestionLog';
import type { KeyValueStore } from '../store/port';

/**
 * `paysetup questions`: the questions the assistant could not answer, for the integration experts, with the team,
 * the channel it came through and the time, newest last; the closest entries it offered instead; then how the teams
 * rated the answers they got (👍/👎 per entry). `--json` prints them as stored.
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
  // What the teams said about the answers they got (👍/👎 per entry), all time.
  const feedback = [...(await new Feedback(options.store).all())].sort(
    (a, b) => b[1].down - a[1].down || b[1].up - a[1].up || a[0].localeCompare(b[0]),
  );
  if (options.json) {
    const votes = Object.fromEntries(feedback);
    options.stdout.write(
      `${JSON.stringify({ since: since.toISOString(), questions, feedback: votes }, null, 2)}\n`,
    );
    return 0;
  }
  const { locale } = options;
  const feedbackLines = feedback.map(
    ([entryId, { up, down }]) =>
      `  ${text(locale, knowledgeKeys(entryId as never).title)}: 👍 ${up} · 👎 ${down}`,
  );
  const votes = feedbackLines.length > 0 ? [text(locale, 'questions.feedback'), ...feedbackLines] : [];
  if (questions.length === 0) {
    options.stdout.write(
      `${[text(locale, 'questions.none', { count: options.days }), ...votes].join('\n')}\n`,
    );
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
  options.stdout.write(`${[...lines, ...votes].join('\n')}\n`);
  return 0;
}
