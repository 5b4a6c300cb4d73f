import { join } from 'node:path';
import type { Skill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { type SkillResponse, VirtualAlexa } from 'virtual-alexa';
import { createAlexaSkill } from '../../../src/adapters/alexa/create-skill';
import { type AlexaLocale, modelPath } from '../../../src/adapters/alexa/interaction-model';
import type { Locale } from '../../../src/core/context';
import { DialogEngine } from '../../../src/core/engine';
import { render, text } from '../../../src/core/i18n';
import { LinkService } from '../../../src/linking/LinkService';
import { MemoryStore } from '../../../src/store/MemoryStore';
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
}

export function harness(options: HarnessOptions): Harness {
  const store = options.store ?? new MemoryStore();
  const engine = new DialogEngine({ store, ...(options.now ? { now: options.now } : {}) });
  const linkNow = options.linkNow ?? options.now;
  const links = new LinkService({ store, ...(linkNow ? { now: linkNow } : {}) });
  const { logger, lines } = captureLogger();
  const skill = createAlexaSkill({
    engine,
    links,
    skillId: SKILL_ID,
    logger,
    ...(linkNow ? { now: linkNow } : {}),
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

/** A teammate (in Slack, say) answers every question of `team` until `questionId` is the one being asked. */
export async function advanceTo(h: Pick<Harness, 'engine'>, team: string, questionId: string): Promise<void> {
  const meta = { actor: { id: 'U_ANNA', name: 'Anna' }, channel: 'slack' };
  let reply = await h.engine.handle(team, { type: 'START' }, meta);
  for (let turn = 0; reply.question && reply.question.id !== questionId; turn += 1) {
    if (turn > 200) throw new Error(`never reached ${questionId}`);
    for (const input of answerFor(h.engine.flow, reply.question.id))
      reply = await h.engine.handle(team, input, meta);
  }
  if (reply.question?.id !== questionId) throw new Error(`${team} never reached ${questionId}`);
}
