import { type Actor, LOCALES, type Message } from './context';
import type { DialogInput } from './events';
import { wordList } from './i18n';
import { isIsoDate, MAX_SNOOZE_DAYS } from './machine';
import { isValidTimeZone, parseHolidayRegion } from './reminders/working-time';

/**
 * The reminder commands' arguments, in both languages (the words live in `locales/<lang>/common.json`,
 * `words.remind.*`): when to remind (`morgen`, `in 2 tagen`, `next week`, `aus`), who owns a step (`4 @anna`,
 * a Slack mention), the target date (`2027-02-15`, `15.02.2027`), the time zone and the holiday region.
 */
export type SettingParsed = { kind: 'input'; input: DialogInput } | { kind: 'error'; message: Message };

const ok = (input: DialogInput): SettingParsed => ({ kind: 'input', input });
const refuse = (key: string): SettingParsed => ({ kind: 'error', message: { key } });

/** Lower case, one space, no trailing full stop: how arguments are compared with the word lists. */
function fold(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.!?]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A word list of both languages, folded. */
function both(key: string): string[] {
  return LOCALES.flatMap((locale) => wordList(locale, key).map(fold));
}

/** "2", "zwei", "two", "einem" (in einem Tag) → the number; null otherwise. */
function numberOf(word: string): number | null {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  for (const locale of LOCALES) {
    const index = wordList(locale, 'words.numbers').map(fold).indexOf(word);
    if (index >= 0) return index;
  }
  if (['ein', 'eine', 'einer', 'a', 'an'].includes(word)) return 1;
  return null;
}

/** `erinnern …` / `remind …`. */
export function parseRemind(argument: string): SettingParsed {
  const text = fold(argument);
  if (text === '') return refuse('input.remindHow');
  if (both('words.remind.off').includes(text)) return ok({ type: 'REMINDERS', on: false });
  if (both('words.remind.on').includes(text)) return ok({ type: 'REMINDERS', on: true });
  if (both('words.remind.tomorrow').includes(text)) return ok({ type: 'SNOOZE', days: 1 });
  if (both('words.remind.dayAfterTomorrow').includes(text)) return ok({ type: 'SNOOZE', days: 2 });
  if (both('words.remind.nextWeek').includes(text)) return ok({ type: 'SNOOZE', days: 7 });
  const [first, count, unit, ...rest] = text.split(' ');
  if (rest.length === 0 && first && count && unit && both('words.remind.in').includes(first)) {
    const n = numberOf(count);
    const perUnit = both('words.remind.days').includes(unit)
      ? 1
      : both('words.remind.weeks').includes(unit)
        ? 7
        : null;
    if (n !== null && perUnit !== null) {
      const days = n * perUnit;
      // The machine refuses 0 and more than MAX_SNOOZE_DAYS with its own message; keep those as events.
      return ok({ type: 'SNOOZE', days: Math.min(days, MAX_SNOOZE_DAYS + 1) });
    }
  }
  return refuse('input.remindHow');
}

/** Slack's mention forms of groups, and the plain words people type for them: never an owner. */
const GROUP_MENTION =
  /^(?:<!(?:channel|here|everyone)(?:\|[^>]*)?>|<!subteam\^[^>]*>|@(?:channel|here|everyone))$/iu;
/** A Slack user mention: `<@U123>` or `<@U123|anna>`. */
const USER_MENTION = /^<@([UW][A-Z0-9]{2,20})(?:\|([^>]{1,80}))?>$/u;

/** `owner [step] who` / `verantwortlich [Schritt] who`. */
export function parseOwner(argument: string): SettingParsed {
  const words = argument.trim().split(/\s+/u).filter(Boolean);
  let step: number | undefined;
  const stepWord = fold(words[0] ?? '');
  if (stepWord === 'schritt' || stepWord === 'step') words.shift();
  const number = /^\d{1,2}$/.test(words[0] ?? '') ? Number(words[0]) : null;
  if (number !== null) {
    step = number;
    words.shift();
  }
  const who = words.join(' ').trim();
  if (who === '') return refuse('input.ownerWho');
  if (GROUP_MENTION.test(who) || /<!/.test(who)) return refuse('input.ownerMention');
  const withStep = (owner: Actor | null): SettingParsed =>
    ok({ type: 'SET_OWNER', owner, ...(step !== undefined ? { step } : {}) });
  if (both('words.nobody').includes(fold(who))) return withStep(null);
  const mention = USER_MENTION.exec(who);
  if (mention?.[1]) return withStep({ id: mention[1], ...(mention[2] ? { name: mention[2] } : {}) });
  const name = who.replace(/^@/u, '').trim();
  if (name === '' || name.length > 80 || /[<>]/.test(name)) return refuse('input.ownerWho');
  return withStep({ id: `name:${fold(name)}`, name });
}

/** `ziel 2027-02-15` / `target 15.02.2027` / `ziel keins`; null when the argument is no date (the line is an answer). */
export function parseTarget(argument: string): SettingParsed | null {
  const text = fold(argument);
  if (both('words.none').includes(text)) return ok({ type: 'SET_TARGET', date: null });
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : null;
  if (!parts)
    return /\d/.test(text) && text.split(' ').length <= 3 ? refuse('notice.settingRefused.target') : null;
  const [year, month, day] = parts as [string, string, string];
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(date) ? ok({ type: 'SET_TARGET', date }) : refuse('notice.settingRefused.target');
}

/** Every IANA zone this runtime knows, by its lower-case name: "europe/berlin" → "Europe/Berlin". */
let zones: Map<string, string> | null = null;
function canonicalZone(text: string): string | null {
  zones ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  const zone = zones.get(text.toLowerCase()) ?? (text.toUpperCase() === 'UTC' ? 'UTC' : null);
  return zone && isValidTimeZone(zone) ? zone : null;
}

/** `zeitzone Europe/Berlin [DE-BE]` / `timezone America/New_York [US-NY]`. */
export function parseTimeZone(argument: string): SettingParsed {
  const [zoneText, regionText, ...rest] = argument.trim().split(/\s+/u);
  if (!zoneText || rest.length > 0) return refuse('input.unknownTimeZone');
  const timeZone = canonicalZone(zoneText);
  if (!timeZone) return refuse('input.unknownTimeZone');
  if (!regionText) return ok({ type: 'SET_CALENDAR', timeZone });
  const region = parseHolidayRegion(regionText);
  if (!region) return refuse('input.unknownHolidays');
  return ok({ type: 'SET_CALENDAR', timeZone, holidays: holidayCode(region) });
}

/** `feiertage DE-BY` / `holidays US-NY`. */
export function parseHolidays(argument: string): SettingParsed {
  const region = parseHolidayRegion(argument.trim());
  return region
    ? ok({ type: 'SET_CALENDAR', holidays: holidayCode(region) })
    : refuse('input.unknownHolidays');
}

function holidayCode(region: { country: string; region?: string }): string {
  return region.region ? `${region.country}-${region.region}` : region.country;
}
