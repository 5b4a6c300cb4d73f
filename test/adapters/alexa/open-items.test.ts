import type { SkillResponse } from 'virtual-alexa';
import type { AlexaLocale } from '../../../src/adapters/alexa/interaction-model';
import type { Locale } from '../../../src/core/context';
import {
  doneSummary,
  type Harness,
  harness,
  noted,
  prompt,
  render,
  reprompt,
  speech,
  storedRecord,
  t,
} from './harness';
import { ssmlProblems } from './ssml';

/**
 * A team that skips a test and leaves a checklist half done is not told it is ready to launch. A whole onboarding by
 * voice: at the end Alexa counts the open items, says the first ones and puts all of them on the card, keeps the
 * session open, and "where are we" tells the same. Closing the skipped test later ("meine Antworten", "Antwort N
 * ändern", "bestanden") takes it off the list, without a second celebration.
 */

/** The utterances of one language, as a team would say them. */
interface Spoken {
  device: AlexaLocale;
  locale: Locale;
  /** Each line said, and the question asked next (null: none, the team is done). */
  walk: [string, string | null][];
  refundReason: string;
  checklistReason: string;
  status: string;
  answers: string;
  change: (number: number) => string;
  passed: string;
}

/** Ticked by voice before the checklist is skipped: the other four stay open. */
const TICKED = ['bank_account', 'credit_card'];
const UNTICKED = ['tax_status', 'staff_access', 'logo', 'customer_service'];

const GERMAN: Spoken = {
  device: 'de-DE',
  locale: 'de',
  refundReason: 'die Erstattung über JTL Wawi läuft',
  checklistReason: 'der Steuerberater die Unterlagen noch prüft',
  walk: [
    ['Warenkorb', 'processing'],
    ['sofort', 'pending_authorization'],
    ['nein', 'platform'],
    ['Magento', 'oms'],
    ['meine Antwort ist JTL Wawi', 'payments'],
    ['Einmalzahlungen', 'channels'],
    ['Web', 'region'],
    ['Europa', 'sandbox_account'],
    ['ja', 'sandbox_key'],
    ['meine Antwort ist sandbox minus a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k', 'merchant_id'],
    ['meine Antwort ist A 2 E X A M P L E 1 2 3 4', 'welcome_kit'],
    ['ja', 'decline_handling'],
    ['erneut versuchen und andere Zahlungsart und Zahlungsmittel aktualisieren', 'decline_experience'],
    ['die Antwort ist der Kunde sieht einen Hinweis und wählt eine andere Zahlungsart', 'test_component'],
    ['bestanden', 'test_system'],
    ['bestanden', 'test_notifications'],
    ['bestanden', 'test_refund'],
    ['überspringen, weil die Erstattung über JTL Wawi läuft', 'test_buyer_canceled'],
    ['bestanden', 'test_declined'],
    ['bestanden', 'seller_central'],
    ['Punkt 1 und 2 erledigt', 'seller_central'],
    ['überspringen, weil der Steuerberater die Unterlagen noch prüft', 'live_key'],
    ['meine Antwort ist live minus a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k', 'production_endpoints'],
    ['alle erledigt', 'production_ipn'],
    [
      'meine Antwort ist https doppelpunkt schrägstrich schrägstrich shop punkt example punkt de schrägstrich ipn',
      'production_validated',
    ],
    ['ja', null],
  ],
  status: 'wo stehen wir',
  answers: 'meine Antworten',
  change: (number) => `Antwort ${number} ändern`,
  passed: 'bestanden',
};

const ENGLISH: Spoken = {
  device: 'en-US',
  locale: 'en',
  refundReason: 'refunds run through the ERP',
  checklistReason: 'the tax advisor is still reviewing the documents',
  walk: [
    ['cart', 'processing'],
    ['right away', 'pending_authorization'],
    ['no', 'platform'],
    ['magento', 'oms'],
    ['my answer is SAP Business One', 'payments'],
    ['one time', 'channels'],
    ['web', 'region'],
    ['europe', 'sandbox_account'],
    ['yes', 'sandbox_key'],
    ['my answer is sandbox dash a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k', 'merchant_id'],
    ['my answer is A 2 E X A M P L E 1 2 3 4', 'welcome_kit'],
    ['yes', 'decline_handling'],
    ['retry and other method and update payment method', 'decline_experience'],
    ['my answer is the customer sees a message and can pick another method', 'test_component'],
    ['passed', 'test_system'],
    ['passed', 'test_notifications'],
    ['passed', 'test_refund'],
    ['skip because refunds run through the ERP', 'test_buyer_canceled'],
    ['passed', 'test_declined'],
    ['passed', 'seller_central'],
    ['item 1 and 2 done', 'seller_central'],
    ['skip because the tax advisor is still reviewing the documents', 'live_key'],
    ['my answer is live dash a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k', 'production_endpoints'],
    ['all done', 'production_ipn'],
    ['my answer is https colon slash slash shop dot example dot com slash ipn', 'production_validated'],
    ['yes', null],
  ],
  status: 'where are we',
  answers: 'my answers',
  change: (number) => `change answer ${number}`,
  passed: 'passed',
};

/** Says the lines one by one; each reply asks the question expected next and is valid SSML. */
async function walk(h: Harness, spoken: Spoken): Promise<SkillResponse> {
  let last: SkillResponse | null = null;
  for (const [line, next] of spoken.walk) {
    last = await h.say(line);
    expect(ssmlProblems(last.response.outputSpeech.ssml)).toEqual([]);
    const asked = (last.sessionAttributes as { question?: string | null } | undefined)?.question ?? null;
    expect({ line, asked }).toEqual({ line, asked: next });
    if (next) expect(speech(last)).toContain(prompt(spoken.locale, next));
  }
  return last as SkillResponse;
}

