import { join } from 'node:path';
import type { RequestEnvelope } from 'ask-sdk-model';
import { type SkillResponse, VirtualAlexa } from 'virtual-alexa';
import { LINKS } from '../../../flows/resources';
import { DOCS_LINK } from '../../../knowledge/entries';
import { INTENT } from '../../../src/adapters/alexa/intents';
import { modelPath } from '../../../src/adapters/alexa/interaction-model';
import { createLambdaHandler } from '../../../src/adapters/alexa/lambda';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { warmUpKnowledge } from '../../../src/core/knowledge';
import { QuestionLog } from '../../../src/questions/QuestionLog';
import { type Dynalite, startDynalite, uniquePartition } from '../../store/dynalite';
import {
  advanceTo,
  captureLogger,
  type Harness,
  harness,
  noted,
  prompt,
  reprompt,
  SKILL_ID,
  speech,
  spokenLabel,
  storedRecord,
  t,
} from './harness';
import { ssmlProblems } from './ssml';

/**
 * "Ask the assistant" by voice: a team's own question, answered with the short text spoken and the long one on a
 * card with its source, then back to the onboarding question the team is on; the team's record is only read. Through
 * virtual-alexa on the committed interaction models, in German (de-DE) and English (en-US).
 */

const NOW = new Date('2027-03-01T09:30:00.000Z');
const LANGUAGES = [
  { alexa: 'de-DE', l: 'de' },
  { alexa: 'en-US', l: 'en' },
] as const;

/** The questions as people say them, after "Alexa, frage Bezahl-Assistent" / "Alexa, ask payment assistant". */
const SAID = {
  de: {
    expiry: 'wie lange eine Autorisierung gilt',
    chargePermission: 'was ist eine Charge Permission',
    weather: 'wie wird das Wetter morgen',
    sdk: 'gibt es ein SDK für Python',
  },
  en: {
    expiry: 'how long an authorization is valid',
    chargePermission: 'what is a charge permission',
    weather: 'how is the weather tomorrow',
    sdk: 'is there a python sdk',
  },
} as const;

let users = 0;
function fresh(alexa: 'de-DE' | 'en-US', now: Date = NOW): { h: Harness; team: string } {
  users += 1;
  const userId = `amzn1.ask.account.ASK${users}`;
  return { h: harness({ locale: alexa, userId, now: () => now }), team: `alexa:${userId}` };
}

