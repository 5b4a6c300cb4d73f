import type { interfaces, RequestEnvelope, services } from 'ask-sdk-model';
import type { Locale } from '../../core/context';
import { isIsoDate, MAX_SNOOZE_DAYS } from '../../core/machine';
import { isValidTimeZone, localDate } from '../../core/reminders/working-time';
import { REMINDERS_PERMISSION } from './intents';
import { ALEXA_LOCALES, type AlexaLocale } from './interaction-model';

/**
 * The voice user's own reminder ("erinnere uns morgen"), through the Alexa Reminders API: created in the session
 * the user asked in, with their consent, never by the server. The request is built here as pure functions of the
 * envelope and the clock; create-skill.ts decides when to create it and what to say.
 */

/** The local time of day a reminder rings, in the team's time zone: early in the working day. */
export const REMINDER_HOUR = 10;
/**
 * How long the skill waits for the Reminders API. DefaultApiClient has no timeout of its own, and the whole
 * response must reach Alexa within about 8 seconds.
 */
export const REMINDER_TIMEOUT_MS = 3000;
/**
 * How long the skill waits for the device's time zone (the Settings API) before the reminder keeps to the default
 * time zone: it is asked before the reminder is created, within the same response.
 */
export const TIME_ZONE_TIMEOUT_MS = 1000;

/** The token of the voice permission request: Alexa sends it back with the answer, so it carries the day. */
const TOKEN_PREFIX = 'paysetup.remind:';

/** The user granted the skill the reminders permission (Alexa then sends a consent token with every request). */
export function hasReminderConsent(envelope: RequestEnvelope): boolean {
  const token: unknown = envelope.context.System.user.permissions?.consentToken;
  return typeof token === 'string' && token !== '';
}

/**
 * Where the Alexa APIs (Reminders, Settings) can be called for this request: Alexa's `apiEndpoint` and
 * `apiAccessToken`. Plain http only on this machine (a local fake of the APIs, as the tests run one): the access token
 * never crosses a network unencrypted. DefaultApiClient picks http or https by the URL's protocol.
 */
