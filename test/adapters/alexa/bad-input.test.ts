import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { parseRecord } from '../../../src/core/record';
import {
  advanceTo,
  type Harness,
  harness,
  noted,
  reprompt,
  speech,
  spokenChoices,
  spokenLabel,
  t,
} from './harness';

/**
 * Everything that is not a clean answer: unknown utterances, missing slots, answers that fit no choice, retries,
 * ending the session, a store that is down. Each gets a clear spoken answer, and nothing recorded is lost.
 */

const USER = 'amzn1.ask.account.BADINPUT';
const TEAM = `alexa:${USER}`;
const l: Locale = 'de';
const prompt = (q: string) => t(l, `flow:questions.${q}.prompt`);
const hint = (kind: string) => t(l, `voice:input.${kind}`);

async function answers(h: Harness): Promise<Record<string, { value: unknown }>> {
  const stored = await h.store.get(teamRecordKey(TEAM));
  const parsed = parseRecord(stored?.value ?? '');
  return parsed.kind === 'ok' ? parsed.record.context.answers : {};
}

/** A German session at the payments question (step 1, question 6: a Magento shop is asked no back end). */
async function atPayments(): Promise<Harness> {
  const h = harness({ locale: 'de-DE', userId: USER });
  await h.launch();
  for (const line of ['Warenkorb', 'sofort', 'nein', 'Magento', 'überspringen']) await h.say(line);
  return h;
}

describe('unknown and unfitting input', () => {
  it('an utterance Alexa cannot place (FallbackIntent) is not understood, and the question is asked again', async () => {
    const h = await atPayments();
    const response = await h.alexa.intend('AMAZON.FallbackIntent');
    expect(speech(response)).toBe(
      `${t(l, 'input.notUnderstood', { hint: hint('single') })} ${prompt('payments')} ${t(l, 'voice:question.choose', { choices: spokenChoices(l, 'payments') })}`,
    );
    expect(response.response.shouldEndSession).toBe(false);
    expect(reprompt(response)).toContain(prompt('payments'));
    expect((await answers(h)).payments).toBeUndefined();
  });

  it('"wiederholen" says the question again, and nothing about where the team stands', async () => {
    const h = await atPayments();
    const response = await h.say('wiederholen');
    expect(speech(response)).toBe(
      `${prompt('payments')} ${t(l, 'voice:question.choose', { choices: spokenChoices(l, 'payments') })}`,
    );
    expect(response.response.card).toBeUndefined();
  });

  it('a choice of another question does not fit: said so, nothing recorded', async () => {
    const h = await atPayments();
    const response = await h.say('Warenkorb');
    expect(speech(response)).toContain(t(l, 'input.notUnderstood', { hint: hint('single') }));
    expect(speech(response)).toContain(prompt('payments'));
    expect((await answers(h)).payments).toBeUndefined();
    expect((await answers(h)).placement?.value).toEqual(['cart']);
  });

  it('two choices for a one-choice question are refused', async () => {
    const h = harness({ locale: 'de-DE', userId: USER });
    await h.launch();
    await h.say('Warenkorb');
    const response = await h.say('sofort und versand');
    expect(speech(response)).toContain(t(l, 'input.notUnderstood', { hint: hint('single') }));
    expect((await answers(h)).processing).toBeUndefined();
  });

  it('missing slots get a spoken hint, never an error', async () => {
    const h = await atPayments();
    const noChoice = await h.alexa.intend('AnswerIntent');
    expect(speech(noChoice)).toContain(t(l, 'voice:input.missing', { hint: hint('single') }));
    const noText = await h.alexa.intend('TextAnswerIntent');
    expect(speech(noText)).toContain(t(l, 'voice:input.missing', { hint: hint('single') }));
    const noCode = await h.alexa.intend('LinkIntent');
    expect(speech(noCode)).toContain(t(l, 'voice:link.missing'));
    expect(speech(noCode)).toContain(prompt('payments'));
    for (const response of [noChoice, noText, noCode]) expect(response.response.shouldEndSession).toBe(false);
  });

  it('a test result or a checklist tick where neither is asked does not fit', async () => {
    const h = await atPayments();
    const passed = await h.say('bestanden');
    expect(speech(passed)).toContain(t(l, 'notice.answer.invalid', { hint: hint('single') }));
    const ticked = await h.alexa.intend('CheckItemIntent', { item: '2' });
    expect(speech(ticked)).toContain(t(l, 'notice.answer.invalid', { hint: hint('single') }));
    expect((await answers(h)).payments).toBeUndefined();
  });

  it('a text answer that does not fit the format is refused with the format explained', async () => {
    const h = harness({ locale: 'de-DE', userId: USER });
    await h.launch();
    for (const line of [
      'Warenkorb',
      'sofort',
      'nein',
      'Magento',
      'überspringen',
      'beides',
      'Web',
      'Europa',
      'ja',
    ])
      await h.say(line);
    const response = await h.say('meine Antwort ist zwölf');
    expect(speech(response)).toContain(
      t(l, 'notice.answer.invalid', { hint: t(l, 'flow:questions.sandbox_key.invalid') }),
    );
    expect((await answers(h)).sandbox_key).toBeUndefined();
  });

  it('a checklist item that does not exist is named as such', async () => {
    const h = harness({ locale: 'de-DE', userId: USER });
    await h.launch();
    // A teammate got the team to the launch step in Slack.
    await advanceTo(h, TEAM, 'seller_central');
    const response = await h.say('wiederholen');
    expect(speech(response)).toContain(prompt('seller_central'));
    const nine = await h.say('Punkt 9 erledigt');
    expect(speech(nine)).toContain(t(l, 'voice:input.outOfRange', { max: 6 }));
    expect((await h.engine.status(TEAM))?.openQuestions).toBe(5);
  });

  it('a new session without launch ("frage … wo stehen wir") works on the team as it stands', async () => {
    const h = harness({ locale: 'de-DE', userId: 'amzn1.ask.account.NEWBIE' });
    const status = await h.say('wo stehen wir');
    expect(speech(status)).toContain(t(l, 'voice:status.notStarted'));
    h.alexa.context().endSession();
    const answer = await h.say('Web');
    // Said once, in the voice's words ("Sagen Sie …"), not followed by the same news as a status line.
    expect(speech(answer)).toBe(t(l, 'voice:notice.notStarted'));
  });
});