const entry = (l: Locale, id: string, field: string) => t(l, `knowledge:entries.${id}.${field}`);
/** How the card shows a long text: plain, without the backticks that mark codes in Slack. */
const onCard = (written: string) => written.replace(/`/g, '');
const inStep = (l: Locale, step: number, stepId: string) =>
  t(l, 'ask.inStep', { step, title: t(l, `flow:steps.${stepId}.title`) });

/** Fails with the whole speech when `parts` are not all in it, in this order. */
function expectInOrder(said: string, parts: string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = said.indexOf(part, from);
    if (at < 0) throw new Error(`expected, in order, "${part}" in:\n${said}`);
    from = at + part.length;
  }
}

function card(response: SkillResponse): { title: string; content: string } {
  const shown = response.response.card as { type?: string; title?: string; content?: string } | undefined;
  expect(shown?.type).toBe('Simple');
  return { title: shown?.title ?? '', content: shown?.content ?? '' };
}

/** The slot value the skill got with the last request (what Alexa heard after the question's first words). */
function heardQuery(h: Harness): string | undefined {
  const request = h.requests.at(-1)?.request;
  return request?.type === 'IntentRequest' ? request.intent.slots?.query?.value : undefined;
}

async function recordVersion(h: Harness, team: string): Promise<number | undefined> {
  return (await h.store.get(teamRecordKey(team)))?.version;
}

beforeAll(() => warmUpKnowledge());

describe.each(LANGUAGES)('a question asked in one go ($alexa)', ({ alexa, l }) => {
  it('says the short answer, puts the long one on the card with its source, then asks the current question', async () => {
    const { h, team } = fresh(alexa);
    // A teammate got the team to the payments question in Slack; then, without opening the skill:
    // "Alexa, frage Bezahl-Assistent, wie lange eine Autorisierung gilt".
    await advanceTo(h, team, 'payments', { locale: l });
    const response = await h.say(SAID[l].expiry);

    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]?.request.type).toBe('IntentRequest');
    expect(h.requests[0]?.session?.new).toBe(true);
    expect(h.requests[0]?.request.type === 'IntentRequest' && h.requests[0].request.intent.name).toBe(
      INTENT.askHowLong,
    );
    // Alexa sends only what followed "wie lange": the skill puts the question's first words back.
    expect(heardQuery(h)).toBe(l === 'de' ? 'eine Autorisierung gilt' : 'an authorization is valid');

    const said = speech(response);
    expectInOrder(said, [
      // The team captures at order (its first answer): its own case first.
      entry(l, 'authorization_expiry', 'context.capture_at_order'),
      entry(l, 'authorization_expiry', 'short'),
      inStep(l, 1, 'setup'),
      t(l, 'voice:ask.source'),
      t(l, 'voice:ask.back'),
      prompt(l, 'payments'),
    ]);
    expect(said).not.toContain(onCard(entry(l, 'authorization_expiry', 'long')));
    expect(said).not.toContain(LINKS.asyncProcessing);
    expect(ssmlProblems(response.response.outputSpeech.ssml)).toEqual([]);

    const shown = card(response);
    expect(shown.title).toBe(entry(l, 'authorization_expiry', 'title'));
    expectInOrder(shown.content, [
      entry(l, 'authorization_expiry', 'context.capture_at_order'),
      onCard(entry(l, 'authorization_expiry', 'long')),
      inStep(l, 1, 'setup'),
      t(l, 'ask.source', { url: LINKS.asyncProcessing }),
    ]);
    expect(shown.content).not.toContain('`');

    expect(reprompt(response)).toContain(prompt(l, 'payments'));
    expect(response.response.shouldEndSession).toBe(false);
    // The session goes on at the question the team is on: the next utterance is an answer to it.
    expect(h.responses.at(-1)?.sessionAttributes).toEqual({ question: 'payments', confirmRestart: false });
  });

  it('"was ist eine Charge Permission" from a user who has not begun: the answer, and how to begin; nothing created', async () => {
    const { h, team } = fresh(alexa);
    const response = await h.say(SAID[l].chargePermission);

    const said = speech(response);
    expectInOrder(said, [entry(l, 'charge_permission', 'short'), t(l, 'voice:ask.start')]);
    expect(said).not.toContain(t(l, 'voice:ask.back'));
    expect(card(response).title).toBe(entry(l, 'charge_permission', 'title'));
    expect(reprompt(response)).toBe(t(l, 'voice:reprompt.noQuestion'));
    expect(response.response.shouldEndSession).toBe(false);
    // A question is no start: no record for the user, and nothing for the experts (it was answered).
    expect(await h.store.get(teamRecordKey(team))).toBeNull();
    expect(await h.questions.list()).toEqual([]);
  });

  it('a question put as "frage …" / "ask …" goes to the assistant whole', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l });
    // "ask" would make virtual-alexa open the skill instead: the intent the model has for it, with its slot.
    const response = await h.alexa.intend(INTENT.ask, { query: SAID[l].sdk });
    expectInOrder(speech(response), [
      entry(l, 'python_sdk', 'short'),
      t(l, 'voice:ask.back'),
      prompt(l, 'payments'),
    ]);
    expect(card(response).title).toBe(entry(l, 'python_sdk', 'title'));
  });
});

