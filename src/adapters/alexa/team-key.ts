import type { RequestEnvelope } from 'ask-sdk-model';
import type { Actor, Locale } from '../../core/context';
import { text } from '../../core/i18n';

/**
 * Who is speaking and whose progress they work on, from the request envelope. Pure functions of the envelope, so a
 * test can check them with a wire payload alone.
 */

/** The Alexa user as the dialog knows them: their own progress key, and the user a link code is redeemed for. */
export function alexaUserKey(envelope: RequestEnvelope): string {
  return `alexa:${envelope.context.System.user.userId}`;
}

/** The team whose progress this request works on: the team the user linked to, else their own `alexa:<userId>`. */
export function teamKeyFromAlexa(envelope: RequestEnvelope, linkedTeam: string | null): string {
  return linkedTeam ?? alexaUserKey(envelope);
}

/**
 * The dialog language of a request: the device's. `de-*` speaks German, `en-*` English; other locales (the skill is
 * not published there) get `fallback`.
 */
export function localeFromAlexa(envelope: RequestEnvelope, fallback: Locale): Locale {
  const raw = (envelope.request as { locale?: unknown }).locale;
  const locale = typeof raw === 'string' ? raw.toLowerCase() : '';
  if (locale.startsWith('de')) return 'de';
  if (locale.startsWith('en')) return 'en';
  return fallback;
}

/**
 * Who answered, as teammates see it in Slack: "Alexa user", or "Alexa user 4F2A" when Alexa recognised the person
 * (the end of the person id tells household members apart without showing the whole opaque id).
 */
export function actorFromAlexa(envelope: RequestEnvelope, locale: Locale): Actor {
  const personId: unknown = envelope.context.System.person?.personId;
  const name =
    typeof personId === 'string' && personId
      ? text(locale, 'voice:actor.person', { person: personId.slice(-4).toUpperCase() })
      : text(locale, 'voice:actor.anonymous');
  return { id: alexaUserKey(envelope), name };
}
