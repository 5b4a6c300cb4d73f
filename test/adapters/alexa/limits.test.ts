import type { ResponseEnvelope } from 'ask-sdk-model';
import type { AnswerValue, Question } from '../../../flows/types';
import { type AlexaLocale, buildInteractionModel } from '../../../src/adapters/alexa/interaction-model';
import {
  byteLength,
  fitSpeech,
  MAX_CARD_CHARS,
  MAX_RESPONSE_BYTES,
  MAX_SPEECH_CHARS,
} from '../../../src/adapters/alexa/speech';
import { findQuestion } from '../../../src/core/progress';
import { EVERY_BRANCH } from '../../helpers/dialog';
import { type Harness, harness } from './harness';
import { ssmlProblems } from './ssml';

/**
 * Every reply of every state, in both languages, within Alexa's limits: speech and reprompt valid SSML under 8,000
 * characters, the card under 8,000, the whole response under 24 KB, nothing left unrendered. The skill is driven
 * through every question of two answer paths (the longest test plan and the shortest), and at each state asked
 * for status, help, a repeat, an utterance it cannot place, a wrong answer and the right one.
 */

/** The answers of a path, by question; the rest get their first choice. */
const PATHS: Record<string, Record<string, AnswerValue>> = {
  // Every choice that brings advice or tests: all placements and channels, capture later, both payment kinds,
  // a custom shop (so the back end is asked), no decline handling yet (all decline advice).
  longest: EVERY_BRANCH,
  shortest: { processing: 'capture_at_order', platform: 'magento2', payments: 'one_time', channels: ['web'] },
};

/** A spoken note full of what SSML must escape, longer than any speech may be. */
const NASTY_NOTE = `<speak> & "quotes" & 'apostrophes' </speak> ${'Fehler & <Tag> '.repeat(700)}`;

const TEXT: Record<string, string> = {
  free: 'Eine Fehlermeldung & andere Zahlungsarten <b>',
  sandboxPublicKeyId: 'sandbox minus a h e g s j c m 3 l 6 k n i p q',
  livePublicKeyId: 'live minus a h e g s j c m 3 l 6 k n i p q',
  merchantId: 'a 2 e x a m p l e 1 2 3 4',
  httpsUrl: 'https://shop.example.com/ipn',
};

/** The slot value the interaction model offers for a choice (what Alexa would hear). */
function choiceValue(locale: AlexaLocale, questionId: string, choice: string): string {
  const type = buildInteractionModel(locale).interactionModel.languageModel.types[0];
  const value = type?.values.find((v) => v.id === `${questionId}.${choice}`);
  if (!value) throw new Error(`no slot value for ${questionId}.${choice}`);
  return value.name.value;
}

/** Answers the current question: first wrongly or partly where that leads to a state of its own, then rightly. */
async function answer(
  h: Harness,
  locale: AlexaLocale,
  question: Question,
  pick: Record<string, AnswerValue>,
) {
  const { alexa } = h;
  switch (question.kind) {
    case 'single':
    case 'multi': {
      const chosen =
        pick[question.id] ?? (question.kind === 'single' ? question.choices[0] : [question.choices[0]]);
      const list = (Array.isArray(chosen) ? chosen : [chosen]) as string[];
      await alexa.intend('AnswerIntent', { first: 'xyzzy' });
      const slots = Object.fromEntries(
        list
          .slice(0, 4)
          .map((c, i) => [
            ['first', 'second', 'third', 'fourth'][i] as string,
            choiceValue(locale, question.id, c),
          ]),
      );
      await alexa.intend('AnswerIntent', slots);
      if (list.length > 4) throw new Error('at most four choices by voice');
      return;
    }
    case 'yesno':
      await alexa.intend('AMAZON.NoIntent');
      await alexa.intend('AMAZON.HelpIntent');
      await alexa.intend('AMAZON.YesIntent');
      return;
    case 'text':
      await alexa.intend('TextAnswerIntent', { text: 'x' });
      if (question.skip === 'free') await alexa.intend('SkipIntent');
      else await alexa.intend('TextAnswerIntent', { text: TEXT[question.format] as string });
      return;
    case 'checklist':
      await alexa.intend('CheckItemIntent', { item: '1' });
      await alexa.intend('CheckItemIntent', { item: '99' });
      await alexa.intend('CheckAllIntent');
      return;
    case 'testcase':
      await alexa.intend('TestFailedIntent', { note: NASTY_NOTE });
      await alexa.intend('AMAZON.RepeatIntent');
      await alexa.intend('TestPassedIntent');
      return;
  }
}