describe.each(LANGUAGES)('a question in the middle of the onboarding ($alexa)', ({ alexa, l }) => {
  it("leaves the team's record as it was, and the next answer to the current question is recorded", async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l });
    await h.launch();
    const before = await recordVersion(h, team);
    expect(before).toBeGreaterThan(0);

    const asked = await h.say(SAID[l].chargePermission);
    expectInOrder(speech(asked), [
      entry(l, 'charge_permission', 'short'),
      t(l, 'voice:ask.back'),
      prompt(l, 'payments'),
    ]);
    expect(await recordVersion(h, team)).toBe(before);
    expect((await storedRecord(h, team)).context.cursor).toBe('payments');

    const answered = await h.say(l === 'de' ? 'beides' : 'both');
    expectInOrder(speech(answered), [noted(l, spokenLabel(l, 'payments', 'both')), prompt(l, 'channels')]);
    expect((await storedRecord(h, team)).context.answers.payments?.value).toBe('both');
  });

  it('a choice said like a question ("kann ich nicht sagen", "ask the developers") is the answer, not a question', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'pending_authorization', { locale: l });
    await h.launch();
    const response =
      l === 'de'
        ? await h.say('kann ich nicht sagen')
        : await h.alexa.intend(INTENT.ask, { query: 'the developers' });
    expect(speech(response)).toContain(noted(l, spokenLabel(l, 'pending_authorization', 'unsure')));
    expect((await storedRecord(h, team)).context.answers.pending_authorization?.value).toBe('unsure');
    expect(await h.questions.list()).toEqual([]);
  });

  it('a question that names a choice ("gibt es ein SDK für Python" at the back end) is a question, not that answer', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'backend', { locale: l, pick: { platform: 'custom' } });
    await h.launch();
    const before = await recordVersion(h, team);
    const response = await h.say(SAID[l].sdk);
    expectInOrder(speech(response), [entry(l, 'python_sdk', 'short'), prompt(l, 'backend')]);
    expect(await recordVersion(h, team)).toBe(before);
    expect((await storedRecord(h, team)).context.answers.backend).toBeUndefined();
  });

  it('a question said as an answer ("meine Antwort ist wie lange …") is asked too', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l });
    await h.launch();
    const before = await recordVersion(h, team);
    const response = await h.say(
      l === 'de'
        ? 'meine Antwort ist wie lange gilt eine Autorisierung'
        : 'my answer is how long is an authorization valid',
    );
    expect(h.requests.at(-1)?.request.type === 'IntentRequest' && h.requests.at(-1)?.request).toMatchObject({
      intent: { name: INTENT.text },
    });
    expectInOrder(speech(response), [
      entry(l, 'authorization_expiry', 'short'),
      t(l, 'voice:ask.back'),
      prompt(l, 'payments'),
    ]);
    expect(await recordVersion(h, team)).toBe(before);
  });
});

describe.each(LANGUAGES)('a team that has worked through every step ($alexa)', ({ alexa, l }) => {
  it('hears the answer and what it can say now, and the session stays open', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'production_validated', { locale: l });
    await h.launch();
    await h.say(l === 'de' ? 'ja' : 'yes');
    const before = await recordVersion(h, team);
    const response = await h.say(SAID[l].chargePermission);
    expectInOrder(speech(response), [entry(l, 'charge_permission', 'short'), t(l, 'voice:done.reprompt')]);
    expect(speech(response)).not.toContain(t(l, 'voice:ask.back'));
    expect(reprompt(response)).toBe(t(l, 'voice:done.reprompt'));
    expect(response.response.shouldEndSession).toBe(false);
    expect(await recordVersion(h, team)).toBe(before);
  });
});

describe.each(LANGUAGES)("the team's own case ($alexa)", ({ alexa, l }) => {
  it('a team that captures at shipment hears about its case first when it asks how long an authorization lasts', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l, pick: { processing: 'capture_at_shipment' } });
    const response = await h.say(SAID[l].expiry);
    const said = speech(response);
    const own = entry(l, 'authorization_expiry', 'context.capture_at_shipment');
    expect(said.startsWith(own)).toBe(true);
    expectInOrder(said, [own, entry(l, 'authorization_expiry', 'short'), prompt(l, 'payments')]);
    expect(said).not.toContain(entry(l, 'authorization_expiry', 'context.capture_at_order'));
    expect(card(response).content.startsWith(own)).toBe(true);
  });
});

