import i18next, { type TFunction } from 'i18next';
import deCommon from '../../locales/de/common.json';
import deFlow from '../../locales/de/flow.json';
import deSlack from '../../locales/de/slack.json';
import deVoice from '../../locales/de/voice.json';
import enCommon from '../../locales/en/common.json';
import enFlow from '../../locales/en/flow.json';
import enSlack from '../../locales/en/slack.json';
import enVoice from '../../locales/en/voice.json';
import { LOCALES, type Locale, type Message, type Param } from './context';

/**
 * Every sentence a person reads, by language and namespace: `common` for the dialog, `flow` for flow content, and one
 * override namespace per channel whose wording differs (`slack` for Block Kit, `voice` for Alexa's speech).
 */
export const RESOURCES = {
  de: { common: deCommon, flow: deFlow, slack: deSlack, voice: deVoice },
  en: { common: enCommon, flow: enFlow, slack: enSlack, voice: enVoice },
} as const;

export const NAMESPACES = ['common', 'flow', 'slack', 'voice'] as const;

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

/** Whether a key has text in a language (optional texts such as a question's `blocked` guidance). */
export function hasText(locale: Locale, key: string): boolean {
  return instance.exists(key, { lng: locale });
}

/** Renders one parameter: keys are looked up, key lists are joined as the language joins them ("Web und App"). */
export function renderParam(locale: Locale, param: Param): string {
  if (typeof param === 'string' || typeof param === 'number') return String(param);
  if ('key' in param) return text(locale, param.key, param.params);
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  return list.format(param.keys.map((key) => text(locale, key)));
}

/** The text of a key with plain parameters. A missing key yields the key itself, which the locale tests forbid. */
export function text(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const t = translators.get(locale) as TFunction;
  return t(key, params ?? {}) as string;
}

/** A message with its parameters rendered in `locale`. */
export function render(locale: Locale, message: Message): string {
  const params: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(message.params ?? {})) params[name] = renderParam(locale, param);
  return text(locale, message.key, params);
}
