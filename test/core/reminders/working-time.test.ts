import {
  addWorkingDays,
  DEFAULT_CALENDAR,
  isPublicHoliday,
  isValidTimeZone,
  isWorkingDay,
  isWorkingTime,
  localDate,
  nextWorkingTime,
  parseHolidayRegion,
  type WorkCalendar,
  workingDaysBetween,
} from '../../../src/core/reminders/working-time';

/**
 * The working-time calendar on real dates and real holiday data (no mocks). Berlin is UTC+1 in winter and UTC+2
 * from 2027-03-28; New York is UTC-5 in winter and UTC-4 from 2027-03-14.
 */

const BERLIN = DEFAULT_CALENDAR;
const BAVARIA: WorkCalendar = { ...DEFAULT_CALENDAR, region: 'BY' };
const BERLIN_STATE: WorkCalendar = { ...DEFAULT_CALENDAR, region: 'BE' };
const BRANDENBURG: WorkCalendar = { ...DEFAULT_CALENDAR, region: 'BB' };
const NEW_YORK: WorkCalendar = {
  timeZone: 'America/New_York',
  country: 'US',
  region: 'NY',
  startHour: 9,
  endHour: 17,
};
/** Egypt springs forward at Friday 00:00 (to 01:00) and falls back at Thursday 24:00 (to 23:00): on weekdays. */
const CAIRO_NIGHT: WorkCalendar = { timeZone: 'Africa/Cairo', country: 'DE', startHour: 0, endHour: 8 };
const CAIRO_ALL_DAY: WorkCalendar = { timeZone: 'Africa/Cairo', country: 'DE', startHour: 0, endHour: 24 };

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('DEFAULT_CALENDAR', () => {
  it('is Berlin, German national holidays, 9–17', () => {
    expect(DEFAULT_CALENDAR).toStrictEqual({
      timeZone: 'Europe/Berlin',
      country: 'DE',
      startHour: 9,
      endHour: 17,
    });
    expect(Object.isFrozen(DEFAULT_CALENDAR)).toBe(true);
  });
});

