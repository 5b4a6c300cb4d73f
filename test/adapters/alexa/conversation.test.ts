import type { SkillResponse } from 'virtual-alexa';
import { briefLabel } from '../../../src/adapters/alexa/speech';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { parseRecord } from '../../../src/core/record';
import { type Harness, harness, reprompt, speech, t } from './harness';
import { ssmlProblems } from './ssml';

/**
 * A whole onboarding by voice, from launch to done, in German on a de-DE device and in English on an en-US device:
 * virtual-alexa resolves each utterance with the committed interaction model and sends the request to the real skill.
 */

const USER = 'amzn1.ask.account.CONVERSATION';
const TEAM = `alexa:${USER}`;

const prompt = (l: Locale, q: string) => t(l, `flow:questions.${q}.prompt`);
const label = (l: Locale, q: string, c: string) => briefLabel(t(l, `flow:questions.${q}.choices.${c}`));
const noted = (l: Locale, answer: string) => t(l, 'voice:notice.answer.recorded', { answer });
const and = (l: Locale, ...items: string[]) =>
  new Intl.ListFormat(l, { style: 'long', type: 'conjunction' }).format(items);

interface Step {
  say: string;
  /** Texts the speech must contain, in this order. */
  expect: string[];
}

/** Speaks each step and checks the answer; every response is valid SSML and keeps the session open until done. */
async function converse(h: Harness, steps: Step[]): Promise<SkillResponse> {
  let last: SkillResponse | null = null;
  for (const step of steps) {
    const response = await h.say(step.say);
    const heard = speech(response);
    let from = 0;
    for (const expected of step.expect) {
      const at = heard.indexOf(expected, from);
      if (at < 0) throw new Error(`after "${step.say}" expected "${expected}" in:\n${heard}`);
      from = at + expected.length;
    }
    expect(ssmlProblems(response.response.outputSpeech.ssml)).toEqual([]);
    last = response;
  }
  return last as SkillResponse;
}

async function storedAnswers(h: Harness): Promise<Record<string, { value: unknown; by: { id: string } }>> {
  const stored = await h.store.get(teamRecordKey(TEAM));
  const parsed = parseRecord(stored?.value ?? '');
  if (parsed.kind !== 'ok') throw new Error('record unreadable');
  return parsed.record.context.answers;
}