describe.each([GERMAN, ENGLISH])('open items by voice ($device)', (spoken) => {
  const l = spoken.locale;
  const user = `amzn1.ask.account.OPEN${spoken.device}`;
  const team = `alexa:${user}`;
  /** The open items, as the locale writes them, in flow order: the skipped test, then the four unticked items. */
  const refundItem = t(l, 'open.skipped', {
    task: t(l, 'flow:questions.test_refund.task'),
    reason: spoken.refundReason,
  });
  const untickedItems = UNTICKED.map((item) =>
    t(l, 'open.skipped', {
      task: t(l, `flow:questions.seller_central.tasks.${item}`),
      reason: spoken.checklistReason,
    }),
  );
  const allItems = [refundItem, ...untickedItems];

  it('counts the open items at the end, keeps the session open, and closing one takes it off the list', async () => {
    const h = harness({ locale: spoken.device, userId: user });
    await h.launch();

    // Done, with five items open: no "ready to launch".
    const done = await walk(h, spoken);
    const heard = speech(done);
    expect(heard).toContain(t(l, 'step.completed', { number: 5, step: t(l, 'flow:steps.launch.title') }));
    expect(heard).toContain(t(l, 'done.withOpen', { count: 5 }));
    expect(heard).not.toContain(t(l, 'done.ready'));
    // The first three are said, in flow order; the other two are only on the card, and speech says where.
    expect(heard).toContain(`${allItems[0]}. ${allItems[1]}. ${allItems[2]}.`);
    for (const item of allItems.slice(3)) expect(heard).not.toContain(item);
    expect(heard).toContain(t(l, 'voice:question.more'));
    expect(done.response.shouldEndSession).toBe(false);
    expect(reprompt(done)).toBe(t(l, 'voice:done.reprompt'));
    expect(done.response.card?.title).toBe(t(l, 'voice:card.done'));
    for (const item of allItems) expect(done.response.card?.content).toContain(item);
    const summary = await doneSummary(h, team, l);
    expect(heard).toContain(summary);
    const ticked = (await storedRecord(h, team)).context.checks.seller_central ?? {};
    expect(Object.keys(ticked).sort()).toEqual([...TICKED].sort());

    // "Where are we": all five steps worked through, five items open.
    const status = await h.say(spoken.status);
    expect(speech(status)).toContain(t(l, 'voice:status.done'));
    expect(speech(status)).toContain(t(l, 'voice:status.open', { count: 5 }));
    expect(speech(status)).toContain(`${allItems[0]}.`);
    for (const item of allItems) expect(status.response.card?.content).toContain(item);
    expect(status.response.shouldEndSession).toBe(false);

    // The answer list numbers the skipped test; that number reopens it.
    const list = await h.say(spoken.answers);
    const asked = [...new Set(spoken.walk.map(([, next]) => next))].filter((id): id is string => id !== null);
    const answered = ['placement', ...asked];
    expect(speech(list)).toContain(t(l, 'voice:answers.count', { count: answered.length }));
    const card: string = list.response.card?.content ?? '';
    const refundLine = card.split('\n').find((line) => line.includes(prompt(l, 'test_refund')));
    expect(refundLine).toContain(t(l, 'answer.skippedBecause', { reason: spoken.refundReason }));
    const number = Number(/^(\d+)\. /.exec(refundLine ?? '')?.[1]);
    expect(number).toBe(answered.indexOf('test_refund') + 1);

    const reopened = await h.say(spoken.change(number));
    expect(speech(reopened)).toContain(render(l, { key: 'notice.revisit.started' }, 'voice'));
    expect(speech(reopened)).toContain(prompt(l, 'test_refund'));
    expect(reprompt(reopened)).toContain(prompt(l, 'test_refund'));

    // Passed now: one fewer, told as "all steps worked through" again, not as a second celebration.
    const closed = await h.say(spoken.passed);
    const closing = speech(closed);
    expect(closing).toContain(noted(l, t(l, 'answer.test.passed')));
    expect(closing).toContain(t(l, 'done.withOpenAgain', { count: 4 }));
    expect(closing).not.toContain(t(l, 'done.withOpen', { count: 4 }));
    expect(closing).not.toContain(t(l, 'done.ready'));
    expect(closing).not.toContain(
      t(l, 'step.completed', { number: 5, step: t(l, 'flow:steps.launch.title') }),
    );
    expect(closing).not.toContain(summary);
    expect(closing).not.toContain(refundItem);
    expect(closed.response.shouldEndSession).toBe(false);

    const after = await h.say(spoken.status);
    expect(speech(after)).toContain(t(l, 'voice:status.open', { count: 4 }));
    expect(speech(after)).toContain(`${untickedItems[0]}.`);
    expect(speech(after)).not.toContain(refundItem);
    expect(after.response.card?.content).not.toContain(refundItem);
    for (const item of untickedItems) expect(after.response.card?.content).toContain(item);

    const record = await storedRecord(h, team);
    expect(record.context.answers.test_refund?.value).toEqual({ status: 'passed' });
    expect(record.context.skips.test_refund).toBeUndefined();
    expect(await h.engine.status(team)).toMatchObject({ done: true, openItems: 4 });
  });
});
