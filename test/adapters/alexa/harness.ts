import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Skill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import express from 'express';
import { type SkillResponse, VirtualAlexa } from 'virtual-alexa';
import { amazonPayFlow } from '../../../flows/amazon-pay';
import type { AnswerValue } from '../../../flows/types';
import { createAlexaSkill } from '../../../src/adapters/alexa/create-skill';
import { type AlexaLocale, modelPath } from '../../../src/adapters/alexa/interaction-model';
import { createAlexaRequestHandler } from '../../../src/adapters/alexa/request-handler';
import { briefLabel } from '../../../src/adapters/alexa/speech';
import type { Locale } from '../../../src/core/context';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import { render, renderParam, text } from '../../../src/core/i18n';
import { findQuestion } from '../../../src/core/progress';
import { parseRecord, type TeamRecord } from '../../../src/core/record';
import { LinkService } from '../../../src/linking/LinkService';
import { AskAssistant } from '../../../src/questions/AskAssistant';
import { QuestionLog } from '../../../src/questions/QuestionLog';
import { MemoryStore } from '../../../src/store/MemoryStore';
import type { KeyValueStore } from '../../../src/store/port';
import { answerFor } from '../../helpers/dialog';

/** Drives the real skill offline: virtual-alexa with the committed interaction model, on an in-memory store. */

export const SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000001';
const ROOT = join(__dirname, '..', '..', '..');

export interface CapturedLog {
  level: 'info' | 'warn' | 'error';
  text: string;
}

export function captureLogger(): { logger: { info: Log; warn: Log; error: Log }; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const at =
    (level: CapturedLog['level']): Log =>
    (...args) =>
      lines.push({ level, text: args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ') });
  return { logger: { info: at('info'), warn: at('warn'), error: at('error') }, lines };
}
type Log = (...args: unknown[]) => void;

/** virtual-alexa turns any utterance containing "ask", "open", "tell"… into a LaunchRequest; refuse such test lines. */
const LAUNCH_WORDS = /(ask|open|launch|talk to|tell)/i;

export interface Harness {
  alexa: VirtualAlexa;
  skill: Skill;
  store: MemoryStore;
  engine: DialogEngine;
  links: LinkService;
  /** The unanswered questions the skill recorded for the experts (on `store`). */
  questions: QuestionLog;
  logs: CapturedLog[];
  /** Every request envelope the skill got, as sent (a copy), in order. */
  requests: RequestEnvelope[];
  /** Every response envelope the skill returned, in order. */
  responses: ResponseEnvelope[];
  launch(): Promise<SkillResponse>;
  say(utterance: string): Promise<SkillResponse>;
}

export interface HarnessOptions {
  locale: AlexaLocale;
  store?: MemoryStore;
  userId?: string;
  now?: () => Date;
  linkNow?: () => Date;
  /** How long the skill waits for the Reminders API. */
  reminderTimeoutMs?: number;
  /** How long the skill waits for the device's time zone (the Settings API). */
  timeZoneTimeoutMs?: number;
}

export function harness(options: HarnessOptions): Harness {
  const store = options.store ?? new MemoryStore();
  const engine = new DialogEngine({ store, ...(options.now ? { now: options.now } : {}) });
  const linkNow = options.linkNow ?? options.now;
  const links = new LinkService({ store, ...(linkNow ? { now: linkNow } : {}) });
  const { logger, lines } = captureLogger();
  const questions = new QuestionLog(store);
  const skill = createAlexaSkill({
    engine,
    links,
    ask: new AskAssistant({
      engine,
      log: questions,
      logger,
      defaultLocale: 'de',
      ...(options.now ? { now: options.now } : {}),
    }),
    skillId: SKILL_ID,
    logger,
    ...(linkNow ? { now: linkNow } : {}),
    ...(options.reminderTimeoutMs ? { reminderTimeoutMs: options.reminderTimeoutMs } : {}),
    ...(options.timeZoneTimeoutMs ? { timeZoneTimeoutMs: options.timeZoneTimeoutMs } : {}),
  });
  const requests: RequestEnvelope[] = [];
  const responses: ResponseEnvelope[] = [];
  const alexa = VirtualAlexa.Builder()
    .handler(async (event: RequestEnvelope) => {
      requests.push(JSON.parse(JSON.stringify(event)) as RequestEnvelope);
      const response = await skill.invoke(event);
      responses.push(response);
      return response;
    })
    .interactionModelFile(join(ROOT, modelPath(options.locale)))
    .locale(options.locale)
    .applicationID(SKILL_ID)
    .create();
  alexa
    .context()
    .user()
    .setID(options.userId ?? 'amzn1.ask.account.TESTUSER');
  return {
    alexa,
    skill,
    store,
    engine,
    links,
    questions,
    logs: lines,
    requests,
    responses,
    launch: () => alexa.launch(),
    say(utterance: string) {
      if (LAUNCH_WORDS.test(utterance)) throw new Error(`virtual-alexa would launch on "${utterance}"`);
      return alexa.utter(utterance);
    },
  };
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
};

/** What the user hears: the SSML without tags, entities decoded, spaces collapsed. */
export function heard(ssml: string | undefined): string {
  return (ssml ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e] as string)
    .replace(/\s+/g, ' ')
    .trim();
}

export const speech = (response: SkillResponse): string => heard(response.response?.outputSpeech?.ssml);
export const reprompt = (response: SkillResponse): string =>
  heard(response.response?.reprompt?.outputSpeech?.ssml);

/** A locale text as the skill would say it (parameters plain). */
export const t = (locale: Locale, key: string, params?: Record<string, string | number>): string =>
  text(locale, key, params);
export { render };

/** A question's prompt as the locale file has it. */
export const prompt = (locale: Locale, questionId: string): string =>
  text(locale, `flow:questions.${questionId}.prompt`);

/**
 * A choice label as said inside a sentence ("Notiert: Warenkorb", "Noted: cart"): brief, in the case the language
 * writes labels mid-sentence (`common:labels`).
 */
export const spokenLabel = (locale: Locale, questionId: string, choice: string): string =>
  briefLabel(renderParam(locale, { key: `flow:questions.${questionId}.choices.${choice}` }, 'voice'));

/** The choices of a question as the voice offers them ("Zur Wahl stehen: …"): brief labels, joined with "or". */
export function spokenChoices(locale: Locale, questionId: string): string {
  const question = findQuestion(amazonPayFlow, questionId);
  if (question?.kind !== 'single' && question?.kind !== 'multi')
    throw new Error(`${questionId} offers no choices`);
  return new Intl.ListFormat(locale, { style: 'long', type: 'disjunction' }).format(
    question.choices.map((choice) => spokenLabel(locale, questionId, choice)),
  );
}

/** A checklist item's label as said inside a sentence ("Ticked off: tax status checked in Seller Central"). */
export const spokenItem = (locale: Locale, questionId: string, item: string): string =>
  briefLabel(renderParam(locale, { key: `flow:questions.${questionId}.items.${item}` }, 'voice'));

/** The reply to a recorded answer, in the voice's words. */
export const noted = (locale: Locale, answer: string): string =>
  text(locale, 'voice:notice.answer.recorded', { answer });

/** Items joined as the language joins them ("Web und App", "cart and checkout"). */
export const and = (locale: Locale, ...items: string[]): string =>
  new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);