export function reminderApiUsable(envelope: RequestEnvelope): boolean {
  const { apiEndpoint, apiAccessToken } = envelope.context.System as {
    apiEndpoint?: unknown;
    apiAccessToken?: unknown;
  };
  if (typeof apiEndpoint !== 'string' || typeof apiAccessToken !== 'string' || apiAccessToken === '')
    return false;
  let url: URL;
  try {
    url = new URL(apiEndpoint);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** The Alexa locale a request speaks, for the reminder's text and for dates said aloud. */
export function alexaLocaleOf(envelope: RequestEnvelope, locale: Locale): AlexaLocale {
  const raw: unknown = (envelope.request as { locale?: unknown }).locale;
  const known = Object.keys(ALEXA_LOCALES) as AlexaLocale[];
  const exact = known.find((candidate) => candidate.toLowerCase() === String(raw).toLowerCase());
  return exact ?? (locale === 'de' ? 'de-DE' : 'en-US');
}

/** `YYYY-MM-DD` plus whole calendar days (no clock involved, so no daylight-saving change can shift the day). */
function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * The day a reminder "in `days` days" rings: today's date in the team's time zone plus `days` calendar days. Not
 * `now + days × 24 h`: across a daylight-saving change that lands on the wrong day near midnight.
 */
export function reminderDay(now: Date, timeZone: string, days: number): string {
  return addDays(localDate(now, timeZone), days);
}

/** A reminder day as it comes back in the permission answer's token: a real date, from today up to the longest snooze. */
export function dayFromToken(token: unknown, now: Date, timeZone: string): string | null {
  if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) return null;
  const day = token.slice(TOKEN_PREFIX.length);
  if (!isIsoDate(day)) return null;
  const today = localDate(now, timeZone);
  return day >= today && day <= addDays(today, MAX_SNOOZE_DAYS) ? day : null;
}

export interface ReminderPlan {
  /** The local date, `YYYY-MM-DD`, in `timeZone`. */
  day: string;
  /** The team's time zone (IANA). */
  timeZone: string;
}

/**
 * The body of `POST /v1/alerts/reminders`: at REMINDER_HOUR local time on the day, in the team's time zone (the
 * scheduled time is wall-clock time without an offset; Alexa applies `timeZoneId`), spoken in the request's locale,
 * with a notification in the Alexa app.
 */
export function reminderRequest(
  plan: ReminderPlan,
  options: { now: Date; alexaLocale: AlexaLocale; text: string },
): services.reminderManagement.ReminderRequest {
  const hour = String(REMINDER_HOUR).padStart(2, '0');
  return {
    requestTime: options.now.toISOString(),
    trigger: {
      type: 'SCHEDULED_ABSOLUTE',
      scheduledTime: `${plan.day}T${hour}:00:00`,
      timeZoneId: plan.timeZone,
    },
    alertInfo: { spokenInfo: { content: [{ locale: options.alexaLocale, text: options.text }] } },
    pushNotification: { status: 'ENABLED' },
  };
}

/**
 * The voice permission request: Alexa asks the user itself ("Do you give … permission to create reminders?") and
 * answers the skill with a `Connections.Response` carrying this token. Version 2 names its scopes in a list, each with
 * its consent level (version 1 had a single `permissionScope`).
 */
export function askForRemindersDirective(day: string): interfaces.connections.SendRequestDirective {
  return {
    type: 'Connections.SendRequest',
    name: 'AskFor',
    payload: {
      '@type': 'AskForPermissionsConsentRequest',
      '@version': '2',
      permissionScopes: [{ permissionScope: REMINDERS_PERMISSION, consentLevel: 'ACCOUNT' }],
    },
    token: `${TOKEN_PREFIX}${day}`,
  };
}

/**
 * What the user answered to the voice permission request. `unavailable`: Alexa could not ask (the request failed,
 * e.g. on a device without voice permissions); the card in the Alexa app is the other way to grant it.
 */
export type PermissionAnswer = 'accepted' | 'denied' | 'unavailable';

export function permissionAnswer(request: interfaces.connections.ConnectionsResponse): PermissionAnswer {
  // Alexa writes the code as a string ("200"); be lenient about a number.
  if (String(request.status?.code ?? '') !== '200') return 'unavailable';
  const status: unknown = request.payload?.status;
  return status === 'ACCEPTED' ? 'accepted' : 'denied';
}

/** What creating a reminder came to. */
export type ReminderResult =
  | { kind: 'created'; alertToken: string | null }
  /** 401 or 403: the permission is missing or was taken back. */
  | { kind: 'noPermission'; status: number }
  /** The device cannot have reminders (the API says DEVICE_NOT_SUPPORTED). */
  | { kind: 'unsupported' }
  | { kind: 'failed'; cause: string };

/** The parts of a rejected ask-sdk service call this reads (`ServiceError`: statusCode, response body). */
interface ServiceFailure {
  statusCode?: unknown;
  response?: unknown;
  message?: unknown;
}

const statusOf = (error: ServiceFailure): number | null =>
  typeof error?.statusCode === 'number' ? error.statusCode : null;

/** A failed call for the log: "500: Unknown error", or the cause without a status ("connect ECONNREFUSED …"). */
function failureOf(error: ServiceFailure): string {
  const status = statusOf(error);
  const message = typeof error?.message === 'string' ? error.message : String(error);
  return status === null ? message : `${status}: ${message}`;
}

/** `call`, or `late()` when it takes longer than `timeoutMs` (DefaultApiClient has no timeout of its own). */
async function within<T>(call: Promise<T>, timeoutMs: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), timeoutMs);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Creates the reminder, within `timeoutMs`; never throws. */
export async function createReminder(
  client: Pick<services.reminderManagement.ReminderManagementServiceClient, 'createReminder'>,
  request: services.reminderManagement.ReminderRequest,
  timeoutMs: number = REMINDER_TIMEOUT_MS,
): Promise<ReminderResult> {
  const call = client.createReminder(request).then(
    (response): ReminderResult => ({ kind: 'created', alertToken: response.alertToken ?? null }),
    (error: ServiceFailure): ReminderResult => {
      const status = statusOf(error);
      if (status === 401 || status === 403) return { kind: 'noPermission', status };
      const code = (error?.response as { code?: unknown } | undefined)?.code;
      if (code === 'DEVICE_NOT_SUPPORTED') return { kind: 'unsupported' };
      return { kind: 'failed', cause: failureOf(error) };
    },
  );
  return within(call, timeoutMs, () => ({ kind: 'failed', cause: `no answer within ${timeoutMs} ms` }));
}

