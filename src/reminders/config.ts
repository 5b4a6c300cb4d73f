import { z } from 'zod';
import { DEFAULT_POLICY, type NudgePolicy } from '../core/reminders/policy';
import { isValidTimeZone, parseHolidayRegion, type WorkCalendar } from '../core/reminders/working-time';

const WORK_HOURS = /^(\d{1,2})\s*-\s*(\d{1,2})$/;

/** `9-17`: from 9:00 up to (not including) 17:00, local time; 0 ≤ start < end ≤ 24. */
function workHours(text: string): { startHour: number; endHour: number } | null {
  const match = WORK_HOURS.exec(text.trim());
  if (!match) return null;
  const startHour = Number(match[1]);
  const endHour = Number(match[2]);
  return startHour < endHour && endHour <= 24 ? { startHour, endHour } : null;
}

/**
 * The reminder settings from the environment (validated at start-up with the rest). They are the defaults of a team
 * that chose nothing itself: a team's own time zone (`/paysetup zeitzone …`) and holidays (`feiertage DE-BY`) win.
 */
export const RemindersConfigSchema = z.object({
  /** `off`: no sweep runs in this process (`npm start`) or function. The due times are still written. */
  REMINDERS: z.enum(['on', 'off'], 'must be on or off').default('on'),
  /** Working days without progress before the first nudge. */
  REMINDER_STALL_DAYS: z.coerce
    .number('must be a whole number of working days')
    .int('must be a whole number of working days')
    .min(1, 'must be at least 1')
    .max(60, 'must be at most 60')
    .default(DEFAULT_POLICY.stallDays),
  /** IANA time zone. */
  REMINDER_TIME_ZONE: z
    .string()
    .trim()
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin or America/New_York')
    .default(DEFAULT_POLICY.calendar.timeZone),
  /** The public holidays kept: a country, or a country and state (date-holidays' codes). */
  REMINDER_HOLIDAYS: z
    .string()
    .trim()
    .refine(
      (text) => parseHolidayRegion(text) !== null,
      'must be a country or country-state such as DE or DE-BY',
    )
    .default(DEFAULT_POLICY.calendar.country),
  /** Local working hours, `start-end` in whole hours. */
  REMINDER_WORK_HOURS: z
    .string()
    .trim()
    .refine((text) => workHours(text) !== null, 'must be start-end in whole hours, such as 9-17')
    .default(`${DEFAULT_POLICY.calendar.startHour}-${DEFAULT_POLICY.calendar.endHour}`),
});

export type RemindersConfig = z.infer<typeof RemindersConfigSchema>;

/** The nudge policy these settings describe: the default policy with their stall days and calendar. */
export function reminderPolicy(config: RemindersConfig): NudgePolicy {
  const holidays = parseHolidayRegion(config.REMINDER_HOLIDAYS) ?? {
    country: DEFAULT_POLICY.calendar.country,
  };
  const hours = workHours(config.REMINDER_WORK_HOURS) ?? DEFAULT_POLICY.calendar;
  const calendar: WorkCalendar = {
    timeZone: config.REMINDER_TIME_ZONE,
    country: holidays.country,
    ...(holidays.region ? { region: holidays.region } : {}),
    startHour: hours.startHour,
    endHour: hours.endHour,
  };
  return { ...DEFAULT_POLICY, stallDays: config.REMINDER_STALL_DAYS, calendar };
}

/** Whether this process runs the sweep. */
export const remindersOn = (config: RemindersConfig): boolean => config.REMINDERS === 'on';