describe.each(LANGUAGES)('a user linked to a Slack channel ($alexa)', ({ alexa, l }) => {
  it("asks on the channel's team: its case in the answer, its name on an unanswered question", async () => {
    const { h, team: own } = fresh(alexa);
    const slackTeam = `slack:T_ASK${l}:C_PAY`;
    await advanceTo(h, slackTeam, 'payments', { locale: l, pick: { processing: 'capture_at_shipment' } });
    const { code } = await h.links.createCode(slackTeam, 'U_ANNA');
    expect((await h.links.redeem(code, own)).ok).toBe(true);

    const answered = await h.say(SAID[l].expiry);
    expectInOrder(speech(answered), [
      entry(l, 'authorization_expiry', 'context.capture_at_shipment'),
      prompt(l, 'payments'),
    ]);
    await h.say(SAID[l].weather);
    expect(await h.questions.list()).toEqual([expect.objectContaining({ team: slackTeam, user: own })]);
    expect(await h.store.get(teamRecordKey(own))).toBeNull();
  });
});

describe.each(LANGUAGES)('a question the assistant cannot answer ($alexa)', ({ alexa, l }) => {
  it('gets no factual answer, is recorded for the experts with team, channel and time, and the session goes back to the question', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l });
    await h.launch();
    const before = await recordVersion(h, team);
    const response = await h.say(SAID[l].weather);

    const said = speech(response);
    expectInOrder(said, [
      t(l, 'ask.outOfScope'),
      t(l, 'ask.noted'),
      t(l, 'voice:ask.docs'),
      t(l, 'voice:ask.back'),
      prompt(l, 'payments'),
    ]);
    expect(ssmlProblems(response.response.outputSpeech.ssml)).toEqual([]);
    // Out of scope: nothing offered instead, and no entry's answer.
    expect(said).not.toContain(t(l, 'voice:ask.closest'));
    expect(said).not.toContain(t(l, 'voice:ask.source'));
    expect(said).not.toContain(t(l, 'ask.notNoted'));
    const shown = card(response);
    expect(shown.title).toBe(t(l, 'voice:ask.cardQuestion', { question: SAID[l].weather }));
    expectInOrder(shown.content, [t(l, 'ask.outOfScope'), t(l, 'ask.docs', { url: LINKS[DOCS_LINK] })]);
    expect(reprompt(response)).toContain(prompt(l, 'payments'));
    expect(response.response.shouldEndSession).toBe(false);

    // The question as said: the first words Alexa kept to itself are back in front of what it heard.
    expect(heardQuery(h)).toBe(l === 'de' ? 'wird das Wetter morgen' : 'is the weather tomorrow');
    expect(await h.questions.list()).toEqual([
      expect.objectContaining({
        team,
        via: 'alexa',
        locale: l,
        text: SAID[l].weather,
        at: NOW.toISOString(),
        reason: 'outOfScope',
        user: team,
      }),
    ]);
    expect(await recordVersion(h, team)).toBe(before);

    const answered = await h.say(l === 'de' ? 'beides' : 'both');
    expect(speech(answered)).toContain(noted(l, spokenLabel(l, 'payments', 'both')));
  });

  it('a question it is unsure of offers the closest entries, joined as the language joins a choice', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l });
    const response = await h.say(
      l === 'de' ? 'wie hoch ist das Transaktionslimit pro Tag' : "what's the daily transaction limit",
    );
    const [recorded] = await h.questions.list();
    expect(recorded?.reason).toBe('unsure');
    const titles = (recorded?.closest ?? []).map((id) => entry(l, id, 'title'));
    expect(titles).toHaveLength(2);
    const or = new Intl.ListFormat(l, { style: 'long', type: 'disjunction' }).format(titles);
    expectInOrder(speech(response), [
      t(l, 'ask.unsure'),
      t(l, 'ask.noted'),
      `${t(l, 'voice:ask.closest')} ${or}.`,
      t(l, 'voice:ask.docs'),
      prompt(l, 'payments'),
    ]);
    for (const title of titles) expect(card(response).content).toContain(`• ${title}`);
  });

  it('"frage" alone asks what the user wants to know, and keeps the question the team is on for the reprompt', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l });
    const response = await h.alexa.intend(INTENT.ask);
    expect(speech(response)).toBe(t(l, 'ask.empty'));
    expect(reprompt(response)).toContain(prompt(l, 'payments'));
    expect(response.response.card).toBeUndefined();
    expect(await h.questions.list()).toEqual([]);
  });
});

