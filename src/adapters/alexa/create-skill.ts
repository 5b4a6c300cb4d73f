import {
  type Skill as CustomSkill,
  DefaultApiClient,
  getRequestType,
  type HandlerInput,
  SkillBuilders,
} from 'ask-sdk-core';
import type { IntentRequest, interfaces, Response, SessionEndedRequest } from 'ask-sdk-model';
import { z } from 'zod';
import type { Actor, Locale, Message } from '../../core/context';
import type { DialogEngine } from '../../core/engine';
import { DialogError } from '../../core/errors';
import type { DialogInput } from '../../core/events';
import { DEFAULT_LOCALE, text } from '../../core/i18n';
import type { Reply } from '../../core/reply';
import type { LinkService } from '../../linking/LinkService';
import type { AskAssistant } from '../../questions/AskAssistant';
import { answerView } from '../../questions/answer-view';
import { StoreError } from '../../store/port';
import { INTENT, isAskIntent, REMINDERS_PERMISSION } from './intents';
import { interpretIntent, needsQuestion, type VoiceTurn } from './interpret';
import {
  alexaLocaleOf,
  askForRemindersDirective,
  createReminder,
  dayFromToken,
  deviceTimeZone,
  hasReminderConsent,
  permissionAnswer,
  REMINDER_TIMEOUT_MS,
  type ReminderPlan,
  type ReminderResult,
  reminderApiUsable,
  reminderDay,
  reminderRequest,
  spokenDay,
  spokenDayOf,
  spokenTime,
  TIME_ZONE_TIMEOUT_MS,
} from './reminders';
import { renderAnswer, voiceAnswer } from './render-answer';
import { renderPlain, renderVoice, type VoiceMode, type VoiceOutput } from './render-voice';
import { byteLength, cardWithin, MAX_RESPONSE_BYTES } from './speech';
import { actorFromAlexa, alexaUserKey, localeFromAlexa, teamKeyFromAlexa } from './team-key';
import { checkEnvelope } from './verify-request';

/** Anything with these methods: `console`, Bolt's logger, pino. */
export interface AlexaLogger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface AlexaSkillDeps {
  engine: DialogEngine;
  links: LinkService;
  /**
   * Answers a team's own questions ("Alexa, frage Bezahl-Assistent, wie lange eine Autorisierung gilt"), on the same
   * store as `engine` so that unanswered ones reach the experts. Without it such a question is not understood (a
   * warning is logged).
   */
  ask?: AskAssistant;
  /** Requests for any other skill id are refused. Without it every skill id is accepted (a warning is logged). */
  skillId?: string;
  /** @default console */
  logger?: AlexaLogger;
  /** The dialog language for a device locale the skill does not speak. @default DEFAULT_LOCALE ('de') */
  defaultLocale?: Locale;
  /** @default () => new Date() */
  now?: () => Date;
  /** How long a reminder may take to create before the user hears that it failed. @default 3000 ms */
  reminderTimeoutMs?: number;
  /**
   * How long the device's time zone (the Settings API, asked for a team that has none of its own) may take before the
   * reminder keeps to the default time zone. @default 1000 ms
   */
  timeZoneTimeoutMs?: number;
}

/**
 * What the skill keeps between the turns of one session (Alexa sends it back with every request). Read as user
 * input: a malformed value counts as absent.
 */
const SessionSchema = z
  .object({
    /** The question the user was asked last; null when none was asked. Absent: not known in this session. */
    question: z.string().nullable().optional(),
    /** The last turn asked "really start over?". */
    confirmRestart: z.boolean().optional(),
  })
  .catch({});
type VoiceSession = z.infer<typeof SessionSchema>;

const CHANNEL = 'alexa';
/** Room for the response envelope around speech, reprompt, card and session (keys, version, user agent). */
const ENVELOPE_OVERHEAD_BYTES = 2048;

/** One request: who speaks, in which language, on whose progress. */
interface Turn {
  input: HandlerInput;
  /**
   * The device's language. Speech always follows it, even on a team whose stored language differs (a Slack channel
   * that chose English, continued on a German Echo): the interaction model understands only the device's language,
   * so the questions must be asked in the language the answers will come in. The team's stored language still rules
   * in Slack; a new team starts in this one.
   */
  locale: Locale;
  /** `alexa:<userId>`: the link code is redeemed for this user. */
  user: string;
  team: string;
  /** The team is one the user linked to (not their own Alexa progress). */
  linked: boolean;
  actor: Actor;
  requestId: string;
  session: VoiceSession;
  /** Where the team stands, read once for a question (the one-shot's current question and the way back). */
  standing?: Promise<Reply | null>;
}

