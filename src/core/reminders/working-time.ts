import { tzOffset } from '@date-fns/tz';
import type Holidays from 'date-holidays';

/**
 * date-holidays (with the time-zone and astronomy data it brings) is loaded at its first use, not at import: every
 * Lambda function imports the engine, and most of their invocations never ask about a holiday.
 */
let HolidaysClass: typeof Holidays | undefined;
function holidaysClass(): typeof Holidays {
  HolidaysClass ??= require('date-holidays') as typeof Holidays;
  return HolidaysClass;
}

/**
 * A pure working-time calendar for reminder nudges: local working days (Mon–Fri minus public holidays) and local
 * working hours in a team's time zone. Nothing here reads the clock; every function takes the instant it reasons
 * about. Wall-clock arithmetic goes through the zone's UTC offset at each instant, so it stays right across
 * daylight-saving changes.
 */

/** A team's working calendar: where it is, which public holidays it keeps, and when a nudge may go out. */
export interface WorkCalendar {
  /** IANA time zone, e.g. 'Europe/Berlin', 'America/New_York'. */
  timeZone: string;
  /** ISO 3166-1 country for public holidays, e.g. 'DE', 'US'. */
  country: string;
  /** Optional state/region of that country as date-holidays names it, e.g. 'BY' (Bavaria), 'NY'. */
  region?: string;
  /** Working hours, local time: a nudge may go out from startHour:00 up to (not including) endHour:00. */
  startHour: number;
  /** End of working hours, local time (exclusive): 17 means the last working minute is 16:59. */
  endHour: number;
}

/** The calendar used when a team has not configured one: Europe/Berlin, German national holidays, 9–17. */
export const DEFAULT_CALENDAR: WorkCalendar = Object.freeze({
  timeZone: 'Europe/Berlin',
  country: 'DE',
  startHour: 9,
  endHour: 17,
});

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Calendar days searched for the next working day before giving up. */
const MAX_SEARCH_DAYS = 400;
/** Largest `days` accepted by {@link addWorkingDays} (about 40 years of working days). */
const MAX_WORKING_DAYS = 10_000;
/** Largest span (calendar days, about 100 years) {@link workingDaysBetween} walks. */
const MAX_SPAN_DAYS = 36_600;
const MAX_TIME_ZONE_LENGTH = 64;
const MAX_CACHE_ENTRIES = 5_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const REGION_TEXT_RE = /^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,20}))?$/;

// ---------------------------------------------------------------------------------------------------------------
// Caches (module-level; everything cached is derived from static data, so results never go stale)

const timeZoneValidity = new Map<string, boolean>();
/** date-holidays instance per `COUNTRY|Region`. */
const holidayInstances = new Map<string, Holidays>();
/** Public holiday dates ('YYYY-MM-DD') per `COUNTRY|Region|year`. */
const publicHolidayDates = new Map<string, ReadonlySet<string>>();
let registry: Holidays | undefined;
let countryCodes: Map<string, string> | undefined;
const stateCodes = new Map<string, Map<string, string>>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
  return value;
}

function holidayRegistry(): Holidays {
  registry ??= new (holidaysClass())();
  return registry;
}

/** Upper-case country code → date-holidays' code. */
function knownCountries(): Map<string, string> {
  if (!countryCodes) {
    countryCodes = new Map(
      Object.keys(holidayRegistry().getCountries()).map((code) => [code.toUpperCase(), code]),
    );
  }
  return countryCodes;
}

/** Upper-case state code → date-holidays' spelling (most are upper case, a few are not, e.g. CK 'Aitutaki'). */
function knownStates(country: string): Map<string, string> {
  let states = stateCodes.get(country);
  if (!states) {
    const found = holidayRegistry().getStates(country) ?? {};
    states = new Map(Object.keys(found).map((code) => [code.toUpperCase(), code]));
    stateCodes.set(country, states);
  }
  return states;
}

function resolveCountry(text: string): string | undefined {
  return knownCountries().get(text.toUpperCase());
}

