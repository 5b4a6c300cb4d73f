import type { Locale } from '../core/context';
import type { ReminderStatus } from '../core/engine';
import { formatDate, text } from '../core/i18n';

const moments = new Map<string, Intl.DateTimeFormat>();

/** An instant as the language writes it, in a time zone: "Donnerstag, 14. Januar 2027 um 11:00". ISO only in JSON. */
export function formatMoment(locale: Locale, iso: string, timeZone: string): string {
  const key = `${locale}\u0000${timeZone}`;
  let format = moments.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone,
    });
    moments.set(key, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/**
 * What `paysetup teams` adds to a team's line: its next nudge (in the team's own time zone) or why there is none,
 * how many were sent, who carries the current step, and the target date.
 */
export function reminderLine(reminders: ReminderStatus, locale: Locale): string {
  const parts: string[] = [];
  if (reminders.nextNudgeAt)
    parts.push(
      text(locale, 'nudges.next', {
        time: `${formatMoment(locale, reminders.nextNudgeAt, reminders.timeZone)} (${reminders.timeZone})`,
      }),
    );
  else if (reminders.none)
    parts.push(
      text(
        locale,
        reminders.none === 'off' && reminders.off === 'channelGone'
          ? 'nudges.none.channelGone'
          : `nudges.none.${reminders.none}`,
      ),
    );
  parts.push(text(locale, 'nudges.sent', { count: reminders.sent }));
  parts.push(
    reminders.owner
      ? text(locale, 'sweep.owner', { owner: reminders.owner.name })
      : text(locale, 'sweep.noOwner'),
  );
  if (reminders.target) {
    const date = formatDate(locale, `${reminders.target}T12:00:00Z`);
    parts.push(
      reminders.daysToTarget !== null && reminders.daysToTarget < 0
        ? text(locale, 'nudges.targetPassed', { date })
        : text(locale, 'nudges.target', { date, count: reminders.daysToTarget ?? 0 }),
    );
  }
  return parts.join(' · ');
}
