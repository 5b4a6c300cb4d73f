import type { interfaces, RequestEnvelope } from 'ask-sdk-model';
import type { SkillResponse } from 'virtual-alexa';
import type { AlexaLocale } from '../../../src/adapters/alexa/interaction-model';
import type { Locale } from '../../../src/core/context';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { StoreError } from '../../../src/store/port';
import {
  FakeRemindersApi,
  REMINDER_API_ERRORS,
  type RecordedReminderCall,
  SETTINGS_API_ERRORS,
  type SettingsApiAnswer,
} from '../../helpers/alexa/fake-reminders-api';
import { type Harness, harness, reprompt, speech, storedRecord } from './harness';

/**
 * "Erinnere uns morgen" on Alexa: the team's snooze (no nudge before then) and the voice user's own Alexa reminder,
 * created in the session through the Reminders API with the user's consent, in the team's time zone (the device's,
 * from the Settings API, for a team that has none of its own). The skill's real ask-sdk clients (DefaultApiClient)
 * call a fake of both APIs on 127.0.0.1, named in the envelope's `context.System.apiEndpoint`, so every test sees
 * the requests exactly as the APIs would: method, path, bearer token and JSON body.
 */

const USER = 'amzn1.ask.account.REMINDERS';
const TEAM = `alexa:${USER}`;
const ACCESS_TOKEN = 'amzn1.ask.apiAccessToken.REMINDERS';
const CONSENT = 'amzn1.ask.consent.REMINDERS';
const DEVICE = 'amzn1.ask.device.REMINDERS';
const SCOPE = 'alexa::alerts:reminders:skill:readwrite';
const DAY_MS = 86_400_000;
const SLACK_ANNA = { actor: { id: 'U_ANNA', name: 'Anna' }, channel: 'slack' };

let api: FakeRemindersApi;
beforeEach(async () => {
  api = await new FakeRemindersApi().start();
});
afterEach(async () => {
  await api.close();
});

interface Setup {
  locale: AlexaLocale;
  /** The fixed clock of the skill and the engine. */
  now: string;
  /** The user granted the reminders permission (Alexa sends a consent token). */
  consent: boolean;
  /** The team's time zone, as a teammate set it; default none of its own (the policy's is Europe/Berlin). */
  timeZone?: string;
  /** What the Settings API answers for the device's time zone; default the fake's (Europe/Berlin). */
  deviceTimeZone?: string;
  reminderTimeoutMs?: number;
  timeZoneTimeoutMs?: number;
  store?: MemoryStore;
  /** The envelope's apiEndpoint; default the fake's URL. */
  apiEndpoint?: string;
}

interface Session {
  h: Harness;
  launched: SkillResponse;
  /** Whether the next requests carry the consent token. */
  grant(consent: boolean): void;
}

/** The team's record exists (a teammate set its time zone), and the voice user has opened the skill. */
async function open(setup: Setup): Promise<Session> {
  const at = new Date(setup.now);
  const h = harness({
    locale: setup.locale,
    userId: USER,
    now: () => at,
    ...(setup.store ? { store: setup.store } : {}),
    ...(setup.reminderTimeoutMs ? { reminderTimeoutMs: setup.reminderTimeoutMs } : {}),
    ...(setup.timeZoneTimeoutMs ? { timeZoneTimeoutMs: setup.timeZoneTimeoutMs } : {}),
  });
  if (setup.deviceTimeZone) api.deviceTimeZone = setup.deviceTimeZone;
  if (setup.timeZone)
    await h.engine.handle(TEAM, { type: 'SET_CALENDAR', timeZone: setup.timeZone }, SLACK_ANNA);
  let consent = setup.consent;
  // What Alexa puts into every request: the API's address and token, and the consent token once granted.
  const withSystem = (request: RequestEnvelope): void => {
    const system = request.context.System;
    system.apiEndpoint = setup.apiEndpoint ?? api.url;
    system.apiAccessToken = ACCESS_TOKEN;
    system.device = { deviceId: DEVICE, supportedInterfaces: {} };
    for (const user of [system.user, request.session?.user]) {
      if (!user) continue;
      if (consent) user.permissions = { consentToken: CONSENT };
      else delete user.permissions;
    }
  };
  h.alexa.filter(withSystem);
  const launched = await h.launch();
  return {
    h,
    launched,
    grant(value) {
      consent = value;
    },
  };
}