describe.each(LANGUAGES)('the store being down ($alexa)', ({ alexa, l }) => {
  it('still answers from the knowledge base, and says nothing was noted only when a question could not be recorded', async () => {
    const { h, team } = fresh(alexa);
    await advanceTo(h, team, 'payments', { locale: l });
    h.store.setDown(true);

    const answered = await h.say(SAID[l].chargePermission);
    const said = speech(answered);
    expectInOrder(said, [entry(l, 'charge_permission', 'short'), t(l, 'voice:ask.lost')]);
    expect(said).not.toContain(t(l, 'ask.notNoted'));
    expect(said).not.toContain(t(l, 'voice:error.store'));
    expect(card(answered).title).toBe(entry(l, 'charge_permission', 'title'));
    expect(reprompt(answered)).toBe(t(l, 'voice:error.reprompt'));
    expect(answered.response.shouldEndSession).toBe(false);

    const unanswered = await h.say(SAID[l].weather);
    expectInOrder(speech(unanswered), [t(l, 'ask.outOfScope'), t(l, 'ask.notNoted'), t(l, 'voice:ask.lost')]);
    expect(speech(unanswered)).not.toContain(t(l, 'ask.noted'));
    // Not lost: the log line carries the question for the experts.
    expect(h.logs).toContainEqual({
      level: 'warn',
      text: expect.stringContaining(JSON.stringify(SAID[l].weather)),
    });

    h.store.setDown(false);
    expect(await h.questions.list()).toEqual([]);
    const back = await h.say(l === 'de' ? 'beides' : 'both');
    expect(speech(back)).toContain(noted(l, spokenLabel(l, 'payments', 'both')));
  });
});

describe('through the Alexa Lambda entry (de-DE)', () => {
  let dynamo: Dynalite;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo?.close();
  });

  it('answers with the assistant the Lambda builds, and records an unanswered question in the same store', async () => {
    const l: Locale = 'de';
    const partition = uniquePartition('alexa-ask');
    const { logger } = captureLogger();
    const handler = createLambdaHandler(
      { STORE_URL: dynamo.url(partition), ALEXA_SKILL_ID: SKILL_ID, NODE_ENV: 'production' },
      { logger },
    );
    const alexa = VirtualAlexa.Builder()
      .handler((event: RequestEnvelope) => handler(event, {}))
      .interactionModelFile(join(__dirname, '..', '..', '..', modelPath('de-DE')))
      .locale('de-DE')
      .applicationID(SKILL_ID)
      .create();
    alexa.context().user().setID('amzn1.ask.account.ASKLAMBDA');

    const answered = await alexa.utter(SAID[l].expiry);
    expectInOrder(speech(answered), [entry(l, 'authorization_expiry', 'short'), t(l, 'voice:ask.start')]);
    expect(card(answered).title).toBe(entry(l, 'authorization_expiry', 'title'));
    await alexa.utter(SAID[l].weather);
    expect(await new QuestionLog(dynamo.store({ partition })).list()).toEqual([
      expect.objectContaining({
        team: 'alexa:amzn1.ask.account.ASKLAMBDA',
        via: 'alexa',
        text: SAID[l].weather,
      }),
    ]);
  });
});