/** The team's record as stored (what every channel reads). */
export async function storedRecord(h: Pick<Harness, 'store'>, team: string): Promise<TeamRecord> {
  const parsed = parseRecord((await h.store.get(teamRecordKey(team)))?.value ?? '');
  if (parsed.kind !== 'ok') throw new Error(`the record of ${team} is unreadable`);
  return parsed.record;
}

/**
 * A teammate (in Slack, say) answers every question of `team` until `questionId` is the one being asked: the first
 * choice, or the one `options.pick` names; a team seen for the first time speaks `options.locale`.
 */
export async function advanceTo(
  h: Pick<Harness, 'engine'>,
  team: string,
  questionId: string,
  options: { pick?: Record<string, AnswerValue>; locale?: Locale } = {},
): Promise<void> {
  const meta = {
    actor: { id: 'U_ANNA', name: 'Anna' },
    channel: 'slack',
    ...(options.locale ? { locale: options.locale } : {}),
  };
  let reply = await h.engine.handle(team, { type: 'START' }, meta);
  for (let turn = 0; reply.question && reply.question.id !== questionId; turn += 1) {
    if (turn > 200) throw new Error(`never reached ${questionId}`);
    reply = await h.engine.handle(team, answerFor(h.engine.flow, reply.question.id, options.pick), meta);
  }
  if (reply.question?.id !== questionId) throw new Error(`${team} never reached ${questionId}`);
}

/** The done summary as the voice says it, with its numbers counted from the stored record. */
export async function doneSummary(h: Pick<Harness, 'store'>, team: string, locale: Locale): Promise<string> {
  const { context } = await storedRecord(h, team);
  const results = Object.values(context.answers).map((a) => a.value as { status?: string } | null);
  return text(locale, 'voice:done.summary', {
    count: Object.keys(context.answers).length,
    passed: results.filter((v) => v?.status === 'passed').length,
    skipped: Object.keys(context.skips).length,
  });
}

/** The real `POST /alexa` handler on 127.0.0.1 (an ephemeral port), with ALEXA_VERIFY_SIGNATURE=false. */
export interface SkillServer {
  url: string;
  logs: CapturedLog[];
  close(): Promise<void>;
}

export async function serveSkillOverHttp(store: KeyValueStore): Promise<SkillServer> {
  const engine = new DialogEngine({ store });
  const { logger, lines } = captureLogger();
  const ask = new AskAssistant({ engine, log: new QuestionLog(store), logger, defaultLocale: 'de' });
  const skill = createAlexaSkill({
    engine,
    links: new LinkService({ store }),
    ask,
    skillId: SKILL_ID,
    logger,
  });
  const app = express();
  app.post('/alexa', createAlexaRequestHandler(skill, { verifySignature: false, logger }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alexa`,
    logs: lines,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