/** The reminder request the Reminders API must get. */
function reminderCall(options: {
  scheduledTime: string;
  timeZoneId: string;
  locale: string;
  text: string;
  now: string;
}) {
  return {
    method: 'POST',
    path: '/v1/alerts/reminders',
    authorization: `Bearer ${ACCESS_TOKEN}`,
    contentType: 'application/json',
    body: {
      requestTime: options.now,
      trigger: {
        type: 'SCHEDULED_ABSOLUTE',
        scheduledTime: options.scheduledTime,
        timeZoneId: options.timeZoneId,
      },
      alertInfo: { spokenInfo: { content: [{ locale: options.locale, text: options.text }] } },
      pushNotification: { status: 'ENABLED' },
    },
  };
}

/** The Settings API request for the device's time zone, as the API must get it. */
const TIME_ZONE_CALL = {
  method: 'GET',
  path: '/v2/devices/amzn1.ask.device.REMINDERS/settings/System.timeZone',
  authorization: `Bearer ${ACCESS_TOKEN}`,
  body: null,
};
const asAsked = (call: RecordedReminderCall) => ({
  method: call.method,
  path: call.path,
  authorization: call.headers.authorization,
  body: call.body,
});

const asSent = (call: RecordedReminderCall) => ({
  method: call.method,
  path: call.path,
  authorization: call.headers.authorization,
  contentType: call.headers['content-type'],
  body: call.body,
});

const REMINDER_TEXT: Record<Locale, string> = {
  de: 'Zeit für Ihre Amazon-Pay-Integration: Sagen Sie „Alexa, öffne bezahl assistent“.',
  en: 'Time for your Amazon Pay integration: say "Alexa, open pay setup assistant".',
};

/** The permission request Alexa must get: voice permission, version 2, for reminders, with the day in the token. */
function askFor(day: string) {
  return {
    type: 'Connections.SendRequest',
    name: 'AskFor',
    payload: {
      '@type': 'AskForPermissionsConsentRequest',
      '@version': '2',
      permissionScopes: [{ permissionScope: SCOPE, consentLevel: 'ACCOUNT' }],
    },
    token: `paysetup.remind:${day}`,
  };
}

const directivesOf = (response: SkillResponse): unknown[] => response.response?.directives ?? [];

/** The answer to the voice permission request, as Alexa sends it (in the session the request ended). */
function permissionAnswer(
  h: Harness,
  token: string,
  status: 'ACCEPTED' | 'DENIED' | 'NOT_ANSWERED',
  code = '200',
): Promise<SkillResponse> {
  return h.alexa
    .request()
    .connectionsResponse(
      'AskFor',
      { permissionScopes: [{ permissionScope: SCOPE, consentLevel: 'ACCOUNT' }], status },
      token,
    )
    .set('request.status', { code, message: code === '200' ? 'OK' : 'Internal Server Error' })
    .set('session', {
      new: false,
      sessionId: 'amzn1.echo-api.session.REMINDERS',
      application: { applicationId: h.requests[0]?.context.System.application.applicationId },
      user: { userId: USER },
      attributes: {},
    })
    .send();
}

async function snoozedUntil(h: Harness): Promise<string | null> {
  return (await h.engine.status(TEAM))?.snoozedUntil ?? null;
}

/** The time zone the team's record holds as its own (absent: it never chose one). */
async function ownTimeZone(h: Harness, team = TEAM): Promise<string | undefined> {
  return (await storedRecord(h, team)).context.reminders?.timeZone;
}

const triggersOf = (calls: RecordedReminderCall[]): unknown[] =>
  calls.map((call) => (call.body as { trigger: unknown }).trigger);