describe('a teammate answered in Slack meanwhile', () => {
  it('the voice answer to the old question is not recorded over theirs', async () => {
    const h = await atPayments();
    await h.engine.handle(
      TEAM,
      { type: 'ANSWER', questionId: 'payments', value: 'recurring' },
      { actor: { id: 'U_ANNA', name: 'Anna' }, channel: 'slack' },
    );
    const response = await h.say('beides');
    expect(speech(response)).toContain(
      t(l, 'voice:notice.answer.already', {
        by: 'Anna',
        answer: t(l, 'flow:questions.payments.choices.recurring'),
      }),
    );
    expect(speech(response)).toContain(prompt('channels'));
    expect((await answers(h)).payments?.value).toBe('recurring');
  });
});

describe('retries', () => {
  it('the same request delivered twice is applied once and answered the same', async () => {
    const h = await atPayments();
    const first = await h.say('beides');
    const envelope = h.requests.at(-1);
    if (!envelope) throw new Error('no request captured');
    const again = await h.skill.invoke(envelope);
    expect(again.response.outputSpeech).toEqual(first.response.outputSpeech);
    const stored = parseRecord((await h.store.get(teamRecordKey(TEAM)))?.value ?? '');
    expect(stored.kind === 'ok' && stored.record.context.revisions).toEqual([]);
  });
});

describe('ending and starting over', () => {
  it.each([
    ['stopp', 'AMAZON.StopIntent'],
    ['abbrechen', 'AMAZON.CancelIntent'],
  ])('"%s" ends the session politely and keeps the progress', async (utterance) => {
    const h = await atPayments();
    const response = await h.say(utterance);
    expect(speech(response)).toBe(t(l, 'voice:goodbye', { invocation: t(l, 'voice:skill.invocation') }));
    expect(response.response.shouldEndSession).toBe(true);
    expect(response.response.reprompt).toBeUndefined();
    expect((await answers(h)).placement?.value).toEqual(['cart']);
  });

  it('"go home" on a device with a screen ends the session too', async () => {
    const h = await atPayments();
    const response = await h.alexa.intend('AMAZON.NavigateHomeIntent');
    expect(response.response.shouldEndSession).toBe(true);
  });

  it('a SessionEndedRequest gets no speech and is logged', async () => {
    const h = await atPayments();
    const response = await h.alexa.endSession();
    expect(response.response).toEqual({});
    expect(h.logs.some((line) => line.text.includes('session ended'))).toBe(true);
  });

  it('starting over asks first; "nein" keeps everything, "ja" starts over', async () => {
    const h = await atPayments();
    const ask = await h.say('neu starten');
    expect(speech(ask)).toContain(t(l, 'voice:notice.restart.confirm'));
    const kept = await h.say('nein');
    expect(speech(kept)).toContain(t(l, 'voice:restart.kept'));
    expect(speech(kept)).toContain(prompt('payments'));
    expect((await answers(h)).placement).toBeDefined();

    await h.say('von vorn');
    const restarted = await h.say('ja');
    expect(speech(restarted)).toContain(t(l, 'notice.restart.done'));
    expect(speech(restarted)).toContain(prompt('placement'));
    expect(await answers(h)).toEqual({});
  });

  it('"ja" without a pending restart is an answer as usual', async () => {
    const h = await atPayments();
    await h.say('neu starten');
    await h.say('wo stehen wir');
    const yes = await h.say('ja');
    expect(speech(yes)).not.toContain(t(l, 'notice.restart.done'));
    expect((await answers(h)).placement).toBeDefined();
  });
});

describe('a store that is down', () => {
  it('says "please try again", keeps the session open, and loses nothing', async () => {
    const h = await atPayments();
    h.store.setDown(true);
    const down = await h.say('beides');
    expect(speech(down)).toBe(t(l, 'voice:error.store'));
    expect(reprompt(down)).toBe(t(l, 'voice:error.reprompt'));
    expect(down.response.shouldEndSession).toBe(false);
    const launchDown = await h.launch();
    expect(speech(launchDown)).toBe(t(l, 'voice:error.store'));
    expect(h.logs.some((line) => line.level === 'warn' && line.text.includes('STORE_UNAVAILABLE'))).toBe(
      true,
    );

    h.store.setDown(false);
    const back = await h.say('beides');
    expect(speech(back)).toContain(noted(l, spokenLabel(l, 'payments', 'both')));
    const stored = await answers(h);
    expect(stored.placement?.value).toEqual(['cart']);
    expect(stored.processing?.value).toBe('capture_at_order');
    expect(stored.payments?.value).toBe('both');
  });
});