describe('localDate', () => {
  it('is the calendar date in the given zone', () => {
    expect(localDate(at('2026-12-31T23:30:00Z'), 'Europe/Berlin')).toBe('2027-01-01');
    expect(localDate(at('2026-12-31T23:30:00Z'), 'America/New_York')).toBe('2026-12-31');
    expect(localDate(at('2027-01-01T04:59:59.999Z'), 'America/New_York')).toBe('2026-12-31');
    expect(localDate(at('2027-01-01T05:00:00Z'), 'America/New_York')).toBe('2027-01-01');
    expect(localDate(at('2027-03-27T23:00:00Z'), 'Europe/Berlin')).toBe('2027-03-28');
    expect(localDate(at('2027-03-28T21:59:59Z'), 'Europe/Berlin')).toBe('2027-03-28');
    expect(localDate(at('2027-03-28T22:00:00Z'), 'Europe/Berlin')).toBe('2027-03-29');
  });

  it('rejects an unknown zone and an invalid Date', () => {
    expect(() => localDate(at('2027-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDate(new Date(Number.NaN), 'Europe/Berlin')).toThrow(RangeError);
  });
});

describe('isPublicHoliday', () => {
  it('knows the German national holidays, on weekends too', () => {
    expect(isPublicHoliday('2026-12-25', BERLIN)).toBe(true);
    expect(isPublicHoliday('2026-12-26', BERLIN)).toBe(true); // a Saturday
    expect(isPublicHoliday('2027-01-01', BERLIN)).toBe(true);
    expect(isPublicHoliday('2027-03-26', BERLIN)).toBe(true); // Karfreitag
    expect(isPublicHoliday('2027-03-29', BERLIN)).toBe(true); // Ostermontag
    expect(isPublicHoliday('2027-10-03', BERLIN)).toBe(true); // Tag der Deutschen Einheit, a Sunday
    expect(isPublicHoliday('2027-03-30', BERLIN)).toBe(false);
    expect(isPublicHoliday('2027-01-04', BERLIN)).toBe(false);
  });

  it("counts only date-holidays' type 'public'", () => {
    expect(isPublicHoliday('2026-12-24', BERLIN)).toBe(false); // Heiliger Abend: 'bank' from 14:00
    expect(isPublicHoliday('2026-12-31', BERLIN)).toBe(false); // Silvester: 'bank'
    expect(isPublicHoliday('2027-03-28', BERLIN)).toBe(false); // Ostersonntag: 'observance' nationally…
    expect(isPublicHoliday('2027-03-28', BRANDENBURG)).toBe(true); // …but 'public' in Brandenburg
    expect(isPublicHoliday('2027-08-15', BAVARIA)).toBe(false); // Mariä Himmelfahrt: 'observance' in BY as a whole
    expect(isPublicHoliday('2027-11-17', BAVARIA)).toBe(false); // Buß- und Bettag: 'school' in BY…
    expect(isPublicHoliday('2027-11-17', { ...BERLIN, region: 'SN' })).toBe(true); // …'public' in Saxony
  });

  it('knows state-only holidays', () => {
    expect(isPublicHoliday('2027-01-06', BAVARIA)).toBe(true); // Heilige Drei Könige
    expect(isPublicHoliday('2027-01-06', BERLIN_STATE)).toBe(false);
    expect(isPublicHoliday('2027-01-06', BERLIN)).toBe(false);
    expect(isPublicHoliday('2027-10-31', BRANDENBURG)).toBe(true); // Reformationstag
    expect(isPublicHoliday('2027-10-31', BAVARIA)).toBe(false);
    expect(isPublicHoliday('2027-10-31', BERLIN)).toBe(false);
    expect(isPublicHoliday('2027-11-01', BAVARIA)).toBe(true); // Allerheiligen
    expect(isPublicHoliday('2027-11-01', BRANDENBURG)).toBe(false);
    expect(isPublicHoliday('2027-03-08', BERLIN_STATE)).toBe(true); // Internationaler Frauentag
    expect(isPublicHoliday('2027-03-08', BERLIN)).toBe(false);
  });

  it('knows the public holidays date-holidays lists for New York, substitute days included', () => {
    expect(isPublicHoliday('2027-11-25', NEW_YORK)).toBe(true); // Thanksgiving
    expect(isPublicHoliday('2027-11-26', NEW_YORK)).toBe(false);
    expect(isPublicHoliday('2027-07-04', NEW_YORK)).toBe(true); // Independence Day, a Sunday…
    expect(isPublicHoliday('2027-07-05', NEW_YORK)).toBe(true); // …observed on Monday
    expect(isPublicHoliday('2027-12-24', NEW_YORK)).toBe(true); // Christmas (Saturday) observed on Friday
    expect(isPublicHoliday('2026-12-24', NEW_YORK)).toBe(false); // Christmas Eve is only 'optional'
    expect(isPublicHoliday('2027-12-31', NEW_YORK)).toBe(true); // New Year 2028 (Saturday), observed in 2027
    expect(isPublicHoliday('2027-11-02', NEW_YORK)).toBe(true); // Election Day: 'public' in date-holidays' NY data
    expect(isPublicHoliday('2027-11-02', { ...NEW_YORK, region: 'CA' })).toBe(false);
    expect(isPublicHoliday('2027-03-15', NEW_YORK)).toBe(false);
    expect(isPublicHoliday('2027-12-26', NEW_YORK)).toBe(false); // no German Boxing Day in the US
  });

  it('accepts lower-case country and region codes', () => {
    expect(isPublicHoliday('2027-01-06', { ...BERLIN, country: 'de', region: 'by' })).toBe(true);
  });

  it('rejects malformed dates and unknown countries or regions', () => {
    expect(() => isPublicHoliday('2027-02-30', BERLIN)).toThrow(RangeError);
    expect(() => isPublicHoliday('2027-1-6', BERLIN)).toThrow(RangeError);
    expect(() => isPublicHoliday('2027-01-06T00:00', BERLIN)).toThrow(RangeError);
    expect(() => isPublicHoliday('2027-01-06', { ...BERLIN, country: 'XX' })).toThrow(
      /Unknown holiday country/,
    );
    expect(() => isPublicHoliday('2027-01-06', { ...BERLIN, region: 'NY' })).toThrow(
      /Unknown holiday region/,
    );
  });
});

describe('isWorkingDay', () => {
  it('is Monday to Friday minus public holidays', () => {
    expect(isWorkingDay(at('2027-01-04T10:00:00Z'), BERLIN)).toBe(true); // Monday
    expect(isWorkingDay(at('2027-01-08T10:00:00Z'), BERLIN)).toBe(true); // Friday
    expect(isWorkingDay(at('2027-01-09T10:00:00Z'), BERLIN)).toBe(false); // Saturday
    expect(isWorkingDay(at('2027-01-10T10:00:00Z'), BERLIN)).toBe(false); // Sunday
    expect(isWorkingDay(at('2027-01-01T10:00:00Z'), BERLIN)).toBe(false); // Neujahr, a Friday
    expect(isWorkingDay(at('2027-01-06T10:00:00Z'), BERLIN)).toBe(true);
    expect(isWorkingDay(at('2027-01-06T10:00:00Z'), BAVARIA)).toBe(false);
    expect(isWorkingDay(at('2026-12-24T10:00:00Z'), BERLIN)).toBe(true);
  });

  it("uses the local date in the calendar's zone", () => {
    // 2027-01-05 23:30 UTC is already 6 January in Berlin but still 5 January in New York.
    const instant = at('2027-01-05T23:30:00Z');
    expect(isWorkingDay(instant, BAVARIA)).toBe(false);
    expect(isWorkingDay(instant, { ...BAVARIA, timeZone: 'America/New_York' })).toBe(true);
    // Friday 2027-01-08 23:30 UTC is Saturday in Berlin.
    expect(isWorkingDay(at('2027-01-08T23:30:00Z'), BERLIN)).toBe(false);
    expect(isWorkingDay(at('2027-01-08T23:30:00Z'), NEW_YORK)).toBe(true);
  });

  it('does not need valid working hours, but does need a valid zone and country (even on a weekend)', () => {
    expect(isWorkingDay(at('2027-01-04T10:00:00Z'), { ...BERLIN, startHour: 17, endHour: 9 })).toBe(true);
    expect(() => isWorkingDay(at('2027-01-04T10:00:00Z'), { ...BERLIN, timeZone: 'Mars/Olympus' })).toThrow(
      RangeError,
    );
    expect(() => isWorkingDay(at('2027-01-09T10:00:00Z'), { ...BERLIN, country: 'XX' })).toThrow(RangeError);
  });
});

describe('isWorkingTime', () => {
  it('starts at startHour:00 and stops before endHour:00 in Berlin', () => {
    // Tuesday 2027-01-05, UTC+1
    expect(isWorkingTime(at('2027-01-05T07:59:00Z'), BERLIN)).toBe(false); // 08:59
    expect(isWorkingTime(at('2027-01-05T07:59:59.999Z'), BERLIN)).toBe(false);
    expect(isWorkingTime(at('2027-01-05T08:00:00Z'), BERLIN)).toBe(true); // 09:00
    expect(isWorkingTime(at('2027-01-05T15:59:00Z'), BERLIN)).toBe(true); // 16:59
    expect(isWorkingTime(at('2027-01-05T15:59:59.999Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(at('2027-01-05T16:00:00Z'), BERLIN)).toBe(false); // 17:00
    // Tuesday 2027-04-06, UTC+2
    expect(isWorkingTime(at('2027-04-06T06:59:00Z'), BERLIN)).toBe(false); // 08:59
    expect(isWorkingTime(at('2027-04-06T07:00:00Z'), BERLIN)).toBe(true); // 09:00
    expect(isWorkingTime(at('2027-04-06T14:59:00Z'), BERLIN)).toBe(true); // 16:59
    expect(isWorkingTime(at('2027-04-06T15:00:00Z'), BERLIN)).toBe(false); // 17:00
  });

  it('starts at startHour:00 and stops before endHour:00 in New York', () => {
    // Tuesday 2027-01-05, UTC-5
    expect(isWorkingTime(at('2027-01-05T13:59:00Z'), NEW_YORK)).toBe(false); // 08:59
    expect(isWorkingTime(at('2027-01-05T14:00:00Z'), NEW_YORK)).toBe(true); // 09:00
    expect(isWorkingTime(at('2027-01-05T21:59:00Z'), NEW_YORK)).toBe(true); // 16:59
    expect(isWorkingTime(at('2027-01-05T22:00:00Z'), NEW_YORK)).toBe(false); // 17:00
    // Tuesday 2027-03-16, UTC-4
    expect(isWorkingTime(at('2027-03-16T12:59:00Z'), NEW_YORK)).toBe(false); // 08:59
    expect(isWorkingTime(at('2027-03-16T13:00:00Z'), NEW_YORK)).toBe(true); // 09:00
    expect(isWorkingTime(at('2027-03-16T20:59:00Z'), NEW_YORK)).toBe(true); // 16:59
    expect(isWorkingTime(at('2027-03-16T21:00:00Z'), NEW_YORK)).toBe(false); // 17:00
  });

  it('is never working time on weekends or holidays', () => {
    expect(isWorkingTime(at('2027-01-09T10:00:00Z'), BERLIN)).toBe(false); // Saturday 11:00
    expect(isWorkingTime(at('2027-03-29T10:00:00Z'), BERLIN)).toBe(false); // Easter Monday 12:00
    expect(isWorkingTime(at('2027-11-25T15:00:00Z'), NEW_YORK)).toBe(false); // Thanksgiving 10:00
    expect(isWorkingTime(at('2027-11-25T15:00:00Z'), BERLIN)).toBe(true); // an ordinary Thursday 16:00
  });

  it('tells the same instant apart in Berlin and New York, across both DST changes', () => {
    // 2027-01-05 12:00 UTC: 13:00 in Berlin, 07:00 in New York.
    expect(isWorkingTime(at('2027-01-05T12:00:00Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(at('2027-01-05T12:00:00Z'), NEW_YORK)).toBe(false);
    // 13:30 UTC: New York is at 08:30 before 14 March, at 09:30 after it.
    expect(isWorkingTime(at('2027-03-10T13:30:00Z'), NEW_YORK)).toBe(false);
    expect(isWorkingTime(at('2027-03-17T13:30:00Z'), NEW_YORK)).toBe(true);
    expect(isWorkingTime(at('2027-03-17T13:30:00Z'), BERLIN)).toBe(true); // 14:30
    // 15:30 UTC: Berlin is at 16:30 before 28 March, at 17:30 after it.
    expect(isWorkingTime(at('2027-03-24T15:30:00Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(at('2027-03-31T15:30:00Z'), BERLIN)).toBe(false);
    // 20:30 UTC: 16:30 in New York while Berlin (21:30) is closed.
    expect(isWorkingTime(at('2027-03-24T20:30:00Z'), NEW_YORK)).toBe(true);
    expect(isWorkingTime(at('2027-03-24T20:30:00Z'), BERLIN)).toBe(false);
  });

  it('allows a whole-day window 0–24', () => {
    const allDay = { ...BERLIN, startHour: 0, endHour: 24 };
    expect(isWorkingTime(at('2027-01-04T23:00:00Z'), allDay)).toBe(true); // Tuesday 00:00
    expect(isWorkingTime(at('2027-01-05T22:59:59.999Z'), allDay)).toBe(true); // Tuesday 23:59:59.999
    expect(isWorkingTime(at('2027-01-08T23:00:00Z'), allDay)).toBe(false); // Saturday 00:00
  });

  it('rejects invalid working hours with a RangeError naming the calendar', () => {
    const monday = at('2027-01-04T10:00:00Z');
    for (const [startHour, endHour] of [
      [17, 9],
      [9, 9],
      [9.5, 17],
      [-1, 17],
      [9, 25],
      [Number.NaN, 17],
    ] as const) {
      expect(() => isWorkingTime(monday, { ...BERLIN, startHour, endHour })).toThrow(RangeError);
      expect(() => isWorkingTime(monday, { ...BERLIN, startHour, endHour })).toThrow(/Europe\/Berlin/);
    }
  });
});

describe('nextWorkingTime', () => {
  it('returns the instant itself (as a new Date) during working time', () => {
    const instant = at('2027-01-05T10:15:30.123Z');
    const next = nextWorkingTime(instant, BERLIN);
    expect(iso(next)).toBe('2027-01-05T10:15:30.123Z');
    expect(next).not.toBe(instant);
  });

  it('moves from Friday evening to Monday 09:00', () => {
    expect(iso(nextWorkingTime(at('2027-01-08T16:30:00Z'), BERLIN))).toBe('2027-01-11T08:00:00.000Z'); // Fri 17:30
    expect(iso(nextWorkingTime(at('2027-06-04T15:30:00Z'), BERLIN))).toBe('2027-06-07T07:00:00.000Z'); // summer
    expect(iso(nextWorkingTime(at('2027-01-08T22:30:00Z'), NEW_YORK))).toBe('2027-01-11T14:00:00.000Z');
  });

  it('moves to 09:00 the same day when the day has not started yet', () => {
    expect(iso(nextWorkingTime(at('2027-01-05T06:00:00Z'), BERLIN))).toBe('2027-01-05T08:00:00.000Z'); // 07:00
    expect(iso(nextWorkingTime(at('2027-01-04T23:00:00Z'), BERLIN))).toBe('2027-01-05T08:00:00.000Z'); // 00:00
    expect(iso(nextWorkingTime(at('2027-01-05T16:00:00Z'), BERLIN))).toBe('2027-01-06T08:00:00.000Z'); // 17:00
  });

  it('skips Christmas and New Year', () => {
    expect(iso(nextWorkingTime(at('2026-12-24T17:00:00Z'), BERLIN))).toBe('2026-12-28T08:00:00.000Z');
    expect(iso(nextWorkingTime(at('2026-12-31T16:00:00Z'), BERLIN))).toBe('2027-01-04T08:00:00.000Z');
  });

  it('skips holidays across a DST change', () => {
    // Saturday 2027-03-27 12:00 CET → Sunday (DST starts), Easter Monday → Tuesday 09:00 CEST.
    expect(iso(nextWorkingTime(at('2027-03-27T11:00:00Z'), BERLIN))).toBe('2027-03-30T07:00:00.000Z');
    // Friday 2027-03-12 17:00 EST → Monday 09:00 EDT.
    expect(iso(nextWorkingTime(at('2027-03-12T22:00:00Z'), NEW_YORK))).toBe('2027-03-15T13:00:00.000Z');
    // Wednesday before Thanksgiving 17:00 EST → Friday 09:00 EST.
    expect(iso(nextWorkingTime(at('2027-11-24T22:00:00Z'), NEW_YORK))).toBe('2027-11-26T14:00:00.000Z');
  });

  it('uses the first instant after a spring-forward gap when startHour:00 does not exist', () => {
    // Cairo, Friday 2027-04-30: 00:00 EET jumps to 01:00 EEST at 2027-04-29 22:00 UTC.
    expect(iso(nextWorkingTime(at('2027-04-29T10:00:00Z'), CAIRO_NIGHT))).toBe('2027-04-29T22:00:00.000Z');
    expect(isWorkingTime(at('2027-04-29T22:00:00Z'), CAIRO_NIGHT)).toBe(true);
    expect(isWorkingTime(at('2027-04-29T21:59:59Z'), CAIRO_NIGHT)).toBe(false); // Thursday 23:59:59 EET
  });

  it('validates the calendar', () => {
    expect(() =>
      nextWorkingTime(at('2027-01-09T10:00:00Z'), { ...BERLIN, startHour: 17, endHour: 17 }),
    ).toThrow(/Invalid working hours.*Europe\/Berlin/);
    expect(() => nextWorkingTime(new Date(Number.NaN), BERLIN)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('with 0 days is nextWorkingTime', () => {
    for (const instant of ['2027-01-05T10:00:00Z', '2027-01-09T10:00:00Z', '2026-12-24T17:00:00Z']) {
      expect(iso(addWorkingDays(at(instant), 0, BERLIN))).toBe(iso(nextWorkingTime(at(instant), BERLIN)));
    }
    expect(iso(addWorkingDays(at('2027-01-09T10:00:00Z'), 0, BERLIN))).toBe('2027-01-11T08:00:00.000Z');
  });

  it('keeps the local time and skips weekends', () => {
    expect(iso(addWorkingDays(at('2027-01-05T09:00:00Z'), 1, BERLIN))).toBe('2027-01-06T09:00:00.000Z'); // Tue→Wed
    expect(iso(addWorkingDays(at('2027-01-08T09:00:00Z'), 1, BERLIN))).toBe('2027-01-11T09:00:00.000Z'); // Fri→Mon
    expect(iso(addWorkingDays(at('2027-01-08T09:00:00Z'), 5, BERLIN))).toBe('2027-01-15T09:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-01-08T09:00:00Z'), 6, BERLIN))).toBe('2027-01-18T09:00:00.000Z');
    // From Saturday 12:00 the first working day after it is Monday.
    expect(iso(addWorkingDays(at('2027-01-09T11:00:00Z'), 1, BERLIN))).toBe('2027-01-11T11:00:00.000Z');
  });

  it('skips holidays, including state-only ones', () => {
    expect(iso(addWorkingDays(at('2026-12-23T09:00:00Z'), 1, BERLIN))).toBe('2026-12-24T09:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-12-23T09:00:00Z'), 2, BERLIN))).toBe('2026-12-28T09:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-12-31T09:00:00Z'), 1, BERLIN))).toBe('2027-01-04T09:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-01-05T09:00:00Z'), 1, BAVARIA))).toBe('2027-01-07T09:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-07-02T14:00:00Z'), 1, NEW_YORK))).toBe('2027-07-06T14:00:00.000Z');
  });

  it('keeps the local wall-clock time across the DST change in Berlin', () => {
    // Good Friday 10:00 CET + 1: Easter Monday is a holiday → Tuesday 10:00 CEST.
    expect(iso(addWorkingDays(at('2027-03-26T09:00:00Z'), 1, BERLIN))).toBe('2027-03-30T08:00:00.000Z');
    // Thursday 10:00 CET + 1: Good Friday, weekend, Easter Monday → Tuesday 10:00 CEST.
    expect(iso(addWorkingDays(at('2027-03-25T09:00:00Z'), 1, BERLIN))).toBe('2027-03-30T08:00:00.000Z');
    // Back to CET: Friday 2027-10-29 10:00 CEST + 1 → Monday 10:00 CET (1 November is a holiday in BY only).
    expect(iso(addWorkingDays(at('2027-10-29T08:00:00Z'), 1, BERLIN))).toBe('2027-11-01T09:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-10-29T08:00:00Z'), 1, BAVARIA))).toBe('2027-11-02T09:00:00.000Z');
  });

  it('keeps the local wall-clock time across the DST change in New York', () => {
    expect(iso(addWorkingDays(at('2027-03-12T15:00:00Z'), 1, NEW_YORK))).toBe('2027-03-15T14:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-11-05T14:00:00Z'), 1, NEW_YORK))).toBe('2027-11-08T15:00:00.000Z');
  });

  it('moves a result outside working hours on to the next working time', () => {
    // Friday 18:00 + 1 → Monday 18:00 → Tuesday 09:00.
    expect(iso(addWorkingDays(at('2027-01-08T17:00:00Z'), 1, BERLIN))).toBe('2027-01-12T08:00:00.000Z');
    // Tuesday 07:00 + 1 → Wednesday 07:00 → Wednesday 09:00.
    expect(iso(addWorkingDays(at('2027-01-05T06:00:00Z'), 1, BERLIN))).toBe('2027-01-06T08:00:00.000Z');
  });

  it('resolves spring-forward gaps forward and fall-back overlaps to the first occurrence', () => {
    // Cairo: Thursday 00:30 EET + 1 → Friday 00:30, which does not exist → 01:00 EEST (the transition).
    expect(iso(addWorkingDays(at('2027-04-28T22:30:00Z'), 1, CAIRO_NIGHT))).toBe('2027-04-29T22:00:00.000Z');
    // Cairo: Wednesday 23:30 EEST + 1 → Thursday 23:30, which happens twice → the first one (EEST, UTC+3).
    expect(iso(addWorkingDays(at('2027-10-27T20:30:00Z'), 1, CAIRO_ALL_DAY))).toBe(
      '2027-10-28T20:30:00.000Z',
    );
  });

  it('rejects negative, fractional and absurd day counts', () => {
    const monday = at('2027-01-04T10:00:00Z');
    expect(() => addWorkingDays(monday, -1, BERLIN)).toThrow(RangeError);
    expect(() => addWorkingDays(monday, 1.5, BERLIN)).toThrow(RangeError);
    expect(() => addWorkingDays(monday, Number.NaN, BERLIN)).toThrow(RangeError);
    expect(() => addWorkingDays(monday, 1e9, BERLIN)).toThrow(RangeError);
    expect(() => addWorkingDays(monday, 1, { ...BERLIN, startHour: 18, endHour: 9 })).toThrow(
      /Europe\/Berlin/,
    );
  });
});