describe('with the reminders permission, the reminder is created in the session', () => {
  it.each([
    {
      name: 'de-DE, "erinnere mich morgen an die Integration": 10:00 the next day in Berlin',
      locale: 'de-DE' as const,
      lang: 'de' as Locale,
      now: '2027-03-03T09:00:00.000Z',
      say: 'erinnere mich morgen an die Integration',
      days: 1,
      timeZone: 'Europe/Berlin',
      scheduledTime: '2027-03-04T10:00:00',
      heard: 'Gut, ich erinnere Sie am Donnerstag, 4. März, um 10 Uhr.',
    },
    {
      // 23:30 on Saturday in Berlin; the clocks go forward on Sunday night. Two days on is Monday the 29th; 48 hours
      // on is already Tuesday 00:30 there.
      name: 'de-DE, "erinnere uns in 2 Tagen" across the spring change in Berlin',
      locale: 'de-DE' as const,
      lang: 'de' as Locale,
      now: '2027-03-27T22:30:00.000Z',
      say: 'erinnere uns in 2 Tagen',
      days: 2,
      timeZone: 'Europe/Berlin',
      scheduledTime: '2027-03-29T10:00:00',
      heard: 'Gut, ich erinnere Sie am Montag, 29. März, um 10 Uhr.',
    },
    {
      // 23:30 on Friday in New York; the clocks go forward on Sunday the 14th at 2:00.
      name: 'en-US, "remind us in two days" in the team\'s New York time, across the spring change there',
      locale: 'en-US' as const,
      lang: 'en' as Locale,
      now: '2027-03-13T04:30:00.000Z',
      say: 'remind us in two days',
      days: 2,
      timeZone: 'America/New_York',
      scheduledTime: '2027-03-14T10:00:00',
      heard: "All right, I'll remind you on Sunday, March 14 at 10 AM.",
    },
    {
      name: 'en-GB, "remind us next week": a week on, in British English',
      locale: 'en-GB' as const,
      lang: 'en' as Locale,
      now: '2027-06-01T08:00:00.000Z',
      say: 'remind us next week',
      days: 7,
      timeZone: 'Europe/London',
      scheduledTime: '2027-06-08T10:00:00',
      heard: "All right, I'll remind you on Tuesday 8 June at 10 am.",
    },
  ])('$name', async (c) => {
    const { h, launched } = await open({ locale: c.locale, now: c.now, consent: true, timeZone: c.timeZone });

    const response = await h.say(c.say);

    expect(api.calls.map(asSent)).toEqual([
      reminderCall({
        scheduledTime: c.scheduledTime,
        timeZoneId: c.timeZone,
        locale: c.locale,
        text: REMINDER_TEXT[c.lang],
        now: c.now,
      }),
    ]);
    expect(speech(response).startsWith(c.heard)).toBe(true);
    // Then the question the user was at, asked again, with the session kept open.
    expect(reprompt(response)).toBe(reprompt(launched));
    expect(response.response.shouldEndSession).toBe(false);
    expect(await snoozedUntil(h)).toBe(new Date(Date.parse(c.now) + c.days * DAY_MS).toISOString());
  });
});