/**
 * The Alexa skill: translates requests into dialog events for the engine and replies into speech, reprompt and card.
 * No flow logic lives here; see `interpret.ts` for intents → events and `render-voice.ts` for replies → speech.
 */
export function createAlexaSkill(deps: AlexaSkillDeps): CustomSkill {
  const { engine, links } = deps;
  const logger = deps.logger ?? console;
  const defaultLocale = deps.defaultLocale ?? DEFAULT_LOCALE;
  const now = deps.now ?? (() => new Date());
  const reminderTimeoutMs = deps.reminderTimeoutMs ?? REMINDER_TIMEOUT_MS;
  const timeZoneTimeoutMs = deps.timeZoneTimeoutMs ?? TIME_ZONE_TIMEOUT_MS;
  if (!deps.skillId) {
    logger.warn(
      'alexa: ALEXA_SKILL_ID is not set, so requests for any skill id are accepted. Set it in production.',
    );
  }
  const assistant = deps.ask;
  if (!assistant) {
    logger.warn("alexa: no AskAssistant given (deps.ask): a team's own questions are not understood.");
  }

  /**
   * The turn's user, team and language. `linkOptional`: a link that cannot be read (the store is down) is no reason
   * to fail, the user's own progress stands in (a question is answered from the knowledge base all the same).
   */
  async function beginTurn(input: HandlerInput, options: { linkOptional?: boolean } = {}): Promise<Turn> {
    const envelope = input.requestEnvelope;
    const locale = localeFromAlexa(envelope, defaultLocale);
    const user = alexaUserKey(envelope);
    let linkedTeam: string | null;
    try {
      linkedTeam = await links.teamFor(user);
    } catch (error) {
      if (!options.linkOptional || !(error instanceof StoreError)) throw error;
      logger.warn(
        `alexa: the link of ${user} could not be read (${error.code}): answering for the user's own progress`,
      );
      linkedTeam = null;
    }
    return {
      input,
      locale,
      user,
      team: teamKeyFromAlexa(envelope, linkedTeam),
      linked: linkedTeam !== null,
      actor: actorFromAlexa(envelope, locale),
      requestId: envelope.request.requestId,
      // A request out of a session (Alexa sends none with some request types) has no attributes to read.
      session: SessionSchema.parse(
        envelope.session ? (input.attributesManager.getSessionAttributes() ?? {}) : {},
      ),
    };
  }

  /** Sends one event (or one utterance's events); `key` makes a retried delivery (same request id) replay the first answer. */
  function send(turn: Turn, event: DialogInput | DialogInput[], key?: string): Promise<Reply> {
    return engine.handle(turn.team, event, {
      actor: turn.actor,
      channel: CHANNEL,
      locale: turn.locale,
      ...(key ? { idempotencyKey: key } : {}),
    });
  }

  /** Where the team stands now (read-only for a known team). */
  const status = (turn: Turn): Promise<Reply> => send(turn, { type: 'STATUS' });

  /**
   * Sends the events of one utterance ("Punkt 1 und 2 erledigt" is two ticks) as one turn: applied in order until one
   * is refused, saved once; several ticks are said as one sentence by the outcome.
   */
  async function run(turn: Turn, utterance: DialogInput[]): Promise<Reply> {
    const inputs = await withoutTicked(turn, utterance);
    return inputs.length > 0 ? send(turn, inputs, turn.requestId) : status(turn);
  }

  /** "Alle erledigt" ticks only what is still open, so that the count said back is the count that changed. */
  async function withoutTicked(turn: Turn, inputs: DialogInput[]): Promise<DialogInput[]> {
    const first = inputs[0];
    if (inputs.length < 2 || first?.type !== 'CHECK') return inputs;
    const current = (await status(turn)).question;
    if (current?.id !== first.questionId) return inputs;
    const open = inputs.filter(
      (input) => input.type !== 'CHECK' || !current.items.find((item) => item.id === input.itemId)?.checkedBy,
    );
    return open.length > 0 ? open : inputs;
  }

  function respond(
    turn: Turn,
    output: VoiceOutput,
    session: VoiceSession | null,
    options: { permissionCard?: boolean } = {},
  ): Response {
    const builder = turn.input.responseBuilder.speak(output.speech);
    if (output.reprompt && !output.endSession) builder.reprompt(output.reprompt);
    // The Alexa app's card that asks for the reminders permission takes the place of the text card.
    if (options.permissionCard) builder.withAskForPermissionsConsentCard([REMINDERS_PERMISSION]);
    else if (output.card) {
      // The whole response must stay under 24 KB: the card gets what speech, reprompt and session leave.
      const used = [output.speech, output.reprompt ?? '', JSON.stringify(session ?? {})].reduce(
        (sum, part) => sum + byteLength(part),
        0,
      );
      const card = cardWithin(output.card, MAX_RESPONSE_BYTES - used - ENVELOPE_OVERHEAD_BYTES);
      if (card) builder.withSimpleCard(card.title, card.content);
    }
    builder.withShouldEndSession(output.endSession);
    if (session && turn.input.requestEnvelope.session)
      turn.input.attributesManager.setSessionAttributes(session);
    return builder.getResponse();
  }

  function speakReply(
    turn: Turn,
    reply: Reply,
    mode: VoiceMode,
    options: { lead?: Message[]; skipNotice?: boolean; permissionCard?: boolean } = {},
  ): Response {
    const { permissionCard, ...render } = options;
    const output = renderVoice(turn.locale, reply, {
      mode,
      ...render,
      linkHint: !turn.linked,
    });
    return respond(
      turn,
      output,
      {
        question: reply.question?.id ?? null,
        confirmRestart: reply.outcome.kind === 'restartConfirm',
      },
      permissionCard ? { permissionCard } : {},
    );
  }

  function goodbye(turn: Turn): Response {
    const invocation = text(turn.locale, 'voice:skill.invocation');
    const output = renderPlain(turn.locale, [{ key: 'voice:goodbye' }], {
      endSession: true,
      extra: { invocation },
    });
    return respond(turn, output, {});
  }

  async function link(turn: Turn, code: string | null): Promise<Response> {
    if (!code)
      return speakReply(turn, await status(turn), 'repeat', { lead: [{ key: 'voice:link.missing' }] });
    const result = await links.redeem(code, turn.user);
    if (result.ok) {
      logger.info(`alexa: ${turn.user} linked to ${result.team}`);
      const linked: Turn = { ...turn, team: result.team, linked: true };
      return speakReply(linked, await status(linked), 'status', { lead: [{ key: 'voice:link.linked' }] });
    }
    logger.warn(`alexa: link code refused for ${turn.user}: ${result.reason}`);
    const message: Message =
      result.reason === 'rate-limited'
        ? {
            key: 'voice:link.rateLimited',
            params: { count: minutesUntil(result.retryAt, now()) },
          }
        : { key: `voice:link.${result.reason}` };
    return speakReply(turn, await status(turn), 'repeat', { lead: [message] });
  }

  /** The time zone the team chose itself (Slack sets it from the person who started); undefined: it has none. */
  async function ownTimeZone(turn: Turn): Promise<{ timeZone: string | undefined; known: boolean }> {
    const loaded = await engine.load(turn.team);
    return { timeZone: loaded.record.context.reminders?.timeZone, known: loaded.version !== null };
  }

  /**
   * The time zone a reminder keeps to: the team's own, the one its nudges keep to. A team that has none (one started
   * on Alexa) gets the device's, from the Settings API, and keeps it from then on, so that its status and nudges keep
   * to it too and the next reminder need not ask again. Without an answer from the device (none in time, an error, a
   * zone not known here) the deployment's default, as before, and the turn goes on.
   */
  async function reminderTimeZone(turn: Turn): Promise<string> {
    const own = await ownTimeZone(turn);
    if (own.timeZone) return own.timeZone;
    const fallback = engine.reminders.calendar.timeZone;
    const device = await deviceTimeZone(
      turn.input.serviceClientFactory,
      turn.input.requestEnvelope,
      timeZoneTimeoutMs,
    );
    if (device.kind === 'none') {
      logger.info(
        `alexa: no device time zone for ${turn.team} (${device.cause}): the reminder keeps to ${fallback}`,
      );
      return fallback;
    }
    // Never a team created to hold it (an answer to a permission request for a team not seen), and never over a zone
    // a teammate chose while the Settings API answered.
    if (own.known) {
      try {
        if (!(await ownTimeZone(turn)).timeZone) {
          await send(turn, { type: 'SET_CALENDAR', timeZone: device.timeZone });
          logger.info(`alexa: ${turn.team} keeps to the device's time zone ${device.timeZone}`);
        }
      } catch (error) {
        // The reminder still rings in the device's time zone; the next one asks the device again.
        logger.warn(`alexa: the time zone ${device.timeZone} of ${turn.team} was not recorded`, error);
      }
    }
    return device.timeZone;
  }

  /** How the reminder's day and time are said: "am Sonntag, 28. März, um 10 Uhr". */
  function when(turn: Turn, plan: ReminderPlan): Record<string, string> {
    const alexaLocale = alexaLocaleOf(turn.input.requestEnvelope, turn.locale);
    return { date: spokenDay(alexaLocale, plan.day), time: spokenTime(alexaLocale) };
  }

  /** "Ihr Team erinnere ich trotzdem nicht vor dem 28. März": the snooze holds without the Alexa reminder. */
  async function snoozeHolds(turn: Turn, timeZone: string): Promise<Message[]> {
    const until = (await engine.status(turn.team))?.snoozedUntil;
    if (!until || Date.parse(until) <= now().getTime()) return [];
    const day = spokenDayOf(alexaLocaleOf(turn.input.requestEnvelope, turn.locale), until, timeZone);
    return day ? [{ key: 'voice:remind.snoozeHolds', params: { until: day } }] : [];
  }

  /**
   * Asks for the reminders permission by voice: Alexa asks the user itself and answers with a Connections.Response
   * (handled below) whose token names the day. The session ends here for Alexa's own prompt, as with every
   * Connections.SendRequest.
   */
  function askPermission(turn: Turn, plan: ReminderPlan): Response {
    const output = renderPlain(turn.locale, [{ key: 'voice:remind.ask', params: when(turn, plan) }]);
    return turn.input.responseBuilder
      .speak(output.speech)
      .addDirective(askForRemindersDirective(plan.day))
      .withShouldEndSession(true)
      .getResponse();
  }

  /** Where Alexa cannot ask by voice: the permission card in the Alexa app, said aloud, and the question again. */
  async function permissionCard(turn: Turn, plan: ReminderPlan): Promise<Response> {
    const lead: Message[] = [
      { key: 'voice:remind.card', params: when(turn, plan) },
      ...(await snoozeHolds(turn, plan.timeZone)),
    ];
    return speakReply(turn, await status(turn), 'repeat', { lead, permissionCard: true });
  }

  /**
   * Creates the user's reminder when they have granted the permission; asks for it otherwise (by voice first; after
   * a voice "yes" the API still refuses, by the card, so that the user is not asked the same question twice).
   */
  async function setReminder(turn: Turn, plan: ReminderPlan, afterConsent: boolean): Promise<Response> {
    const envelope = turn.input.requestEnvelope;
    const ask = () => (afterConsent ? permissionCard(turn, plan) : askPermission(turn, plan));
    if (!hasReminderConsent(envelope)) return ask();
    const client = turn.input.serviceClientFactory?.getReminderManagementServiceClient();
    let result: ReminderResult;
    if (!client || !reminderApiUsable(envelope)) {
      result = { kind: 'failed', cause: 'the request names no usable apiEndpoint and apiAccessToken' };
    } else {
      const alexaLocale = alexaLocaleOf(envelope, turn.locale);
      const invocation = text(turn.locale, 'voice:skill.invocation');
      const request = reminderRequest(plan, {
        now: now(),
        alexaLocale,
        text: text(turn.locale, 'voice:remind.text', { invocation }),
      });
      result = await createReminder(client, request, reminderTimeoutMs);
    }
    switch (result.kind) {
      case 'created':
        logger.info(`alexa: reminder for ${turn.team} on ${plan.day} (${plan.timeZone})`);
        return speakReply(turn, await status(turn), 'repeat', {
          lead: [{ key: 'voice:remind.created', params: when(turn, plan) }],
        });
      case 'noPermission':
        logger.info(
          `alexa: the Reminders API refused ${turn.user} (${result.status}): asking for the permission`,
        );
        return ask();
      case 'unsupported':
        return speakReply(turn, await status(turn), 'repeat', {
          lead: [{ key: 'voice:remind.unsupported' }, ...(await snoozeHolds(turn, plan.timeZone))],
        });
      case 'failed':
        logger.warn(`alexa: reminder for ${turn.team} not created: ${result.cause}`);
        return speakReply(turn, await status(turn), 'repeat', {
          lead: [{ key: 'voice:remind.failed' }, ...(await snoozeHolds(turn, plan.timeZone))],
        });
    }
  }

  /**
   * "Erinnere uns morgen": no nudge for the team before then (the same snooze as in Slack), and the user's own Alexa
   * reminder at 10:00 that day in the team's time zone (the device's, for a team that has none: reminderTimeZone).
   */
  async function remind(turn: Turn, days: number | null): Promise<Response> {
    if (days === null)
      return speakReply(turn, await status(turn), 'repeat', { lead: [{ key: 'voice:remind.when' }] });
    const reply = await send(turn, { type: 'SNOOZE', days }, turn.requestId);
    // A count the machine refuses (0, more than 60 days): its own words, and no reminder.
    if (reply.outcome.kind !== 'snoozed') return speakReply(turn, reply, 'turn');
    const timeZone = await reminderTimeZone(turn);
    return setReminder(turn, { day: reminderDay(now(), timeZone, days), timeZone }, false);
  }

  /** Alexa's answer to the voice permission request. */
  async function permissionAnswered(
    turn: Turn,
    request: interfaces.connections.ConnectionsResponse,
  ): Promise<Response> {
    const timeZone = await reminderTimeZone(turn);
    const day = dayFromToken(request.token, now(), timeZone);
    // Not a request this skill sent (or one from long ago): where the team stands.
    if (!day) return speakReply(turn, await status(turn), 'repeat');
    const plan: ReminderPlan = { day, timeZone };
    const answer = permissionAnswer(request);
    logger.info(`alexa: reminders permission for ${turn.user}: ${answer}`);
    if (answer === 'accepted') return setReminder(turn, plan, true);
    if (answer === 'unavailable') return permissionCard(turn, plan);
    return speakReply(turn, await status(turn), 'repeat', {
      lead: [{ key: 'voice:remind.denied' }, ...(await snoozeHolds(turn, timeZone))],
    });
  }

  /**
   * Where the team stands, or null when the store cannot be read just now (the answer to a question still stands).
   * Read once per turn: asking changes nothing, so the one-shot's current question and the way back are one reading.
   */
  function statusIfReadable(turn: Turn): Promise<Reply | null> {
    turn.standing ??= status(turn).catch((error: unknown) => {
      if (!(error instanceof StoreError)) throw error;
      logger.warn(`alexa: ${error.code}: where ${turn.team} stands could not be read (${error.hint})`);
      return null;
    });
    return turn.standing;
  }

  /**
   * A team's own question: answered from the knowledge base (an unanswered one is recorded for the experts), with
   * the long text and the source on the card; then back to the question the team is on. The team's record is only
   * read: its onboarding stays exactly where it was.
   */
  async function answerQuestion(turn: Turn, question: string, intentName: string): Promise<Response> {
    if (!assistant) return answerTurn(turn, { kind: 'reject', message: null }, intentName);
    const result = await assistant.ask({
      team: turn.team,
      text: question,
      via: 'alexa',
      user: turn.user,
      locale: turn.locale,
    });
    const { outcome } = result;
    logger.info(
      `alexa: ${turn.team} asked the assistant: ${outcome.kind === 'answer' ? outcome.entryId : `no answer (${outcome.reason})`}`,
    );
    // Said in the device's language, as everything on Alexa (see Turn.locale); the entries exist in both.
    const answer = voiceAnswer(turn.locale, result, answerView(result), question);
    const reply = await statusIfReadable(turn);
    const session: VoiceSession = reply
      ? { question: reply.question?.id ?? null, confirmRestart: false }
      : turn.session.question === undefined
        ? {}
        : { question: turn.session.question };
    return respond(turn, renderAnswer(turn.locale, answer, reply), session);
  }

  async function answerTurn(turn: Turn, voiceTurn: VoiceTurn, intentName: string): Promise<Response> {
    switch (voiceTurn.kind) {
      case 'ask':
        return answerQuestion(turn, voiceTurn.question, intentName);
      case 'end':
        return goodbye(turn);
      case 'link':
        return link(turn, voiceTurn.code);
      case 'remind':
        return remind(turn, voiceTurn.days);
      case 'restartKept':
        return speakReply(turn, await status(turn), 'repeat', { lead: [{ key: 'voice:restart.kept' }] });
      case 'reject': {
        const reply = await status(turn);
        // A finished team hears where it stands (render-voice.ts), which says that all steps are worked through.
        const message: Message | null =
          voiceTurn.message ??
          (intentName === INTENT.fallback
            ? { key: 'voice:fallback' }
            : reply.done
              ? null
              : reply.question
                ? { key: 'voice:fallback' }
                : { key: 'notice.notStarted' });
        return speakReply(turn, reply, 'repeat', message ? { lead: [message] } : {});
      }
      case 'dialog':
        return speakReply(turn, await run(turn, voiceTurn.inputs), voiceTurn.mode);
    }
  }

  const builder = SkillBuilders.custom()
    .addRequestHandlers(
      {
        canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
        handle: (input) => {
          // Alexa ignores any speech here: log why the session ended and answer with an empty response.
          const request = input.requestEnvelope.request as SessionEndedRequest;
          if (request.reason === 'ERROR') logger.warn('alexa: session ended with an error', request.error);
          else logger.info(`alexa: session ended (${request.reason})`);
          return input.responseBuilder.getResponse();
        },
      },
      {
        canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
        handle: async (input) => {
          const turn = await beginTurn(input);
          return speakReply(turn, await send(turn, { type: 'START' }, turn.requestId), 'launch');
        },
      },
      {
        canHandle: (input) => getRequestType(input.requestEnvelope) === 'IntentRequest',
        handle: async (input) => {
          const intent = (input.requestEnvelope.request as IntentRequest).intent;
          // A question is answered from the knowledge base even while the store is down.
          const asking = isAskIntent(intent.name);
          const turn = await beginTurn(input, { linkOptional: asking });
          let questionId = turn.session.question;
          if (questionId === undefined && needsQuestion(intent.name)) {
            // A one-shot request ("ask … my answer is …") or a session without launch: ask the team's current question.
            questionId = asking
              ? ((await statusIfReadable(turn))?.question?.id ?? null)
              : ((await status(turn)).question?.id ?? null);
          }
          const voiceTurn = interpretIntent(intent, {
            locale: turn.locale,
            flow: engine.flow,
            questionId: questionId ?? null,
            confirmRestart: turn.session.confirmRestart === true,
          });
          return answerTurn(turn, voiceTurn, intent.name);
        },
      },
      {
        // The answer to the voice permission request for reminders (askPermission).
        canHandle: (input) =>
          getRequestType(input.requestEnvelope) === 'Connections.Response' &&
          (input.requestEnvelope.request as interfaces.connections.ConnectionsResponse).name === 'AskFor',
        handle: async (input) =>
          permissionAnswered(
            await beginTurn(input),
            input.requestEnvelope.request as interfaces.connections.ConnectionsResponse,
          ),
      },
      {
        // Other requests (System.ExceptionEncountered, display events): nothing to say.
        canHandle: () => true,
        handle: (input) => input.responseBuilder.getResponse(),
      },
    )
    .addErrorHandlers({
      canHandle: () => true,
      handle: (input, error) => {
        // The one error boundary: log the cause for the operator, tell the user kindly, keep the session open.
        if (error instanceof StoreError || error instanceof DialogError) {
          logger.warn(`alexa: ${error.code}: ${error.message} (${error.hint})`);
        } else logger.error('alexa: unexpected error', error);
        if (getRequestType(input.requestEnvelope) === 'SessionEndedRequest')
          return input.responseBuilder.getResponse();
        const locale = localeFromAlexa(input.requestEnvelope, defaultLocale);
        const storeTrouble =
          error instanceof StoreError || (error instanceof DialogError && error.code === 'CONFLICT');
        const output = renderPlain(
          locale,
          [{ key: storeTrouble ? 'voice:error.store' : 'voice:error.unknown' }],
          {
            reprompt: { key: 'voice:error.reprompt' },
          },
        );
        const builder = input.responseBuilder.speak(output.speech).withShouldEndSession(false);
        if (output.reprompt) builder.reprompt(output.reprompt);
        return builder.getResponse();
      },
    })
    // The Reminders API client (serviceClientFactory) needs an API client; it calls the request's apiEndpoint.
    .withApiClient(new DefaultApiClient())
    .withCustomUserAgent('paysetup');
  const skill = builder.create();
  // Checked in front of every caller (POST /alexa and Lambda): the shape the handlers rely on, and the skill id in
  // both places a request names it (the SDK's own check reads only the context).
  const invoke = skill.invoke.bind(skill);
  skill.invoke = async (envelope, context) => {
    checkEnvelope(envelope, deps.skillId);
    return invoke(envelope, context);
  };
  return skill;
}

function minutesUntil(iso: string | undefined, now: Date): number {
  if (!iso) return 60;
  return Math.max(1, Math.ceil((new Date(iso).getTime() - now.getTime()) / 60_000));
}
