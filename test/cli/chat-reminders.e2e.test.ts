import { type Locale, runCli, type TempStore, t, tempStore } from '../helpers/cli';

/**
 * The reminder commands in the terminal chat, typed the way the help shows them, in both languages: snooze, stop
 * and on again, owner, target date, time zone and holidays. The chat is not pushed to (nudges go to Slack), but
 * what the team sets here holds in every channel, so `status --json` shows it.
 */

const LINES: Record<Locale, string[]> = {
  de: [
    'start',
    'erinnern morgen',
    'owner @Anna',
    'ziel 2099-02-15',
    'zeitzone America/New_York US-NY',
    'erinnern aus',
    'erinnern in 100 tagen',
    'owner @channel',
    'status',
  ],
  en: [
    'start',
    'remind tomorrow',
    'owner @Anna',
    'target 2099-02-15',
    'timezone America/New_York US-NY',
    'remind off',
    'remind in 100 days',
    'owner @channel',
    'status',
  ],
};

describe.each<Locale>(['de', 'en'])('reminder commands in the terminal chat (%s)', (locale) => {
  let store: TempStore;
  beforeAll(() => {
    store = tempStore();
  });
  afterAll(() => store.remove());

  it('takes each command, says so in the team language, and keeps it', async () => {
    const team = `terminal-${locale}`;
    const result = await runCli(['chat', '--team', team, '--locale', locale, '--store', store.url], {
      input: LINES[locale],
    });
    expect(result.code).toBe(0);
    const out = result.stdout;
    // "erinnern morgen": not before tomorrow (the date as the language writes it).
    expect(out).toMatch(
      locale === 'de'
        ? /ich erinnere Ihr Team nicht vor dem \d+\. \p{L}+ \d{4}/u
        : /I won't remind your team before \d+ \w+ \d{4}/u,
    );
    expect(out).toContain(t(locale, 'notice.owner.set', { owner: 'Anna', step: 1 }));
    expect(out).toContain(
      t(locale, 'notice.target.set', { date: locale === 'de' ? '15. Februar 2099' : '15 February 2099' }),
    );
    expect(out).toContain(
      t(locale, 'notice.calendar.set', { timeZone: 'America/New_York', holidays: 'US-NY' }),
    );
    expect(out).toContain(t(locale, 'notice.reminders.off'));
    expect(out).toContain(t(locale, 'notice.settingRefused.snooze'));
    expect(out).toContain(t(locale, 'input.ownerMention'));
    // The status shows the owner and the target, and that reminders are off.
    expect(out).toContain(t(locale, 'plan.remindersOff'));
    expect(out).toContain('Anna');

    const status = await runCli(['status', '--team', team, '--json', '--store', store.url]);
    expect(status.code).toBe(0);
    const json = JSON.parse(status.stdout) as { reminders: Record<string, unknown> };
    expect(json.reminders).toMatchObject({
      off: 'asked',
      owner: { step: 1, name: 'Anna' },
      target: '2099-02-15',
      timeZone: 'America/New_York',
      holidays: 'US-NY',
      nextNudgeAt: null,
    });
  });
});