describe("a team without a time zone of its own keeps to the device's", () => {
  it.each([
    {
      // 22:30 on Tuesday in New York, already 4:30 on Wednesday in Berlin: "tomorrow" is Wednesday the 3rd there.
      name: 'en-US, a device in New York: "tomorrow" is Wednesday in New York, at 10 AM there',
      locale: 'en-US' as const,
      lang: 'en' as Locale,
      deviceTimeZone: 'America/New_York',
      now: '2027-03-03T03:30:00.000Z',
      say: 'remind us tomorrow',
      scheduledTime: '2027-03-03T10:00:00',
      heard: "All right, I'll remind you on Wednesday, March 3 at 10 AM.",
      again: 'remind us next week',
      againAt: '2027-03-09T10:00:00',
    },
    {
      // 1:30 on Thursday in Tokyo, still 17:30 on Wednesday in Berlin: "morgen" is Friday the 5th there.
      name: 'de-DE, ein Gerät in Tokio: „morgen“ ist Freitag in Tokio, um 10 Uhr dort',
      locale: 'de-DE' as const,
      lang: 'de' as Locale,
      deviceTimeZone: 'Asia/Tokyo',
      now: '2027-03-03T16:30:00.000Z',
      say: 'erinnere uns morgen',
      scheduledTime: '2027-03-05T10:00:00',
      heard: 'Gut, ich erinnere Sie am Freitag, 5. März, um 10 Uhr.',
      again: 'erinnere uns nächste Woche',
      againAt: '2027-03-11T10:00:00',
    },
  ])('$name; the team keeps the zone, and the next reminder asks the device no more', async (c) => {
    const { h } = await open({
      locale: c.locale,
      now: c.now,
      consent: true,
      deviceTimeZone: c.deviceTimeZone,
    });

    const response = await h.say(c.say);

    expect(api.settingsCalls.map(asAsked)).toEqual([TIME_ZONE_CALL]);
    expect(api.reminderCalls.map(asSent)).toEqual([
      reminderCall({
        scheduledTime: c.scheduledTime,
        timeZoneId: c.deviceTimeZone,
        locale: c.locale,
        text: REMINDER_TEXT[c.lang],
        now: c.now,
      }),
    ]);
    expect(speech(response).startsWith(c.heard)).toBe(true);
    // Recorded as the team's own: its status (and the nudges it plans) keep to it from now on.
    expect(await ownTimeZone(h)).toBe(c.deviceTimeZone);
    expect((await h.engine.status(TEAM))?.reminders.timeZone).toBe(c.deviceTimeZone);
    expect(await snoozedUntil(h)).toBe(new Date(Date.parse(c.now) + DAY_MS).toISOString());

    await h.say(c.again);

    expect(api.settingsCalls).toHaveLength(1);
    expect(triggersOf(api.reminderCalls)[1]).toEqual({
      type: 'SCHEDULED_ABSOLUTE',
      scheduledTime: c.againAt,
      timeZoneId: c.deviceTimeZone,
    });
  });

  it.each([
    {
      locale: 'en-US' as const,
      say: 'remind us tomorrow',
      ask: 'To remind you on Wednesday, March 3 at 10 AM, I need your permission.',
      created: "All right, I'll remind you on Wednesday, March 3 at 10 AM.",
    },
    {
      locale: 'de-DE' as const,
      say: 'erinnere uns morgen',
      ask: 'Damit ich Sie am Mittwoch, 3. März, um 10 Uhr, erinnern kann, brauche ich Ihre Erlaubnis.',
      created: 'Gut, ich erinnere Sie am Mittwoch, 3. März, um 10 Uhr.',
    },
  ])(
    "$locale without the permission yet: asks for the device's day, and after the yes creates it there",
    async (c) => {
      // 22:30 on Tuesday in New York, Wednesday already in Berlin.
      const now = '2027-03-03T03:30:00.000Z';
      const { h, grant } = await open({
        locale: c.locale,
        now,
        consent: false,
        deviceTimeZone: 'America/New_York',
      });

      const asked = await h.say(c.say);

      expect(speech(asked)).toBe(c.ask);
      expect(directivesOf(asked)).toEqual([askFor('2027-03-03')]);
      const { token } = directivesOf(asked)[0] as interfaces.connections.SendRequestDirective;
      grant(true);

      const response = await permissionAnswer(h, token, 'ACCEPTED');

      expect(triggersOf(api.reminderCalls)).toEqual([
        { type: 'SCHEDULED_ABSOLUTE', scheduledTime: '2027-03-03T10:00:00', timeZoneId: 'America/New_York' },
      ]);
      expect(speech(response).startsWith(c.created)).toBe(true);
      // Asked once, when the user asked for the reminder; the answer turn reads the zone the team kept.
      expect(api.settingsCalls.map(asAsked)).toEqual([TIME_ZONE_CALL]);
    },
  );

  it("a store failing to record the zone: the reminder still keeps to the device's, the turn goes on, a warning is logged", async () => {
    /** Refuses the one write that records the device's time zone on the team. */
    class NoTimeZoneWrites extends MemoryStore {
      override async put(...args: Parameters<MemoryStore['put']>) {
        if (args[1].includes('"timeZone":"America/New_York"'))
          throw new StoreError('STORE_UNAVAILABLE', 'the store is gone', 'bring it back');
        return super.put(...args);
      }
    }
    const { h, launched } = await open({
      locale: 'en-US',
      now: '2027-03-03T03:30:00.000Z',
      consent: true,
      deviceTimeZone: 'America/New_York',
      store: new NoTimeZoneWrites(),
    });

    const response = await h.say('remind us tomorrow');

    expect(triggersOf(api.reminderCalls)).toEqual([
      { type: 'SCHEDULED_ABSOLUTE', scheduledTime: '2027-03-03T10:00:00', timeZoneId: 'America/New_York' },
    ]);
    expect(reprompt(response)).toBe(reprompt(launched));
    expect(response.response.shouldEndSession).toBe(false);
    expect(await ownTimeZone(h)).toBeUndefined();
    // The snooze (written before) holds.
    expect(await snoozedUntil(h)).toBe('2027-03-04T03:30:00.000Z');
    expect(h.logs.filter((l) => l.level !== 'info').map((l) => l.text)).toEqual([
      expect.stringContaining(`the time zone America/New_York of ${TEAM} was not recorded`),
    ]);
  });
});