describe('workingDaysBetween', () => {
  it("counts working days after from's date up to and including to's date", () => {
    expect(workingDaysBetween(at('2027-01-05T10:00:00Z'), at('2027-01-05T15:00:00Z'), BERLIN)).toBe(0);
    expect(workingDaysBetween(at('2027-01-05T15:00:00Z'), at('2027-01-06T07:00:00Z'), BERLIN)).toBe(1);
    expect(workingDaysBetween(at('2027-01-08T10:00:00Z'), at('2027-01-11T10:00:00Z'), BERLIN)).toBe(1); // Fri→Mon
    expect(workingDaysBetween(at('2027-01-08T10:00:00Z'), at('2027-01-10T10:00:00Z'), BERLIN)).toBe(0); // Fri→Sun
    expect(workingDaysBetween(at('2027-01-04T10:00:00Z'), at('2027-01-18T10:00:00Z'), BERLIN)).toBe(10);
  });

  it('is 0 when to is not after from', () => {
    expect(workingDaysBetween(at('2027-01-11T10:00:00Z'), at('2027-01-08T10:00:00Z'), BERLIN)).toBe(0);
  });

  it('leaves out holidays', () => {
    // 24, 28, 29, 30, 31 December and 4 January.
    expect(workingDaysBetween(at('2026-12-23T10:00:00Z'), at('2027-01-04T10:00:00Z'), BERLIN)).toBe(6);
    expect(workingDaysBetween(at('2027-01-05T10:00:00Z'), at('2027-01-08T10:00:00Z'), BERLIN)).toBe(3);
    expect(workingDaysBetween(at('2027-01-05T10:00:00Z'), at('2027-01-08T10:00:00Z'), BAVARIA)).toBe(2);
    // 2027 has 261 weekdays; Neujahr, Karfreitag, Ostermontag, Himmelfahrt and Pfingstmontag fall on weekdays.
    expect(workingDaysBetween(at('2026-12-31T12:00:00Z'), at('2027-12-31T12:00:00Z'), BERLIN)).toBe(256);
  });

  it("uses local dates in the calendar's zone", () => {
    // from: Saturday 00:30 in Berlin, still Friday 18:30 in New York; to: Monday 00:30 / Sunday 18:30.
    const from = at('2027-01-08T23:30:00Z');
    const to = at('2027-01-10T23:30:00Z');
    expect(workingDaysBetween(from, to, BERLIN)).toBe(1);
    expect(workingDaysBetween(from, to, NEW_YORK)).toBe(0);
  });

  it('rejects spans of more than about a century', () => {
    expect(() => workingDaysBetween(at('1900-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), BERLIN)).toThrow(
      RangeError,
    );
  });
});

describe('isValidTimeZone', () => {
  it('accepts zones Intl knows', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
  });

  it('rejects empty, unknown, garbage and overlong strings', () => {
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('not a time zone')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin; DROP TABLE')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin\n')).toBe(false);
    expect(isValidTimeZone(`Europe/${'A'.repeat(60)}`)).toBe(false);
    expect(isValidTimeZone('x'.repeat(65))).toBe(false);
    expect(isValidTimeZone(42 as unknown as string)).toBe(false);
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });
});