describe('a whole onboarding by voice in German (de-DE)', () => {
  const l: Locale = 'de';

  it('runs from launch to done, the way a person says it', async () => {
    const h = harness({ locale: 'de-DE', userId: USER });

    const launch = await h.launch();
    expect(speech(launch)).toContain(t(l, 'notice.start.started'));
    expect(speech(launch)).toContain(t(l, 'voice:launch.linkHint'));
    expect(speech(launch)).toContain(prompt(l, 'placement'));
    expect(speech(launch)).toContain('Sie können auch mehrere nennen, etwa „Warenkorb und Checkout“.');
    expect(reprompt(launch)).toContain(prompt(l, 'placement'));
    expect(launch.response.shouldEndSession).toBe(false);

    await converse(h, [
      {
        say: 'Warenkorb und Kasse',
        expect: [
          noted(l, and(l, label(l, 'placement', 'cart'), label(l, 'placement', 'checkout'))),
          prompt(l, 'processing'),
        ],
      },
      {
        say: 'beim Versand',
        expect: [noted(l, label(l, 'processing', 'capture_at_shipment')), prompt(l, 'platform')],
      },
      { say: 'wir nutzen Shopware', expect: [noted(l, 'Shopware'), prompt(l, 'backend')] },
      { say: 'wir verwenden PHP', expect: [noted(l, 'PHP'), prompt(l, 'oms')] },
      { say: 'wir nutzen JTL Wawi', expect: [noted(l, 'JTL Wawi'), prompt(l, 'payments')] },
      {
        say: 'wo stehen wir',
        expect: ['Ihr Team ist bei Schritt 1 von 5: Setup überprüfen, Frage 6 von 7.', prompt(l, 'payments')],
      },
      { say: 'hilfe', expect: [t(l, 'voice:help.general'), prompt(l, 'payments')] },
      { say: 'beides', expect: [noted(l, label(l, 'payments', 'both')), prompt(l, 'channels')] },
      {
        say: 'zurück',
        expect: [t(l, 'notice.moved'), prompt(l, 'payments'), 'Bisher notiert: Beides, von Alexa-Nutzer.'],
      },
      { say: 'weiter', expect: [t(l, 'notice.moved'), prompt(l, 'channels')] },
      { say: 'wiederholen', expect: [prompt(l, 'channels')] },
      {
        say: 'Web und App',
        expect: [
          noted(l, and(l, label(l, 'channels', 'web'), label(l, 'channels', 'app'))),
          'Schritt 1 von 5 ist geschafft: Setup überprüfen.',
          t(l, 'voice:question.more'),
          prompt(l, 'sandbox_account'),
        ],
      },
      { say: 'ja haben wir', expect: [noted(l, 'ja'), prompt(l, 'sandbox_key')] },
      { say: 'überspringen', expect: [t(l, 'voice:notice.skip.recorded'), prompt(l, 'merchant_id')] },
      {
        // Spelled as people spell an id: letter by letter.
        say: 'meine Antwort ist A 2 E X A M P L E 1 2 3 4',
        expect: [noted(l, 'A2EXAMPLE1234'), 'Schritt 2 von 5 ist geschafft', prompt(l, 'welcome_kit')],
      },
      {
        say: 'nein',
        expect: [
          noted(l, 'nein'),
          prompt(l, 'welcome_kit'),
          t(l, 'flow:questions.welcome_kit.blocked').split('. ')[0] as string,
        ],
      },
      { say: 'ja', expect: [noted(l, 'ja'), prompt(l, 'decline_handling')] },
      {
        say: 'erneut versuchen und andere Zahlungsart',
        expect: [
          noted(
            l,
            and(l, label(l, 'decline_handling', 'soft_retry'), label(l, 'decline_handling', 'other_method')),
          ),
          prompt(l, 'decline_experience'),
        ],
      },
      {
        say: 'die Antwort ist der Kunde sieht einen Hinweis und wählt eine andere Zahlungsart',
        expect: [
          noted(l, 'der Kunde sieht einen Hinweis und wählt eine andere Zahlungsart'),
          'Schritt 3 von 5 ist geschafft',
          prompt(l, 'test_component'),
        ],
      },
      { say: 'bestanden', expect: [noted(l, 'bestanden'), prompt(l, 'test_system')] },
      { say: 'ja', expect: [noted(l, 'bestanden'), prompt(l, 'test_notifications')] },
      {
        say: 'fehlgeschlagen weil die IPN nicht ankommt',
        expect: [noted(l, 'fehlgeschlagen (die IPN nicht ankommt)'), prompt(l, 'test_notifications')],
      },
      { say: 'bestanden', expect: [prompt(l, 'test_refund')] },
      { say: 'hat geklappt', expect: [noted(l, 'bestanden'), prompt(l, 'test_buyer_canceled')] },
      { say: 'bestanden', expect: [prompt(l, 'test_declined')] },
      { say: 'bestanden', expect: [prompt(l, 'test_async_authorization')] },
      { say: 'bestanden', expect: [prompt(l, 'test_hard_declined')] },
      {
        say: 'überspringen weil wir das später testen',
        expect: [t(l, 'voice:notice.skip.recorded'), prompt(l, 'test_late_capture')],
      },
      { say: 'bestanden', expect: [prompt(l, 'test_recurring')] },
      {
        say: 'bestanden',
        expect: ['Schritt 4 von 5 ist geschafft', prompt(l, 'seller_central'), 'Punkt 1: Bankkonto'],
      },
      { say: 'Punkt 1 und 2 erledigt', expect: ['2 Punkte abgehakt.', 'Punkt 3: Steuerstatus'] },
      { say: 'alle erledigt', expect: ['4 Punkte abgehakt.', prompt(l, 'live_key')] },
      {
        say: 'meine Antwort ist live minus a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k',
        expect: [noted(l, 'LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK'), prompt(l, 'production_endpoints')],
      },
      { say: 'ja', expect: ['3 Punkte abgehakt.', prompt(l, 'production_ipn')] },
      {
        say: 'meine Antwort ist https doppelpunkt schrägstrich schrägstrich shop punkt example punkt de schrägstrich ipn',
        expect: [noted(l, 'https://shop.example.de/ipn'), prompt(l, 'production_validated')],
      },
    ]);

    const done = await h.say('ja');
    expect(speech(done)).toContain('Schritt 5 von 5 ist geschafft: Start vorbereiten.');
    expect(speech(done)).toContain(t(l, 'done.celebrate'));
    expect(speech(done)).toMatch(
      /Zusammenfassung: \d+ Antworten, \d+ bestandene Tests, 2 übersprungene Punkte\./,
    );
    expect(done.response.shouldEndSession).toBe(true);
    expect(done.response.reprompt).toBeUndefined();
    expect(done.response.card?.title).toBe(t(l, 'voice:card.done'));

    const status = await h.engine.status(TEAM);
    expect(status).toMatchObject({ done: true, step: 'done', locale: 'de' });
    const answers = await storedAnswers(h);
    expect(answers.placement?.value).toEqual(['cart', 'checkout']);
    expect(answers.channels?.value).toEqual(['web', 'app']);
    expect(answers.decline_handling?.value).toEqual(['soft_retry', 'other_method']);
    expect(answers.live_key?.value).toBe('LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK');
    expect(answers.production_ipn?.value).toBe('https://shop.example.de/ipn');
    expect(answers.test_notifications?.value).toEqual({ status: 'passed' });
    expect(Object.values(answers).every((a) => a.by.id === TEAM)).toBe(true);
  });

  it('resumes a later session where the team stands ("Sie sind bei Schritt 3 von 5 …")', async () => {
    const h = harness({ locale: 'de-DE', userId: USER });
    await h.launch();
    for (const line of [
      'Warenkorb',
      'sofort',
      'Magento',
      'überspringen',
      'beides',
      'Web',
      'ja',
      'überspringen',
      'überspringen',
    ]) {
      await h.say(line);
    }
    await h.say('stopp');

    const again = await h.launch();
    expect(speech(again)).toContain(
      'Willkommen zurück! Sie sind bei Schritt 3 von 5: Helfen Sie uns, Ihnen zu helfen.',
    );
    expect(speech(again)).toContain(prompt(l, 'welcome_kit'));
    expect(speech(again)).not.toContain(t(l, 'voice:launch.linkHint'));
  });
});