describe('a team with a time zone of its own never asks the device', () => {
  const NOW = '2027-03-03T03:30:00.000Z';

  it('one a teammate set (SET_CALENDAR): the reminder keeps to it, whatever the device says', async () => {
    const { h } = await open({
      locale: 'en-US',
      now: NOW,
      consent: true,
      timeZone: 'Europe/London',
      deviceTimeZone: 'America/New_York',
    });

    await h.say('remind us tomorrow');

    expect(api.settingsCalls).toEqual([]);
    expect(triggersOf(api.reminderCalls)).toEqual([
      { type: 'SCHEDULED_ABSOLUTE', scheduledTime: '2027-03-04T10:00:00', timeZoneId: 'Europe/London' },
    ]);
    expect(await ownTimeZone(h)).toBe('Europe/London');
  });

  it("a Slack team the voice user linked to, which has its starter's time zone", async () => {
    const slackTeam = 'slack:T1:C1';
    const { h } = await open({
      locale: 'en-US',
      now: NOW,
      consent: true,
      deviceTimeZone: 'America/New_York',
    });
    await h.engine.handle(slackTeam, { type: 'START' }, { ...SLACK_ANNA, timeZone: 'America/Los_Angeles' });
    const { code } = await h.links.createCode(slackTeam, 'U_ANNA');
    await h.say(`my code is ${code}`);

    await h.say('remind us tomorrow');

    expect(api.settingsCalls).toEqual([]);
    // 19:30 on Tuesday in Los Angeles: tomorrow is Wednesday there.
    expect(triggersOf(api.reminderCalls)).toEqual([
      { type: 'SCHEDULED_ABSOLUTE', scheduledTime: '2027-03-03T10:00:00', timeZoneId: 'America/Los_Angeles' },
    ]);
    expect(await ownTimeZone(h, slackTeam)).toBe('America/Los_Angeles');
  });
});

describe("without the device's time zone the reminder keeps to the default one, and is still created", () => {
  // 22:30 on Tuesday in New York: a reminder in New York time would be for Wednesday, in Berlin time it is Thursday.
  const NOW = '2027-03-03T03:30:00.000Z';
  const HEARD = {
    'de-DE': {
      say: 'erinnere uns morgen',
      created: 'Gut, ich erinnere Sie am Donnerstag, 4. März, um 10 Uhr.',
    },
    'en-US': {
      say: 'remind us tomorrow',
      created: "All right, I'll remind you on Thursday, March 4 at 10 AM.",
    },
  } as const;
  const BERLIN = {
    type: 'SCHEDULED_ABSOLUTE',
    scheduledTime: '2027-03-04T10:00:00',
    timeZoneId: 'Europe/Berlin',
  };

  const failures: [string, SettingsApiAnswer, string][] = [
    ['404', SETTINGS_API_ERRORS.notFound, '404'],
    ['500', SETTINGS_API_ERRORS.internal, '500'],
    ['no answer in time', { kind: 'hang' }, 'no answer within 100 ms'],
    ['204 without a zone', { kind: 'empty' }, 'no known time zone'],
  ];
  it.each(
    (['de-DE', 'en-US'] as const).flatMap((locale) =>
      failures.map(([name, answer, cause]) => ({ locale, name, answer, cause })),
    ),
  )('$locale, the Settings API answers $name', async (c) => {
    const { h, launched } = await open({
      locale: c.locale,
      now: NOW,
      consent: true,
      deviceTimeZone: 'America/New_York',
      timeZoneTimeoutMs: 100,
    });
    api.answerSettingsNext(c.answer);

    const response = await h.say(HEARD[c.locale].say);

    expect(api.settingsCalls.map(asAsked)).toEqual([TIME_ZONE_CALL]);
    expect(triggersOf(api.reminderCalls)).toEqual([BERLIN]);
    expect(speech(response).startsWith(HEARD[c.locale].created)).toBe(true);
    expect(reprompt(response)).toBe(reprompt(launched));
    expect(response.response.shouldEndSession).toBe(false);
    // Nothing recorded, so that the next reminder asks the device again; said in the log, without a warning.
    expect(await ownTimeZone(h)).toBeUndefined();
    expect(h.logs.filter((l) => l.level !== 'info')).toEqual([]);
    expect(h.logs.map((l) => l.text)).toContainEqual(
      expect.stringMatching(new RegExp(`no device time zone for ${TEAM} \\(.*${c.cause}.*\\)`)),
    );
  });

  it.each([
    ['a name no time zone has', 'Mars/Olympus_Mons'],
    ['an empty string', ''],
    ['a name with a space', 'America/New York'],
    ['an object instead of a string', { timeZone: 'America/New_York' }],
    ['a number', -5],
    ['null', null],
  ])('an answer with %s is ignored', async (_name, body) => {
    const { h } = await open({ locale: 'en-US', now: NOW, consent: true });
    api.answerSettingsNext({ kind: 'ok', body });

    await h.say('remind us tomorrow');

    expect(api.settingsCalls).toHaveLength(1);
    expect(triggersOf(api.reminderCalls)).toEqual([BERLIN]);
    expect(await ownTimeZone(h)).toBeUndefined();
    expect((await h.engine.status(TEAM))?.reminders.timeZone).toBe('Europe/Berlin');
  });
});

