import type { AlexaLocale } from '../../../src/adapters/alexa/interaction-model';
import type { Locale } from '../../../src/core/context';
import { renderParam } from '../../../src/core/i18n';
import { harness, noted, prompt, render, reprompt, speech, spokenLabel, storedRecord, t } from './harness';

/**
 * The answer list by voice: "Antwort ändern" without a number (or "meine Antworten") reads how many answers there
 * are and the first ones, and the card lists all of them with their numbers; "Antwort 2 ändern" goes back to that
 * question, and after the new answer the team is where it was.
 */

interface Spoken {
  device: AlexaLocale;
  locale: Locale;
  /** Four answers: placement, processing, pending authorization, platform; the order system is asked next. */
  lines: string[];
  change: string;
  changeNumber: (number: number) => string;
  answers: string;
  /** The new answer to the processing question. */
  atShipment: string;
}

const SPOKEN: Spoken[] = [
  {
    device: 'de-DE',
    locale: 'de',
    lines: ['Warenkorb und Kasse', 'sofort', 'nein', 'Magento'],
    change: 'Antwort ändern',
    changeNumber: (number) => `Antwort ${number} ändern`,
    answers: 'meine Antworten',
    atShipment: 'beim Versand',
  },
  {
    device: 'en-US',
    locale: 'en',
    lines: ['cart and checkout', 'right away', 'no', 'magento'],
    change: 'change answer',
    changeNumber: (number) => `change answer ${number}`,
    answers: 'my answers',
    atShipment: 'when shipped',
  },
];

describe.each(SPOKEN)('the answer list by voice ($device)', (spoken) => {
  const l = spoken.locale;
  const user = `amzn1.ask.account.ANSWERS${spoken.device}`;
  const team = `alexa:${user}`;
  const choice = (q: string, c: string) => renderParam(l, { key: `flow:questions.${q}.choices.${c}` });
  /** The four answers as the card writes them, in the order given. */
  const given: [string, string][] = [
    [
      'placement',
      renderParam(l, { keys: ['cart', 'checkout'].map((c) => `flow:questions.placement.choices.${c}`) }),
    ],
    ['processing', choice('processing', 'capture_at_order')],
    ['pending_authorization', choice('pending_authorization', 'no')],
    ['platform', choice('platform', 'magento2')],
  ];
  const spokenAnswers = [
    new Intl.ListFormat(l, { style: 'long', type: 'conjunction' }).format(
      ['cart', 'checkout'].map((c) => spokenLabel(l, 'placement', c)),
    ),
    spokenLabel(l, 'processing', 'capture_at_order'),
    spokenLabel(l, 'pending_authorization', 'no'),
  ];

  async function atOrderSystem() {
    const h = harness({ locale: spoken.device, userId: user });
    await h.launch();
    for (const line of spoken.lines) await h.say(line);
    expect((await storedRecord(h, team)).context.cursor).toBe('oms');
    return h;
  }

  it.each([
    ['"change answer" without a number', 'change'],
    ['"my answers"', 'answers'],
  ] as const)(
    '%s reads the count and the first answers; the card has all of them, numbered',
    async (_, which) => {
      const h = await atOrderSystem();
      const response = await h.say(which === 'change' ? spoken.change : spoken.answers);
      const heard = speech(response);
      expect(heard).toContain(t(l, 'voice:answers.count', { count: 4 }));
      expect(heard).toContain(
        spokenAnswers
          .map((answer, index) => t(l, 'voice:answers.item', { number: index + 1, answer }))
          .join(' '),
      );
      expect(heard).not.toContain(
        t(l, 'voice:answers.item', { number: 4, answer: spokenLabel(l, 'platform', 'magento2') }),
      );
      expect(heard).toContain(t(l, 'voice:answers.hint'));
      // The question is asked again: the list changed nothing.
      expect(heard).toContain(prompt(l, 'oms'));
      expect(reprompt(response)).toContain(prompt(l, 'oms'));
      expect(response.response.shouldEndSession).toBe(false);
      const card: string = response.response.card?.content ?? '';
      given.forEach(([questionId, answer], index) => {
        expect(card).toContain(`${index + 1}. ${prompt(l, questionId)} – ${answer}`);
      });
      expect((await storedRecord(h, team)).context.cursor).toBe('oms');
    },
  );

  it('"change answer 2" goes back to that question; after the new answer the team is where it was', async () => {
    const h = await atOrderSystem();
    const back = await h.say(spoken.changeNumber(2));
    expect(speech(back)).toContain(render(l, { key: 'notice.revisit.started' }, 'voice'));
    expect(speech(back)).toContain(prompt(l, 'processing'));
    expect(speech(back)).toContain(
      t(l, 'voice:question.answered', {
        answer: spokenLabel(l, 'processing', 'capture_at_order'),
        by: t(l, 'voice:actor.anonymous'),
      }),
    );
    expect(reprompt(back)).toContain(prompt(l, 'processing'));

    const changed = await h.say(spoken.atShipment);
    expect(speech(changed)).toContain(noted(l, spokenLabel(l, 'processing', 'capture_at_shipment')));
    expect(speech(changed)).toContain(prompt(l, 'oms'));
    expect(speech(changed)).not.toContain(prompt(l, 'pending_authorization'));
    const record = await storedRecord(h, team);
    expect(record.context.answers.processing?.value).toBe('capture_at_shipment');
    expect(record.context.answers.platform?.value).toBe('magento2');
    expect(record.context.cursor).toBe('oms');

    // A number the list does not have is said to be unknown; the question stays.
    const unknown = await h.say(spoken.changeNumber(9));
    expect(speech(unknown)).toContain(t(l, 'voice:notice.revisit.unknownNumber', { number: 9 }));
    expect(speech(unknown)).toContain(prompt(l, 'oms'));
  });
});