describe('a whole onboarding by voice in English (en-US)', () => {
  const l: Locale = 'en';

  it('runs from launch to done, the way a person says it', async () => {
    const h = harness({ locale: 'en-US', userId: USER });
    const launch = await h.launch();
    expect(speech(launch)).toContain(t(l, 'notice.start.started'));
    expect(speech(launch)).toContain(prompt(l, 'placement'));

    await converse(h, [
      {
        say: 'cart and checkout',
        expect: [noted(l, 'Cart and Checkout'), prompt(l, 'processing')],
      },
      { say: 'when shipped', expect: [noted(l, 'Capture at shipment'), prompt(l, 'platform')] },
      { say: "we're on shopware", expect: [noted(l, 'Shopware'), prompt(l, 'backend')] },
      { say: 'node js', expect: [noted(l, 'Node.js'), prompt(l, 'oms')] },
      { say: 'my answer is SAP Business One', expect: [noted(l, 'SAP Business One'), prompt(l, 'payments')] },
      { say: 'where are we', expect: ['Your team is at step 1 of 5: Review your setup, question 6 of 7.'] },
      { say: 'both', expect: [noted(l, 'Both'), prompt(l, 'channels')] },
      { say: 'what can I say', expect: [t(l, 'voice:help.general'), prompt(l, 'channels')] },
      {
        say: 'web and app',
        expect: [
          noted(l, 'Web and Mobile app'),
          'Step 1 of 5 is done: Review your setup.',
          prompt(l, 'sandbox_account'),
        ],
      },
      { say: 'yes we have', expect: [noted(l, 'yes'), prompt(l, 'sandbox_key')] },
      {
        say: 'my answer is sandbox dash a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k',
        expect: [noted(l, 'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK'), prompt(l, 'merchant_id')],
      },
      {
        say: 'skip',
        expect: [t(l, 'voice:notice.skip.recorded'), 'Step 2 of 5 is done', prompt(l, 'welcome_kit')],
      },
      { say: 'not yet', expect: [noted(l, 'no'), prompt(l, 'welcome_kit')] },
      { say: 'skip', expect: [t(l, 'voice:notice.skip.needsReason'), prompt(l, 'welcome_kit')] },
      {
        say: 'skip because we never got one',
        expect: [t(l, 'voice:notice.skip.recorded'), prompt(l, 'decline_handling')],
      },
      {
        // "not yet" is a "no" as well as this question's "None of these yet": the choice wins.
        say: 'not yet',
        expect: [noted(l, 'None of these yet'), prompt(l, 'decline_experience')],
      },
      {
        say: 'my answer is the customer sees a message and can pick another method',
        expect: [
          noted(l, 'the customer sees a message and can pick another method'),
          'Step 3 of 5 is done',
          prompt(l, 'test_component'),
        ],
      },
      { say: 'passed', expect: [noted(l, 'passed'), prompt(l, 'test_system')] },
      { say: 'yes', expect: [prompt(l, 'test_notifications')] },
      { say: 'it works', expect: [prompt(l, 'test_refund')] },
      {
        say: 'failed because the refund IPN never arrives',
        expect: [noted(l, 'failed (the refund IPN never arrives)'), prompt(l, 'test_refund')],
      },
      { say: 'it worked', expect: [prompt(l, 'test_buyer_canceled')] },
      { say: 'passed', expect: [prompt(l, 'test_declined')] },
      { say: 'passed', expect: [prompt(l, 'test_async_authorization')] },
      { say: 'passed', expect: [prompt(l, 'test_hard_declined')] },
      { say: 'passed', expect: [prompt(l, 'test_late_capture')] },
      { say: 'passed', expect: [prompt(l, 'test_recurring')] },
      { say: 'passed', expect: ['Step 4 of 5 is done', prompt(l, 'seller_central'), 'Item 1: Bank account'] },
      {
        say: 'item 3 done',
        expect: [t(l, 'voice:notice.check.ticked', { item: 'Tax status checked in Seller Central' })],
      },
      { say: 'yes', expect: ['5 items ticked off.', prompt(l, 'live_key')] },
      {
        say: 'my answer is live dash a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k',
        expect: [noted(l, 'LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK'), prompt(l, 'production_endpoints')],
      },
      { say: 'all done', expect: ['3 items ticked off.', prompt(l, 'production_ipn')] },
      {
        say: 'my answer is https colon slash slash shop dot example dot com slash ipn',
        expect: [noted(l, 'https://shop.example.com/ipn'), prompt(l, 'production_validated')],
      },
      { say: 'no', expect: [noted(l, 'no'), prompt(l, 'production_validated')] },
    ]);

    const done = await h.say('yes');
    expect(speech(done)).toContain(t(l, 'done.celebrate'));
    expect(speech(done)).toContain(
      t(l, 'step.completed', { number: 5, step: t(l, 'flow:steps.launch.title') }),
    );
    expect(done.response.shouldEndSession).toBe(true);
    expect(await h.engine.status(TEAM)).toMatchObject({ done: true, locale: 'en' });
    const answers = await storedAnswers(h);
    expect(answers.decline_handling?.value).toEqual(['none']);
    expect(answers.backend?.value).toBe('nodejs');
    expect(answers.sandbox_key?.value).toBe('SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK');
  });
});
