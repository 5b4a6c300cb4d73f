import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { parseRecord } from '../../../src/core/record';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { advanceTo, harness, noted, speech, spokenLabel, t } from './harness';

/**
 * A team starts in Slack, an Alexa user links with the six-digit code from `/paysetup link`, continues by voice, and
 * the channel sees the same progress. The Slack side is driven through the engine with the channel's team key
 * (`slack:<workspace>:<channel>`), exactly what the Slack adapter does.
 */

const SLACK_TEAM = 'slack:T1:C1';
const ALEXA_USER = 'amzn1.ask.account.LINKER';
const l: Locale = 'de';
const prompt = (locale: Locale, q: string) => t(locale, `flow:questions.${q}.prompt`);

/** A clock the test moves forward. */
function clock(start = '2026-11-27T10:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const wrongCode = (real: string): string => (real === '999999' ? '999998' : '999999');

describe('linking an Alexa user to a Slack channel', () => {
  it('starts in Slack, links with a code, continues by voice, and Slack sees the same progress', async () => {
    const store = new MemoryStore();
    const h = harness({ locale: 'de-DE', userId: ALEXA_USER, store });
    await advanceTo(h, SLACK_TEAM, 'welcome_kit');
    const { code } = await h.links.createCode(SLACK_TEAM, 'U_ANNA');
    expect(code).toMatch(/^\d{6}$/);

    const launch = await h.launch();
    expect(speech(launch)).toContain(t(l, 'voice:launch.linkHint'));

    const linked = await h.say(`mein Code ist ${code}`);
    expect(speech(linked)).toContain(t(l, 'voice:link.linked'));
    expect(speech(linked)).toContain(
      'Ihr Team ist bei Schritt 3 von 5: Helfen Sie uns, Ihnen zu helfen, Frage 1 von 3.',
    );
    expect(speech(linked)).toContain(prompt(l, 'welcome_kit'));

    const answered = await h.say('ja');
    expect(speech(answered)).toContain(t(l, 'voice:notice.answer.recorded', { answer: 'ja' }));
    expect(speech(answered)).toContain(prompt(l, 'decline_handling'));

    // The channel sees the voice answer, stamped with the Alexa user.
    const slack = await h.engine.status(SLACK_TEAM);
    expect(slack).toMatchObject({ step: 3, stepId: 'customer', openQuestions: 2 });
    const record = parseRecord((await store.get(teamRecordKey(SLACK_TEAM)))?.value ?? '');
    if (record.kind !== 'ok') throw new Error('unreadable');
    expect(record.record.context.answers.welcome_kit).toMatchObject({
      value: true,
      by: { id: `alexa:${ALEXA_USER}`, name: 'Alexa-Nutzer' },
      channel: 'alexa',
    });
    expect(record.record.context.answers.placement?.by.name).toBe('Anna');

    // A teammate answers in Slack; the voice user hears it in the next session.
    await h.engine.handle(
      SLACK_TEAM,
      { type: 'ANSWER', questionId: 'decline_handling', value: ['none'] },
      { actor: { id: 'U_BEN', name: 'Ben' }, channel: 'slack' },
    );
    await h.say('stopp');
    const resumed = await h.launch();
    expect(speech(resumed)).toContain('Willkommen zurück! Sie sind bei Schritt 3 von 5');
    expect(speech(resumed)).toContain(prompt(l, 'decline_experience'));
    expect(speech(resumed)).not.toContain(t(l, 'voice:launch.linkHint'));

    // The Alexa user's own progress is still there, untouched since the first launch.
    expect(await h.engine.status(`alexa:${ALEXA_USER}`)).toMatchObject({ step: 1, stepId: 'setup' });
    expect(h.logs.some((line) => line.text.includes(`linked to ${SLACK_TEAM}`))).toBe(true);
  });

  it('works in English too, and a Slack team can continue what began on Alexa', async () => {
    const store = new MemoryStore();
    const h = harness({ locale: 'en-US', userId: ALEXA_USER, store });
    await advanceTo(h, SLACK_TEAM, 'payments');
    const { code } = await h.links.createCode(SLACK_TEAM, 'U_ANNA');
    await h.launch();
    const linked = await h.say(`my code is ${code}`);
    expect(speech(linked)).toContain(t('en', 'voice:link.linked'));
    expect(speech(linked)).toContain(prompt('en', 'payments'));
    await h.say('both');
    await h.say('web');
    await h.say('europe');
    // Back in Slack the channel picks up on step 2.
    expect(await h.engine.status(SLACK_TEAM)).toMatchObject({ step: 2, stepId: 'register' });
    const slackTurn = await h.engine.handle(
      SLACK_TEAM,
      { type: 'ANSWER', questionId: 'sandbox_account', value: true },
      { actor: { id: 'U_ANNA', name: 'Anna' }, channel: 'slack' },
    );
    expect(slackTurn.question?.id).toBe('sandbox_key');
  });
});

describe('a team and a device that speak different languages', () => {
  it('speaks the device language on a team that chose another; the team keeps its language', async () => {
    const store = new MemoryStore();
    const h = harness({ locale: 'de-DE', userId: ALEXA_USER, store });
    const meta = { actor: { id: 'U_JOHN', name: 'John' }, channel: 'slack', locale: 'en' as const };
    await h.engine.handle(SLACK_TEAM, { type: 'START' }, meta);
    await h.engine.handle(SLACK_TEAM, { type: 'ANSWER', questionId: 'placement', value: ['cart'] }, meta);
    const { code } = await h.links.createCode(SLACK_TEAM, 'U_JOHN');
    await h.launch();
    const linked = await h.say(`mein Code ist ${code}`);
    expect(speech(linked)).toContain(prompt('de', 'processing'));
    const answered = await h.say('beim Versand');
    expect(speech(answered)).toContain(noted('de', spokenLabel('de', 'processing', 'capture_at_shipment')));
    expect(speech(answered)).toContain(prompt('de', 'pending_authorization'));
    // Step 1 still asks: pending authorizations, platform, back end, order system, payments, channels, region.
    expect(await h.engine.status(SLACK_TEAM)).toMatchObject({ locale: 'en', openQuestions: 7 });
  });
});

describe('codes that do not link', () => {
  it('a wrong code is refused and the user stays on their own progress', async () => {
    const h = harness({ locale: 'de-DE', userId: ALEXA_USER });
    const { code } = await h.links.createCode(SLACK_TEAM, 'U_ANNA');
    await h.launch();
    const response = await h.say(`mein Code ist ${wrongCode(code)}`);
    expect(speech(response)).toContain(t(l, 'voice:link.invalid'));
    expect(speech(response)).toContain(prompt(l, 'placement'));
    expect(await h.links.teamFor(`alexa:${ALEXA_USER}`)).toBeNull();
    expect(h.logs.some((line) => line.level === 'warn' && line.text.includes('invalid'))).toBe(true);
    // The log names the reason, never the code.
    expect(h.logs.some((line) => line.text.includes(code))).toBe(false);
  });

  it('an expired code (older than ten minutes) is refused as expired', async () => {
    const time = clock();
    const h = harness({ locale: 'de-DE', userId: ALEXA_USER, linkNow: time.now });
    const { code } = await h.links.createCode(SLACK_TEAM, 'U_ANNA');
    time.advance(10 * 60_000 + 1);
    await h.launch();
    const response = await h.say(`mein Code ist ${code}`);
    expect(speech(response)).toContain(t(l, 'voice:link.expired'));
    expect(await h.links.teamFor(`alexa:${ALEXA_USER}`)).toBeNull();
  });

  it('a code already used by someone else is refused as used', async () => {
    const store = new MemoryStore();
    const first = harness({ locale: 'de-DE', userId: 'amzn1.ask.account.FIRST', store });
    const second = harness({ locale: 'de-DE', userId: 'amzn1.ask.account.SECOND', store });
    const { code } = await first.links.createCode(SLACK_TEAM, 'U_ANNA');
    await first.launch();
    expect(speech(await first.say(`mein Code ist ${code}`))).toContain(t(l, 'voice:link.linked'));
    await second.launch();
    const reused = await second.say(`mein Code ist ${code}`);
    expect(speech(reused)).toContain(t(l, 'voice:link.used'));
    expect(await second.links.teamFor('alexa:amzn1.ask.account.SECOND')).toBeNull();
  });

  it('after five wrong codes within an hour even the right code waits, and says how long', async () => {
    const time = clock();
    const h = harness({ locale: 'de-DE', userId: ALEXA_USER, linkNow: time.now });
    await h.launch();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await h.say(`mein Code ist ${String(100000 + attempt)}`);
      expect(speech(wrong)).toContain(t(l, 'voice:link.invalid'));
    }
    const { code } = await h.links.createCode(SLACK_TEAM, 'U_ANNA');
    const limited = await h.say(`mein Code ist ${code}`);
    expect(speech(limited)).toContain(t(l, 'voice:link.rateLimited', { count: 60 }));
    expect(await h.links.teamFor(`alexa:${ALEXA_USER}`)).toBeNull();

    time.advance(59 * 60_000);
    const stillLimited = await h.say(`mein Code ist ${code}`);
    expect(speech(stillLimited)).toContain(t(l, 'voice:link.rateLimited', { count: 1 }));
    expect(t(l, 'voice:link.rateLimited', { count: 1 })).toContain('in 1 Minute noch');

    time.advance(60_000);
    const fresh = await h.links.createCode(SLACK_TEAM, 'U_ANNA');
    expect(speech(await h.say(`mein Code ist ${fresh.code}`))).toContain(t(l, 'voice:link.linked'));
  });
});