describe.each([
  {
    locale: 'de-DE' as const,
    say: 'erinnere uns morgen',
    ask: 'Damit ich Sie am Donnerstag, 4. März, um 10 Uhr, erinnern kann, brauche ich Ihre Erlaubnis.',
    created: 'Gut, ich erinnere Sie am Donnerstag, 4. März, um 10 Uhr.',
    denied:
      'In Ordnung, dann lege ich keine Erinnerung an. Die Erlaubnis können Sie jederzeit in der Alexa-App geben, in den Einstellungen dieses Skills. Ihr Team erinnere ich trotzdem nicht vor dem 4. März.',
    card: 'Dafür habe ich Ihnen eine Karte in die Alexa-App geschickt.',
  },
  {
    locale: 'en-US' as const,
    say: 'remind us tomorrow',
    ask: 'To remind you on Thursday, March 4 at 10 AM, I need your permission.',
    created: "All right, I'll remind you on Thursday, March 4 at 10 AM.",
    denied:
      "All right, then I won't set a reminder. You can give the permission at any time in the Alexa app, in this skill's settings. Your team still won't get a reminder from me before March 4.",
    card: "I've sent a card to your Alexa app for that.",
  },
])('$locale without the permission', (c) => {
  const NOW = '2027-03-03T09:00:00.000Z';

  it("asks for it by voice and creates no reminder (only the device's time zone is read); the team is snoozed all the same", async () => {
    const { h } = await open({ locale: c.locale, now: NOW, consent: false });

    const response = await h.say(c.say);

    expect(api.reminderCalls).toEqual([]);
    expect(api.settingsCalls.map(asAsked)).toEqual([TIME_ZONE_CALL]);
    expect(directivesOf(response)).toEqual([askFor('2027-03-04')]);
    expect(speech(response)).toBe(c.ask);
    // Alexa asks next, so the skill's turn ends here, with nothing to reprompt.
    expect(response.response.shouldEndSession).toBe(true);
    expect(response.response.reprompt).toBeUndefined();
    expect(await snoozedUntil(h)).toBe('2027-03-04T09:00:00.000Z');
  });

  it('asks for it when the API refuses with 403 although a consent token came', async () => {
    const { h } = await open({ locale: c.locale, now: NOW, consent: true });
    api.answerNext(REMINDER_API_ERRORS.forbidden);

    const response = await h.say(c.say);

    expect(api.reminderCalls).toHaveLength(1);
    expect(directivesOf(response)).toEqual([askFor('2027-03-04')]);
    expect(speech(response)).toBe(c.ask);
  });

  it('creates the reminder when the user says yes to Alexa (Connections.Response ACCEPTED)', async () => {
    const { h, launched, grant } = await open({ locale: c.locale, now: NOW, consent: false });
    const asked = await h.say(c.say);
    const { token } = directivesOf(asked)[0] as interfaces.connections.SendRequestDirective;
    grant(true);

    const response = await permissionAnswer(h, token, 'ACCEPTED');

    expect(triggersOf(api.reminderCalls)).toEqual([
      { type: 'SCHEDULED_ABSOLUTE', scheduledTime: '2027-03-04T10:00:00', timeZoneId: 'Europe/Berlin' },
    ]);
    expect(api.reminderCalls[0]?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    // The device's time zone was read once, when the user asked; the team has kept it since.
    expect(api.settingsCalls).toHaveLength(1);
    expect(speech(response).startsWith(c.created)).toBe(true);
    expect(reprompt(response)).toBe(reprompt(launched));
    expect(response.response.shouldEndSession).toBe(false);
  });

  it.each(['DENIED', 'NOT_ANSWERED'] as const)(
    'creates none on %s, and says that the team stays snoozed and where to grant it',
    async (status) => {
      const { h, launched } = await open({ locale: c.locale, now: NOW, consent: false });
      const asked = await h.say(c.say);
      const { token } = directivesOf(asked)[0] as interfaces.connections.SendRequestDirective;

      const response = await permissionAnswer(h, token, status);

      expect(api.reminderCalls).toEqual([]);
      expect(speech(response).startsWith(c.denied)).toBe(true);
      expect(reprompt(response)).toBe(reprompt(launched));
      expect(await snoozedUntil(h)).toBe('2027-03-04T09:00:00.000Z');
    },
  );

  it('sends the permission card when Alexa could not ask by voice (the request failed)', async () => {
    const { h } = await open({ locale: c.locale, now: NOW, consent: false });
    const asked = await h.say(c.say);
    const { token } = directivesOf(asked)[0] as interfaces.connections.SendRequestDirective;

    const response = await permissionAnswer(h, token, 'DENIED', '500');

    expect(api.reminderCalls).toEqual([]);
    expect(response.response.card).toEqual({ type: 'AskForPermissionsConsent', permissions: [SCOPE] });
    expect(speech(response)).toContain(c.card);
    expect(response.response.shouldEndSession).toBe(false);
  });

  it('sends the card, not the same question again, when the API refuses after a voice yes', async () => {
    const { h, grant } = await open({ locale: c.locale, now: NOW, consent: false });
    const asked = await h.say(c.say);
    const { token } = directivesOf(asked)[0] as interfaces.connections.SendRequestDirective;
    grant(true);
    api.answerNext(REMINDER_API_ERRORS.unauthorized);

    const response = await permissionAnswer(h, token, 'ACCEPTED');

    expect(api.reminderCalls).toHaveLength(1);
    expect(directivesOf(response)).toEqual([]);
    expect(response.response.card).toEqual({ type: 'AskForPermissionsConsent', permissions: [SCOPE] });
  });
});

describe('answers to permission requests the skill did not send', () => {
  const NOW = '2027-03-03T09:00:00.000Z';

  it.each([
    ['a token of another kind', 'some-other-token'],
    ['a day gone by', 'paysetup.remind:2027-03-01'],
    ['a day further off than the longest snooze', 'paysetup.remind:2027-06-01'],
    ['no date at all', 'paysetup.remind:2027-02-30'],
  ])('%s: no reminder, where the team stands instead', async (_name, token) => {
    const { h, launched } = await open({ locale: 'de-DE', now: NOW, consent: true });

    const response = await permissionAnswer(h, token, 'ACCEPTED');

    expect(api.reminderCalls).toEqual([]);
    expect(reprompt(response)).toBe(reprompt(launched));
  });

  it('a Connections.Response for another connection gets an empty response', async () => {
    const { h } = await open({ locale: 'en-US', now: NOW, consent: true });

    const response = await h.alexa
      .request()
      .connectionsResponse('Charge', { authorizationDetails: {} }, 'paysetup.remind:2027-03-04')
      .send();

    expect(api.calls).toEqual([]);
    expect(response.response.outputSpeech).toBeUndefined();
  });
});

describe('when no reminder can be made', () => {
  const NOW = '2027-03-03T09:00:00.000Z';

  it.each([
    [
      'de-DE' as const,
      'erinnere mich',
      'Wann soll ich Sie erinnern? Sagen Sie zum Beispiel „erinnere uns morgen“',
    ],
    ['en-US' as const, 'remind me', 'When should I remind you? Say, for example, "remind us tomorrow"'],
  ])(
    '%s "%s" without a time: asks when, and neither snoozes nor calls the API',
    async (locale, say, heard) => {
      const { h } = await open({ locale, now: NOW, consent: true });

      const response = await h.say(say);

      expect(speech(response).startsWith(heard)).toBe(true);
      expect(api.calls).toEqual([]);
      expect(await snoozedUntil(h)).toBeNull();
    },
  );

  it.each([
    [
      'de-DE' as const,
      'erinnere uns in 9 Wochen',
      'So lange kann ich nicht warten: Möglich sind 1 bis 60 Tage.',
    ],
    ['en-US' as const, 'remind us in nine weeks', "I can't wait that long: from 1 to 60 days is possible."],
  ])(
    '%s "%s": longer than the longest snooze is refused in words that fit the voice',
    async (locale, say, heard) => {
      const { h } = await open({ locale, now: NOW, consent: true });

      const response = await h.say(say);

      expect(speech(response).startsWith(heard)).toBe(true);
      expect(api.calls).toEqual([]);
      expect(await snoozedUntil(h)).toBeNull();
    },
  );

  it.each([
    [
      'de-DE' as const,
      'Auf diesem Gerät kann ich leider keine Erinnerungen anlegen. Ihr Team erinnere ich trotzdem nicht vor dem 4. März.',
    ],
    [
      'en-US' as const,
      "Sorry, I can't set reminders on this device. Your team still won't get a reminder from me before March 4.",
    ],
  ])('%s: a device without reminders (DEVICE_NOT_SUPPORTED) is said so', async (locale, heard) => {
    const { h } = await open({ locale, now: NOW, consent: true });
    api.answerNext(REMINDER_API_ERRORS.deviceNotSupported);

    const response = await h.say(locale === 'de-DE' ? 'erinnere uns morgen' : 'remind us tomorrow');

    expect(speech(response).startsWith(heard)).toBe(true);
    expect(response.response.shouldEndSession).toBe(false);
  });

  it('an API that does not answer in time: the user hears it failed, the session goes on, the cause is logged', async () => {
    const { h } = await open({ locale: 'de-DE', now: NOW, consent: true, reminderTimeoutMs: 200 });
    api.answerNext({ kind: 'hang' });

    const response = await h.say('erinnere uns morgen');

    expect(speech(response).startsWith('Die Erinnerung konnte ich gerade nicht anlegen.')).toBe(true);
    expect(response.response.shouldEndSession).toBe(false);
    expect(h.logs.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      expect.stringContaining('no answer within 200 ms'),
    ]);
  });

  it('a plain-http apiEndpoint off this machine is never called with the token', async () => {
    const { h } = await open({
      locale: 'en-US',
      now: NOW,
      consent: true,
      apiEndpoint: 'http://api.example.com',
    });

    const response = await h.say('remind us tomorrow');

    expect(speech(response).startsWith("I couldn't set the reminder just now.")).toBe(true);
    expect(api.calls).toEqual([]);
  });
});