describe('parseHolidayRegion', () => {
  it('parses countries and states in any case', () => {
    expect(parseHolidayRegion('DE')).toStrictEqual({ country: 'DE' });
    expect(parseHolidayRegion('de')).toStrictEqual({ country: 'DE' });
    expect(parseHolidayRegion('DE-BY')).toStrictEqual({ country: 'DE', region: 'BY' });
    expect(parseHolidayRegion('de-by')).toStrictEqual({ country: 'DE', region: 'BY' });
    expect(parseHolidayRegion('US-NY')).toStrictEqual({ country: 'US', region: 'NY' });
    expect(parseHolidayRegion(' us-ny ')).toStrictEqual({ country: 'US', region: 'NY' });
    expect(parseHolidayRegion('AT-9')).toStrictEqual({ country: 'AT', region: '9' }); // Vienna
  });

  it('returns null for unknown or malformed input', () => {
    for (const text of [
      '',
      ' ',
      'XX',
      'XX-BY',
      'DE-NY',
      'US-BY',
      'DE-XX',
      'DEU',
      'D',
      'DE-',
      'DE_BY',
      'DE BY',
    ]) {
      expect(parseHolidayRegion(text)).toBeNull();
    }
    expect(parseHolidayRegion('DE-BY-A')).toBeNull();
    expect(parseHolidayRegion('DE-constructor')).toBeNull();
    expect(parseHolidayRegion(`DE-${'B'.repeat(100)}`)).toBeNull();
    expect(parseHolidayRegion(42 as unknown as string)).toBeNull();
  });

  it('returns calendars the other functions accept', () => {
    const parsed = parseHolidayRegion('de-by');
    expect(parsed).not.toBeNull();
    expect(isPublicHoliday('2027-01-06', { ...DEFAULT_CALENDAR, ...parsed })).toBe(true);
  });
});
