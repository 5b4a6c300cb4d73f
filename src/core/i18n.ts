import i18next, { type TFunction } from 'i18next';
import deCommon from '../../locales/de/common.json';
import deFlow from '../../locales/de/flow.json';
import deKnowledge from '../../locales/de/knowledge.json';
import deSlack from '../../locales/de/slack.json';
import deVoice from '../../locales/de/voice.json';
import enCommon from '../../locales/en/common.json';
import enFlow from '../../locales/en/flow.json';
import enKnowledge from '../../locales/en/knowledge.json';
import enSlack from '../../locales/en/slack.json';
import enVoice from '../../locales/en/voice.json';
import { LOCALES, type Locale, type Message, type Param } from './context';

/**
 * Every sentence a person reads, by language and namespace: `common` for the dialog, `flow` for flow content,
 * `knowledge` for the answers to the teams' own questions, and one override namespace per channel whose wording
 * differs (`slack` for Block Kit, `voice` for Alexa's speech).
 */
export const RESOURCES = {
  de: { common: deCommon, flow: deFlow, knowledge: deKnowledge, slack: deSlack, voice: deVoice },
  en: { common: enCommon, flow: enFlow, knowledge: enKnowledge, slack: enSlack, voice: enVoice },
} as const;

export const NAMESPACES = ['common', 'flow', 'knowledge', 'slack', 'voice'] as const;

const instance = i18next.createInstance();
void instance.init({
  resources: RESOURCES,
  lng: 'de',
  fallbackLng: false,
  ns: [...NAMESPACES],
  defaultNS: 'common',
  initAsync: false,
  // Channels escape for their own medium (Slack mrkdwn, SSML, terminal); i18next must not HTML-escape.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const translators = new Map<Locale, TFunction>(LOCALES.map((l) => [l, instance.getFixedT(l)]));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language a team speaks when nothing else is known. */
export const DEFAULT_LOCALE: Locale = 'de';

/** Whether a key has text in a language (optional texts such as a question's `blocked` guidance). */
export function hasText(locale: Locale, key: string): boolean {
  return instance.exists(key, { lng: locale });
}

/**
 * A word list of the locale files: a JSON array (`["ja", "jawohl"]`), or the older `a|b|c` form. Empty entries are
 * dropped; a missing key is an empty list.
 */
export function wordList(locale: Locale, key: string): string[] {
  const cacheKey = `${locale}\u0000${key}`;
  const cached = wordLists.get(cacheKey);
  if (cached) return cached;
  let list: string[] = [];
  if (hasText(locale, key)) {
    const t = translators.get(locale) as TFunction;
    const value = t(key, { returnObjects: true }) as unknown;
    list = (Array.isArray(value) ? value.map(String) : String(value).split('|'))
      .map((word) => word.trim())
      .filter((word) => word.length > 0);
  }
  wordLists.set(cacheKey, list);
  return list;
}

/** The locale files do not change while the process runs: each word list is read once. */
const wordLists = new Map<string, string[]>();

/** A text that says nothing as an answer ("ok", "ja", "weiß nicht"), in either language. */
export function isFiller(answer: string): boolean {
  const folded = answer
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.!?,;:\s]+/gu, ' ')
    .trim();
  return LOCALES.some((locale) => wordList(locale, 'words.filler').includes(folded));
}

/** How a channel words what it says differently: its namespace overrides a common key of the same name. */
export type Override = 'slack' | 'voice';

/** The key to look up: the channel's own wording of `key` where it has one. */
export function keyFor(locale: Locale, key: string, override?: Override): string {
  if (!override || key.includes(':')) return key;
  const own = `${override}:${key}`;
  // An override may exist only in its plural forms (`voice:notice.check.several_one` / `_other`).
  return hasText(locale, own) || hasText(locale, `${own}_other`) ? own : key;
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>(
  LOCALES.map((l) => [
    l,
    new Intl.DateTimeFormat(l === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  ]),
);

/** A date as the language writes it in text: "1. Dezember 2026", "1 December 2026". ISO only in JSON. */
export function formatDate(locale: Locale, iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (!timeZone || timeZone === 'UTC') return (dateFormats.get(locale) as Intl.DateTimeFormat).format(date);
  const key = `${locale}\u0000${timeZone}`;
  let format = zonedDateFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone });
    } catch {
      format = dateFormats.get(locale) as Intl.DateTimeFormat;
    }
    zonedDateFormats.set(key, format);
  }
  return format.format(date);
}

const zonedDateFormats = new Map<string, Intl.DateTimeFormat>();

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as the language writes it, in a time zone, with the zone's short name: "4. März 2027 um 10:00 MEZ",
 * "4 March 2027 at 10:00 GMT+1". For when a nudge comes: the team reads it in its own time.
 */
export function formatDateTime(locale: Locale, iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${locale}\u0000${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone,
      });
    } catch {
      format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'UTC',
      });
    }
    dateTimeFormats.set(key, format);
  }
  const zone =
    new Intl.DateTimeFormat('en-US', { timeZone: format.resolvedOptions().timeZone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  return `${format.format(date)} ${zone}`.trim();
}

/**
 * Renders one parameter: keys are looked up (with their own parameters), key lists are joined as the language joins
 * them ("Web und App"), dates are written the language's way.
 */
export function renderParam(locale: Locale, param: Param, override?: Override): string {
  if (typeof param === 'string' || typeof param === 'number') return String(param);
  if ('date' in param) return formatDate(locale, param.date, param.timeZone);
  if ('key' in param)
    return render(locale, { key: param.key, ...(param.params ? { params: param.params } : {}) }, override);
  const list = new Intl.ListFormat(locale, { style: 'long', type: param.or ? 'disjunction' : 'conjunction' });
  return list.format(param.keys.map((key) => text(locale, keyFor(locale, key, override))));
}

const LABEL_KEY = /^flow:questions\.([^.]+)\.(?:choices|items)\.([^.]+)$/;

/**
 * A choice or item label as a button or a list shows it: labels are written as they read inside a sentence
 * ("Noted: web and mobile app", "andere Zahlungsart anbieten"), and stand alone with a capital first letter, except
 * names written in lower case (`common:labels.lowercaseNames`, e.g. plentymarkets).
 */
export function displayLabel(locale: Locale, key: string): string {
  const label = text(locale, key);
  const match = LABEL_KEY.exec(key);
  if (match && wordList(locale, 'labels.lowercaseNames').includes(`${match[1]}.${match[2]}`)) return label;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** The text of a key with plain parameters. A missing key yields the key itself, which the locale tests forbid. */
export function text(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const t = translators.get(locale) as TFunction;
  return t(key, params ?? {}) as string;
}

/**
 * A message with its parameters rendered in `locale`, in a channel's own wording where it has one. Numbers stay
 * numbers, so that i18next picks plural forms by them ("1 offener Punkt", "2 offene Punkte").
 */
export function render(locale: Locale, message: Message, override?: Override): string {
  const params: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(message.params ?? {}))
    params[name] = typeof param === 'number' ? param : renderParam(locale, param, override);
  return text(locale, keyFor(locale, message.key, override), params);
}