describe("stopping and resuming the team's reminders", () => {
  it.each([
    {
      locale: 'de-DE' as const,
      stop: 'keine Erinnerungen mehr',
      stopped: 'Gut, ab jetzt erinnere ich Ihr Team nicht mehr.',
      resume: 'Erinnerungen wieder einschalten',
      resumed: 'Erinnerungen sind wieder eingeschaltet.',
      status: 'wo stehen wir',
      statusOff:
        'Erinnerungen sind ausgeschaltet. Mit „Erinnerungen wieder einschalten“ schalten Sie sie wieder ein.',
    },
    {
      locale: 'de-DE' as const,
      stop: 'Erinnerungen ausschalten',
      stopped: 'Gut, ab jetzt erinnere ich Ihr Team nicht mehr.',
      resume: 'Erinnerungen einschalten',
      resumed: 'Erinnerungen sind wieder eingeschaltet.',
      status: 'wie ist der stand',
      statusOff: 'Erinnerungen sind ausgeschaltet.',
    },
    {
      locale: 'en-US' as const,
      stop: 'stop reminders',
      stopped: "All right, from now on I won't remind your team.",
      resume: 'turn reminders back on',
      resumed: 'Reminders are back on.',
      status: 'where are we',
      statusOff: 'Reminders are off. Say "turn reminders back on" to switch them on again.',
    },
    {
      locale: 'en-US' as const,
      stop: 'no more reminders',
      stopped: "All right, from now on I won't remind your team.",
      resume: 'turn on reminders',
      resumed: 'Reminders are back on.',
      status: 'where do we stand',
      statusOff: 'Reminders are off.',
    },
  ])('$locale "$stop", then "$resume"', async (c) => {
    const { h, launched } = await open({ locale: c.locale, now: '2027-03-03T09:00:00.000Z', consent: true });

    const stopped = await h.say(c.stop);

    expect((await h.engine.status(TEAM))?.reminders.off).toBe('asked');
    expect(speech(stopped).startsWith(c.stopped)).toBe(true);
    expect(reprompt(stopped)).toBe(reprompt(launched));
    // Where the team stands says so too, in words for the ear.
    expect(speech(await h.say(c.status))).toContain(c.statusOff);

    const resumed = await h.say(c.resume);

    expect((await h.engine.status(TEAM))?.reminders.off).toBeNull();
    expect(speech(resumed).startsWith(c.resumed)).toBe(true);
    expect(api.calls).toEqual([]);
  });
});
