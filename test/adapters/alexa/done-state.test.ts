import type { AlexaLocale } from '../../../src/adapters/alexa/interaction-model';
import type { Locale } from '../../../src/core/context';
import { advanceTo, doneSummary, harness, render, reprompt, speech, storedRecord, t } from './harness';
import { ssmlProblems } from './ssml';

/**
 * After the last step: whatever the team says, it hears where it stands (all steps worked through, the open items,
 * what it can do now), never "we have not started". Opening the skill again greets the team back with that status,
 * not with the celebration, which is said once. With nothing open, "ready to launch" ends the session.
 */

/** What a team says on an Alexa device of each language. */
const WORDS: Record<
  Extract<AlexaLocale, 'de-DE' | 'en-US'>,
  Record<'yes' | 'passed' | 'next' | 'choice' | 'help' | 'stop', string>
> = {
  'de-DE': { yes: 'ja', passed: 'bestanden', next: 'weiter', choice: 'Web', help: 'hilfe', stop: 'stopp' },
  'en-US': { yes: 'yes', passed: 'passed', next: 'next', choice: 'web', help: 'help', stop: 'stop' },
};

/** Every decline case handled: no gap is left open. */
const NOTHING_OPEN = { decline_handling: ['soft_retry', 'hard_update', 'other_method'] };

/** How often `part` occurs in `text`. */
const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe.each(['de-DE', 'en-US'] as const)('after the last step (%s)', (device) => {
  const l: Locale = device === 'de-DE' ? 'de' : 'en';
  const words = WORDS[device];
  const user = `amzn1.ask.account.DONE${device}`;
  const team = `alexa:${user}`;
  // The team handles only soft declines (the first choice), so two decline cases stay open.
  const gaps = ['decline_hard_update', 'decline_other_method'].map((gap) =>
    t(l, 'open.gap', { task: t(l, `flow:gaps.${gap}`) }),
  );
  const notStarted = [
    t(l, 'voice:notice.notStarted'),
    t(l, 'voice:status.notStarted'),
    t(l, 'notice.notStarted'),
  ];

  /** A team that answered everything up to the last question earlier; by voice it says the last "yes". */
  async function finished(pick: Record<string, string[]> = {}) {
    const h = harness({ locale: device, userId: user });
    await advanceTo(h, team, 'production_validated', { pick, locale: l });
    await h.launch();
    const done = await h.say(words.yes);
    return { h, done };
  }

  it('answers "yes", "passed", "next" and a choice with where the team stands, and records nothing', async () => {
    const { h, done } = await finished();
    expect(speech(done)).toContain(t(l, 'done.withOpen', { count: 2 }));
    const before = (await storedRecord(h, team)).context;

    for (const said of [words.yes, words.passed, words.next, words.choice]) {
      const response = await h.say(said);
      const heard = speech(response);
      expect({ said, once: occurrences(heard, t(l, 'voice:status.done')) }).toEqual({ said, once: 1 });
      expect(heard).toContain(t(l, 'voice:status.open', { count: 2 }));
      for (const gap of gaps) expect(heard).toContain(`${gap}.`);
      expect(heard).toContain(t(l, 'voice:status.doneActions'));
      for (const text of notStarted) expect(heard).not.toContain(text);
      expect(ssmlProblems(response.response.outputSpeech.ssml)).toEqual([]);
      expect(response.response.shouldEndSession).toBe(false);
      expect(reprompt(response)).toBe(t(l, 'voice:done.reprompt'));
    }
    const after = (await storedRecord(h, team)).context;
    expect({ answers: after.answers, skips: after.skips, checks: after.checks }).toEqual({
      answers: before.answers,
      skips: before.skips,
      checks: before.checks,
    });
  });

  it('greets a finished team back with where it stands, not with the celebration', async () => {
    const { h, done } = await finished();
    const summary = await doneSummary(h, team, l);
    expect(speech(done)).toContain(summary);
    await h.say(words.stop);

    const again = await h.launch();
    const heard = speech(again);
    expect(heard.startsWith(t(l, 'voice:notice.start.resumedDone'))).toBe(true);
    expect(heard).toContain(t(l, 'voice:status.done'));
    expect(heard).toContain(t(l, 'voice:status.open', { count: 2 }));
    expect(heard).toContain(t(l, 'voice:status.doneActions'));
    for (const said of [
      t(l, 'done.withOpen', { count: 2 }),
      summary,
      t(l, 'step.completed', { number: 5, step: t(l, 'flow:steps.launch.title') }),
      ...notStarted,
    ]) {
      expect(heard).not.toContain(said);
    }
    expect(again.response.shouldEndSession).toBe(false);
    expect(again.response.card?.title).toBe(t(l, 'voice:card.done'));
    for (const gap of gaps) expect(again.response.card?.content).toContain(gap);

    // "Help" tells a finished team what it can do, not how to start.
    const help = await h.say(words.help);
    expect(speech(help)).toContain(t(l, 'voice:status.doneActions'));
    expect(speech(help)).toContain(t(l, 'voice:done.reprompt'));
    expect(speech(help)).not.toContain(t(l, 'voice:help.noQuestion'));
  });

  it('with nothing open, says "ready to launch" once and ends the session; opened again, no celebration', async () => {
    const { h, done } = await finished(NOTHING_OPEN);
    expect(speech(done)).toContain(t(l, 'done.ready'));
    expect(speech(done)).toContain(await doneSummary(h, team, l));
    expect(done.response.shouldEndSession).toBe(true);
    expect(done.response.reprompt).toBeUndefined();
    expect(done.response.card?.title).toBe(t(l, 'voice:card.done'));
    expect(await h.engine.status(team)).toMatchObject({ done: true, openItems: 0 });

    const again = await h.launch();
    expect(speech(again)).toBe(
      [
        t(l, 'voice:notice.start.resumedDone'),
        t(l, 'voice:status.done'),
        t(l, 'voice:status.noOpen'),
        t(l, 'voice:status.doneActions'),
      ].join(' '),
    );
    expect(again.response.shouldEndSession).toBe(false);

    // An answer-like word changes nothing: the team is still ready, and hears so without a second celebration.
    const yes = await h.say(words.yes);
    expect(speech(yes)).toContain(t(l, 'voice:status.noOpen'));
    expect(speech(yes)).not.toContain(t(l, 'done.ready'));
    expect(speech(yes)).not.toContain(render(l, { key: 'done.readyAgain' }, 'voice'));
    expect(yes.response.shouldEndSession).toBe(false);
  });
});
