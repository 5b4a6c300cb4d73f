import { ConfigError, parseEnv } from '../../src/config';
import { DEFAULT_POLICY } from '../../src/core/reminders/policy';
import { RemindersConfigSchema, reminderPolicy, remindersOn } from '../../src/reminders/config';

/** The reminder settings: validated at start-up with the rest, every problem named by its variable. */

it('defaults to the default policy: on, 3 working days, Europe/Berlin, German holidays, 9 to 17', () => {
  const config = parseEnv(RemindersConfigSchema, {});
  expect(remindersOn(config)).toBe(true);
  expect(reminderPolicy(config)).toEqual(DEFAULT_POLICY);
});

it('reads the stall days, time zone, holidays (with a state) and working hours', () => {
  const config = parseEnv(RemindersConfigSchema, {
    REMINDERS: 'off',
    REMINDER_STALL_DAYS: '5',
    REMINDER_TIME_ZONE: 'America/New_York',
    REMINDER_HOLIDAYS: 'us-ny',
    REMINDER_WORK_HOURS: '8 - 18',
  });
  expect(remindersOn(config)).toBe(false);
  expect(reminderPolicy(config)).toEqual({
    ...DEFAULT_POLICY,
    stallDays: 5,
    calendar: { timeZone: 'America/New_York', country: 'US', region: 'NY', startHour: 8, endHour: 18 },
  });
});

it('names every setting that is wrong, never starting with a policy it cannot keep', () => {
  let error: unknown;
  try {
    parseEnv(RemindersConfigSchema, {
      REMINDERS: 'maybe',
      REMINDER_STALL_DAYS: '0',
      REMINDER_TIME_ZONE: 'Mars/Olympus',
      REMINDER_HOLIDAYS: 'XX',
      REMINDER_WORK_HOURS: '17-9',
    });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toEqual([
    'REMINDERS: must be on or off',
    'REMINDER_STALL_DAYS: must be at least 1',
    'REMINDER_TIME_ZONE: must be an IANA time zone such as Europe/Berlin or America/New_York',
    'REMINDER_HOLIDAYS: must be a country or country-state such as DE or DE-BY',
    'REMINDER_WORK_HOURS: must be start-end in whole hours, such as 9-17',
  ]);
});