/** Drives a whole onboarding for one path and returns every response the skill gave on the way. */
async function everyState(
  locale: AlexaLocale,
  pick: Record<string, AnswerValue>,
): Promise<ResponseEnvelope[]> {
  const h = harness({ locale, userId: `amzn1.ask.account.LIMITS${Object.keys(pick).length}` });
  await h.alexa.intend('StatusIntent'); // before the start
  await h.alexa.intend('AMAZON.HelpIntent');
  await h.alexa.intend('AMAZON.FallbackIntent');
  let launched = await h.launch();
  for (let turn = 0; turn < 100; turn += 1) {
    const team = await h.engine.status(`alexa:amzn1.ask.account.LIMITS${Object.keys(pick).length}`);
    if (team?.done) break;
    await h.alexa.intend('StatusIntent');
    await h.alexa.intend('AMAZON.HelpIntent');
    await h.alexa.intend('AMAZON.RepeatIntent');
    await h.alexa.intend('AMAZON.FallbackIntent');
    await h.alexa.intend('AnswersIntent');
    const id = (launched.sessionAttributes as { question?: string } | undefined)?.question;
    const current = h.responses.at(-1)?.sessionAttributes?.question as string | undefined;
    const question = findQuestion(h.engine.flow, current ?? id ?? '');
    if (!question) throw new Error(`no question after turn ${turn}`);
    await answer(h, locale, question, pick);
    launched = await h.launch(); // a new session at every state: the launch reply of each state
  }
  // Done: what a finished team hears, with every answer in the list and the open items the path leaves.
  await h.launch();
  await h.alexa.intend('StatusIntent');
  await h.alexa.intend('AMAZON.HelpIntent');
  await h.alexa.intend('AMAZON.FallbackIntent');
  await h.alexa.intend('AnswerIntent', { first: choiceValue(locale, 'placement', 'cart') });
  await h.alexa.intend('AMAZON.YesIntent');
  await h.alexa.intend('TestPassedIntent');
  await h.alexa.intend('NextIntent');
  await h.alexa.intend('AnswersIntent');
  await h.alexa.intend('ChangeAnswerIntent');
  await h.alexa.intend('ChangeAnswerIntent', { number: '99' });
  // Back to the first answer and answered again: the team returns to done ("all steps worked through" again).
  await h.alexa.intend('ChangeAnswerIntent', { number: '1' });
  await h.alexa.intend('AnswerIntent', { first: choiceValue(locale, 'placement', 'cart') });
  await h.alexa.intend('StatusIntent');
  await h.alexa.intend('AMAZON.StopIntent');
  await h.alexa.endSession();
  expect((await h.engine.teams()).teams.every((t) => t.done)).toBe(true);
  return h.responses;
}

const LEFTOVER =
  /\{\{|\}\}|\b(?:voice|flow|common):|\b(?:notice|input|question|status|help|link|card|error|questions|tips|steps|launch|restart|check|reprompt|answer)\.[a-z][A-Za-z_]*\b/;

function problemsOf(response: ResponseEnvelope): string[] {
  const problems: string[] = [];
  const r = response.response;
  const speech = r.outputSpeech?.type === 'SSML' ? r.outputSpeech.ssml : undefined;
  const reprompt = r.reprompt?.outputSpeech?.type === 'SSML' ? r.reprompt.outputSpeech.ssml : undefined;
  for (const [name, ssml] of [
    ['speech', speech],
    ['reprompt', reprompt],
  ] as const) {
    if (ssml === undefined) continue;
    for (const p of ssmlProblems(ssml)) problems.push(`${name}: ${p}`);
    if (ssml.length > MAX_SPEECH_CHARS) problems.push(`${name}: ${ssml.length} characters`);
    const leftover = LEFTOVER.exec(ssml);
    if (leftover) problems.push(`${name}: unrendered "${leftover[0]}" in ${ssml.slice(0, 120)}`);
    if (/undefined|\[object Object\]|NaN/.test(ssml)) problems.push(`${name}: ${ssml.slice(0, 200)}`);
  }
  if (r.card?.type === 'Simple') {
    const size = (r.card.title ?? '').length + (r.card.content ?? '').length;
    if (size > MAX_CARD_CHARS) problems.push(`card: ${size} characters`);
    const leftover = LEFTOVER.exec(`${r.card.title} ${r.card.content}`);
    if (leftover) problems.push(`card: unrendered "${leftover[0]}"`);
  }
  const bytes = byteLength(JSON.stringify(response));
  if (bytes > MAX_RESPONSE_BYTES) problems.push(`response: ${bytes} bytes`);
  if (!speech && r.shouldEndSession !== undefined && Object.keys(r).length > 0 && !r.directives) {
    problems.push('a response without speech that is not empty');
  }
  return problems;
}

describe.each(['de-DE', 'en-US'] as const)('every reply within Alexa’s limits (%s)', (locale) => {
  it.each(Object.keys(PATHS))('on the %s path', async (path) => {
    const responses = await everyState(locale, PATHS[path] as Record<string, AnswerValue>);
    expect(responses.length).toBeGreaterThan(150);
    const problems = responses.flatMap((response, index) =>
      problemsOf(response).map((p) => `#${index}: ${p}`),
    );
    expect(problems).toEqual([]);
    // The note full of markup is read back escaped and cut, with the question still asked.
    const failed = responses.filter((r) => JSON.stringify(r).includes('&lt;Tag&gt;'));
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      const ssml = r.response.outputSpeech?.type === 'SSML' ? r.response.outputSpeech.ssml : '';
      expect(ssml.length).toBeLessThanOrEqual(MAX_SPEECH_CHARS);
      expect(ssml).not.toContain('<Tag>');
    }
  });
});

describe('fitting speech', () => {
  it('drops optional blocks first, then cuts the longest text, keeping the last block (the question)', () => {
    const question = 'Haben Sie bereits ein Sandbox-Konto?';
    const fitted = fitSpeech(
      [
        { text: ['Notiert: ja.'] },
        { text: ['Ein Tipp. '.repeat(300)], optional: true },
        { text: ['& '.repeat(3000)] },
        { text: [question] },
      ],
      2000,
    );
    expect(fitted.dropped).toBe(true);
    expect(fitted.ssml.length).toBeLessThanOrEqual(2000);
    expect(ssmlProblems(fitted.ssml)).toEqual([]);
    expect(fitted.ssml).toContain(question);
    expect(fitted.ssml).not.toContain('Ein Tipp.');
  });
});