function resolveState(country: string, text: string): string | undefined {
  return knownStates(country).get(text.toUpperCase());
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

function describe(cal: WorkCalendar): string {
  const text = JSON.stringify({
    timeZone: cal?.timeZone,
    country: cal?.country,
    region: cal?.region,
    startHour: cal?.startHour,
    endHour: cal?.endHour,
  });
  return `calendar ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

function checkInstant(at: Date, what = 'at'): number {
  const time = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw new RangeError(`${what} is not a valid Date`);
  return time;
}

function checkTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(
      `Unknown time zone ${JSON.stringify(String(timeZone).slice(0, MAX_TIME_ZONE_LENGTH))}`,
    );
  }
}

function checkHours(cal: WorkCalendar): void {
  const { startHour, endHour } = cal;
  const isHour = (h: unknown) => Number.isInteger(h) && (h as number) >= 0 && (h as number) <= 24;
  if (!isHour(startHour) || !isHour(endHour) || startHour >= endHour) {
    throw new RangeError(
      `Invalid working hours in ${describe(cal)}: startHour and endHour must be integers 0–24 with startHour < endHour`,
    );
  }
}

/** Canonical country and state of a calendar; throws when date-holidays does not know them. */
function holidayKey(cal: WorkCalendar): { country: string; region: string | undefined } {
  const country = typeof cal.country === 'string' ? resolveCountry(cal.country) : undefined;
  if (!country) throw new RangeError(`Unknown holiday country in ${describe(cal)}`);
  if (cal.region === undefined || cal.region === '') return { country, region: undefined };
  const region = typeof cal.region === 'string' ? resolveState(country, cal.region) : undefined;
  if (!region) throw new RangeError(`Unknown holiday region in ${describe(cal)}`);
  return { country, region };
}

// ---------------------------------------------------------------------------------------------------------------
// Civil dates (day numbers: days since 1970-01-01, zone-free)

interface LocalFields {
  dayNumber: number;
  /** Milliseconds since local midnight. */
  timeOfDay: number;
  hour: number;
}

function localFields(time: number, timeZone: string): LocalFields {
  const local = time + tzOffset(timeZone, new Date(time)) * MINUTE_MS;
  const dayNumber = Math.floor(local / DAY_MS);
  const timeOfDay = local - dayNumber * DAY_MS;
  return { dayNumber, timeOfDay, hour: Math.floor(timeOfDay / 3_600_000) };
}

function formatDay(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`Date outside years 0000–9999: ${d.toISOString()}`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function parseDay(date: string): { dayNumber: number; year: number } {
  const match = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const utc = new Date(0);
    utc.setUTCFullYear(y, m - 1, d);
    if (utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d) {
      return { dayNumber: Math.floor(utc.getTime() / DAY_MS), year: y };
    }
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(String(date).slice(0, 40))}`);
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * The instant at which the wall clock in `timeZone` shows `timeOfDay` on `dayNumber`. An ambiguous time (autumn
 * fall-back) resolves to its first occurrence; a time that does not exist (spring-forward gap) resolves to the first
 * valid instant after the gap, i.e. the transition itself.
 */
function wallClockToInstant(dayNumber: number, timeOfDay: number, timeZone: string): number {
  const wall = dayNumber * DAY_MS + timeOfDay;
  const offsets = new Set(
    [wall - DAY_MS, wall, wall + DAY_MS].map((t) => tzOffset(timeZone, new Date(t)) * MINUTE_MS),
  );
  const candidates = [...offsets].map((offset) => wall - offset);
  const valid = candidates.filter((t) => wall - tzOffset(timeZone, new Date(t)) * MINUTE_MS === t);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: the instant is before the transition under the later offset and after it under the earlier one.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  const before = tzOffset(timeZone, new Date(lo));
  if (tzOffset(timeZone, new Date(hi)) === before) return wall - before * MINUTE_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (tzOffset(timeZone, new Date(mid)) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------------------------
// Holidays

function publicHolidaysOf(country: string, region: string | undefined, year: number): ReadonlySet<string> {
  const key = `${country}|${region ?? ''}|${year}`;
  const cached = publicHolidayDates.get(key);
  if (cached) return cached;
  const instanceKey = `${country}|${region ?? ''}`;
  let instance = holidayInstances.get(instanceKey);
  if (!instance) {
    const Class = holidaysClass();
    instance = region === undefined ? new Class(country) : new Class(country, region);
    remember(holidayInstances, instanceKey, instance);
  }
  const dates = new Set<string>();
  for (const holiday of instance.getHolidays(year)) {
    // `date` is local to the country, "YYYY-MM-DD hh:mm:ss[ -hh:mm]"; a suffix such as " -0600" marks a holiday
    // that starts the evening before, but the date itself is still the holiday's day.
    if (holiday.type === 'public') dates.add(holiday.date.slice(0, 10));
  }
  return remember(publicHolidayDates, key, dates);
}

function isWorkingDayNumber(dayNumber: number, cal: WorkCalendar): boolean {
  const { country, region } = holidayKey(cal); // validated even on weekends
  const day = weekday(dayNumber);
  if (day === 0 || day === 6) return false;
  const date = formatDay(dayNumber);
  return !publicHolidaysOf(country, region, Number(date.slice(0, 4))).has(date);
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * The calendar date of an instant in a time zone.
 *
 * @param at - The instant.
 * @param timeZone - IANA time zone, e.g. 'America/New_York'.
 * @returns The local date as 'YYYY-MM-DD'.
 * @throws RangeError when `at` is an invalid Date or `timeZone` is unknown.
 */
export function localDate(at: Date, timeZone: string): string {
  const time = checkInstant(at);
  checkTimeZone(timeZone);
  return formatDay(localFields(time, timeZone).dayNumber);
}

/**
 * Whether a local calendar date is a public holiday for the calendar's country (and region, when set).
 * Only date-holidays' type 'public' counts; 'bank', 'school', 'optional' and 'observance' days are working days.
 * A holiday counts for the whole day its date names, even when date-holidays has it start at noon or the evening
 * before. Results are cached per country, region and year.
 *
 * @param date - Local date as 'YYYY-MM-DD'.
 * @param cal - The calendar; only `country` and `region` are used.
 * @throws RangeError when `date` is not a real 'YYYY-MM-DD' date or the country/region is unknown to date-holidays.
 */
export function isPublicHoliday(date: string, cal: WorkCalendar): boolean {
  const { year } = parseDay(date);
  const { country, region } = holidayKey(cal);
  return publicHolidaysOf(country, region, year).has(date);
}

/**
 * Whether the local date of an instant (in the calendar's time zone) is a working day: Monday to Friday and not a
 * public holiday.
 *
 * @param at - The instant.
 * @param cal - The calendar; working hours are not used.
 * @throws RangeError for an invalid Date, time zone, country or region.
 */
export function isWorkingDay(at: Date, cal: WorkCalendar): boolean {
  const time = checkInstant(at);
  checkTimeZone(cal.timeZone);
  return isWorkingDayNumber(localFields(time, cal.timeZone).dayNumber, cal);
}

/**
 * Whether an instant is working time: a working day whose local time is at or after `startHour:00` and before
 * `endHour:00`.
 *
 * @param at - The instant.
 * @param cal - The calendar.
 * @throws RangeError for invalid working hours, Date, time zone, country or region.
 */
export function isWorkingTime(at: Date, cal: WorkCalendar): boolean {
  checkHours(cal);
  const time = checkInstant(at);
  checkTimeZone(cal.timeZone);
  const local = localFields(time, cal.timeZone);
  return local.hour >= cal.startHour && local.hour < cal.endHour && isWorkingDayNumber(local.dayNumber, cal);
}

/**
 * The earliest working time at or after an instant: `at` itself (as a new Date) when it is working time, otherwise
 * `startHour:00` local time on the next working day that has one (today's, if the day has not started yet). When
 * `startHour:00` does not exist that day (spring-forward gap) the first valid instant after the gap is used.
 *
 * @param at - The instant.
 * @param cal - The calendar.
 * @throws RangeError for invalid input, or naming the calendar when no working time lies within 400 days.
 */
export function nextWorkingTime(at: Date, cal: WorkCalendar): Date {
  const time = checkInstant(at);
  if (isWorkingTime(at, cal)) return new Date(time);
  const today = localFields(time, cal.timeZone).dayNumber;
  for (let offset = 0; offset <= MAX_SEARCH_DAYS; offset++) {
    const day = today + offset;
    if (!isWorkingDayNumber(day, cal)) continue;
    const start = wallClockToInstant(day, cal.startHour * 3_600_000, cal.timeZone);
    if (start > time && isWorkingTime(new Date(start), cal)) return new Date(start);
  }
  throw new RangeError(
    `No working time within ${MAX_SEARCH_DAYS} days after ${at.toISOString()} in ${describe(cal)}`,
  );
}

/**
 * The same local wall-clock time `days` working days later, moved on to working time: the local date advances
 * over `days` working days (weekends and public holidays are not counted; the starting date itself never counts),
 * keeps the local time of day (a time inside a spring-forward gap moves to the first valid instant), and the result
 * is then passed through {@link nextWorkingTime}. `addWorkingDays(x, 0, cal)` equals `nextWorkingTime(x, cal)`.
 *
 * Note that a start outside working hours keeps its time of day: Friday 18:00 + 1 is Monday 18:00, which
 * becomes Tuesday 09:00.
 *
 * @param at - The instant to start from.
 * @param days - Working days to add, an integer from 0 to 10,000.
 * @param cal - The calendar.
 * @throws RangeError for invalid input, or naming the calendar when a working day is more than 400 days away.
 */
export function addWorkingDays(at: Date, days: number, cal: WorkCalendar): Date {
  const time = checkInstant(at);
  if (!Number.isInteger(days) || days < 0 || days > MAX_WORKING_DAYS) {
    throw new RangeError(`days must be an integer from 0 to ${MAX_WORKING_DAYS}, got ${String(days)}`);
  }
  checkHours(cal);
  checkTimeZone(cal.timeZone);
  if (days === 0) return nextWorkingTime(at, cal);
  const local = localFields(time, cal.timeZone);
  let day = local.dayNumber;
  for (let counted = 0; counted < days; counted++) {
    let searched = 0;
    do {
      day++;
      if (++searched > MAX_SEARCH_DAYS) {
        throw new RangeError(
          `No working day within ${MAX_SEARCH_DAYS} days of ${formatDay(day)} in ${describe(cal)}`,
        );
      }
    } while (!isWorkingDayNumber(day, cal));
  }
  return nextWorkingTime(new Date(wallClockToInstant(day, local.timeOfDay, cal.timeZone)), cal);
}

/**
 * How many working days lie after `from`'s local date, up to and including `to`'s local date (both in the
 * calendar's time zone). 0 when `to`'s local date is on or before `from`'s. Times of day do not matter.
 *
 * @param from - The earlier instant.
 * @param to - The later instant.
 * @param cal - The calendar; working hours are not used.
 * @throws RangeError for invalid input, or when the dates are more than about 100 years apart.
 */
export function workingDaysBetween(from: Date, to: Date, cal: WorkCalendar): number {
  const fromTime = checkInstant(from, 'from');
  const toTime = checkInstant(to, 'to');
  checkTimeZone(cal.timeZone);
  const first = localFields(fromTime, cal.timeZone).dayNumber;
  const last = localFields(toTime, cal.timeZone).dayNumber;
  if (last <= first) return 0;
  if (last - first > MAX_SPAN_DAYS) {
    throw new RangeError(`workingDaysBetween spans more than ${MAX_SPAN_DAYS} days in ${describe(cal)}`);
  }
  let count = 0;
  for (let day = first + 1; day <= last; day++) {
    if (isWorkingDayNumber(day, cal)) count++;
  }
  return count;
}

/**
 * Whether a string is a time zone this runtime's Intl knows (IANA names such as 'Europe/Berlin', also 'UTC' and
 * links). Rejects non-strings, '', unknown names and anything longer than 64 characters. Results are cached.
 *
 * @param timeZone - The candidate time zone.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > MAX_TIME_ZONE_LENGTH)
    return false;
  const cached = timeZoneValidity.get(timeZone);
  if (cached !== undefined) return cached;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    valid = true;
  } catch {
    valid = false;
  }
  return remember(timeZoneValidity, timeZone, valid);
}

/**
 * Parses a holiday region as a user would type it: a country ('DE', 'de') or country and state ('DE-BY',
 * 'us-ny'), checked against date-holidays' countries and that country's states. Codes come back as date-holidays
 * spells them (upper case, except a handful of mixed-case state codes such as CK 'Aitutaki').
 *
 * @param text - The text; surrounding whitespace is ignored.
 * @returns `{ country }` or `{ country, region }`, or null when the text is malformed or names an unknown
 *   country or state.
 */
export function parseHolidayRegion(text: string): { country: string; region?: string } | null {
  if (typeof text !== 'string' || text.length > 32) return null;
  const match = REGION_TEXT_RE.exec(text.trim());
  if (!match?.[1]) return null;
  const country = resolveCountry(match[1]);
  if (!country) return null;
  if (match[2] === undefined) return { country };
  const region = resolveState(country, match[2]);
  return region ? { country, region } : null;
}
