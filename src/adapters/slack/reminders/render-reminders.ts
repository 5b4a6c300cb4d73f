import type { Locale } from '../../../core/context';
import type { ReminderStatus } from '../../../core/engine';
import { formatDate, text } from '../../../core/i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A moment as the team reads it on its own clock: "Fr., 12. März, 09:00 MEZ", "Fri 12 March, 09:00 CET". */
export function formatInZone(locale: Locale, iso: string, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    if (formats.size > 500) formats.clear();
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}

/**
 * What the reminders will do next, in a few words: the next nudge on the team's clock, or that they are off (asked,
 * or the channel cannot be reached), or that every nudge went out (stalled). Null when there is nothing to say (a
 * team that has not started or is done).
 */
export function reminderStateText(locale: Locale, reminders: ReminderStatus): string | null {
  if (reminders.off === 'channelGone') return text(locale, 'slack:home.remindersGone');
  if (reminders.off) return text(locale, 'slack:home.remindersOff');
  if (reminders.none === 'exhausted') return text(locale, 'slack:home.stalled');
  if (reminders.nextNudgeAt)
    return text(locale, 'slack:home.nextNudge', {
      when: formatInZone(locale, reminders.nextNudgeAt, reminders.timeZone),
    });
  return null;
}

/** The App Home's reminder line of a team in progress: the owner of its step, its target, the reminders' state. */
export function homeRemindersText(locale: Locale, reminders: ReminderStatus, step: number | null): string {
  const parts: string[] = [];
  if (reminders.owner)
    parts.push(text(locale, 'slack:home.owner', { step: reminders.owner.step, owner: reminders.owner.name }));
  else if (step !== null) parts.push(text(locale, 'slack:home.noOwner', { step }));
  if (reminders.target && reminders.daysToTarget !== null) {
    const date = formatDate(locale, `${reminders.target}T12:00:00Z`);
    parts.push(
      reminders.daysToTarget >= 0
        ? text(locale, 'slack:home.target', { date, count: reminders.daysToTarget })
        : text(locale, 'slack:home.targetPassed', { date }),
    );
  }
  const state = reminderStateText(locale, reminders);
  if (state) parts.push(state);
  return parts.join(' · ');
}
