import type { Locale } from './context';
import { text } from './i18n';

/** Whole days from `iso` to `now`; null when there was no activity yet. */
export function daysSince(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  return Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000);
}

/** "heute", "vor 3 Tagen", "noch nie": how long a team has been quiet, for the operator and the App Home. */
export function lastActiveText(locale: Locale, iso: string | null, now: Date): string {
  const days = daysSince(iso, now);
  if (days === null) return text(locale, 'status.never');
  if (days === 0) return text(locale, 'status.today');
  return text(locale, 'status.daysAgo', { count: days });
}