/** The device's time zone, or why there is none to keep to. */
export type DeviceTimeZone = { kind: 'found'; timeZone: string } | { kind: 'none'; cause: string };

/**
 * The time zone the device the user speaks to is set to, from the Alexa Settings API (`GET
 * {apiEndpoint}/v2/devices/{deviceId}/settings/System.timeZone`, which answers with the IANA name as a JSON string
 * and needs no permission), within `timeoutMs`. Only a zone this runtime knows counts. Never throws.
 */
export async function deviceTimeZone(
  factory: Pick<services.ServiceClientFactory, 'getUpsServiceClient'> | undefined,
  envelope: RequestEnvelope,
  timeoutMs: number = TIME_ZONE_TIMEOUT_MS,
): Promise<DeviceTimeZone> {
  const deviceId: unknown = envelope.context.System.device?.deviceId;
  if (typeof deviceId !== 'string' || deviceId === '')
    return { kind: 'none', cause: 'the request names no device' };
  if (!factory || !reminderApiUsable(envelope))
    return { kind: 'none', cause: 'the request names no usable apiEndpoint and apiAccessToken' };
  let asked: Promise<DeviceTimeZone>;
  try {
    asked = factory
      .getUpsServiceClient()
      .getSystemTimeZone(deviceId)
      .then(
        (answer: unknown): DeviceTimeZone =>
          typeof answer === 'string' && isValidTimeZone(answer)
            ? { kind: 'found', timeZone: answer }
            : {
                kind: 'none',
                cause: `no known time zone in the answer ${JSON.stringify(answer)?.slice(0, 80)}`,
              },
        (error: ServiceFailure): DeviceTimeZone => ({ kind: 'none', cause: failureOf(error) }),
      );
  } catch (error) {
    return { kind: 'none', cause: failureOf(error as ServiceFailure) };
  }
  return within(asked, timeoutMs, () => ({ kind: 'none', cause: `no answer within ${timeoutMs} ms` }));
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(alexaLocale: AlexaLocale, weekday: boolean): Intl.DateTimeFormat {
  const key = `${alexaLocale}:${weekday}`;
  let format = dayFormats.get(key);
  if (!format) {
    // A wall-clock date: formatted in UTC, so that no time zone moves it.
    format = new Intl.DateTimeFormat(alexaLocale, {
      ...(weekday ? { weekday: 'long' } : {}),
      day: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    });
    dayFormats.set(key, format);
  }
  return format;
}

/** A local date for the ear: "Sonntag, 28. März", "Sunday, March 28"; without the weekday "28. März". */
export function spokenDay(alexaLocale: AlexaLocale, day: string, weekday = true): string {
  return dayFormat(alexaLocale, weekday).format(new Date(`${day}T12:00:00Z`));
}

/**
 * The reminder's time of day for the ear: "10 Uhr", "10 AM", "10 am". English says the hour on the 12-hour clock
 * (British English would write a bare "10" on the 24-hour one).
 */
export function spokenTime(alexaLocale: AlexaLocale): string {
  const hour12 = ALEXA_LOCALES[alexaLocale] === 'en';
  return new Intl.DateTimeFormat(alexaLocale, { hour: 'numeric', hour12, timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, REMINDER_HOUR)),
  );
}

/** The local date of an instant in a time zone, for the ear (when a snooze ends). */
export function spokenDayOf(alexaLocale: AlexaLocale, at: string, timeZone: string): string | null {
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) return null;
  return spokenDay(alexaLocale, localDate(time, timeZone), false);
}
