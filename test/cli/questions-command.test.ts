import { runQuestionsCommand } from '../../src/cli/questions-command';
import { text } from '../../src/core/i18n';
import { Feedback } from '../../src/questions/Feedback';
import { QuestionLog } from '../../src/questions/QuestionLog';
import { MemoryStore } from '../../src/store/MemoryStore';

/** `paysetup questions`: the window's unanswered questions with team, channel and time, then the answers' ratings. */

const NOW = new Date('2027-03-09T10:00:00Z');

async function seeded(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const log = new QuestionLog(store);
  const question = (days: number, textOf: string) => ({
    team: 'slack:T1:C0SHOP',
    via: 'slack',
    locale: 'de' as const,
    text: textOf,
    at: new Date(NOW.getTime() - days * 86_400_000).toISOString(),
    reason: 'unsure',
    closest: ['refund_states'],
  });
  await log.record(question(2, 'was kostet eine erstattung'));
  await log.record(question(20, 'eine alte frage'));
  const feedback = new Feedback(store);
  await feedback.vote('authorization_expiry', '1.1', 'U0ANNA', 'up');
  await feedback.vote('authorization_expiry', '1.1', 'U0BEN', 'down');
  await feedback.vote('authorization_expiry', '2.2', 'U0BEN', 'up');
  return store;
}

async function run(store: MemoryStore, locale: 'de' | 'en', json = false, days = 7): Promise<string> {
  let out = '';
  const code = await runQuestionsCommand({
    store,
    locale,
    days,
    json,
    timeZone: 'Europe/Berlin',
    now: NOW,
    stdout: { write: (chunk: string) => (out += chunk) },
  });
  expect(code).toBe(0);
  return out;
}

describe.each(['de', 'en'] as const)('in %s', (locale) => {
  it("lists the window's questions with team, channel, time and what was offered, then the ratings", async () => {
    const out = await run(await seeded(), locale);
    expect(out).toContain('slack:T1:C0SHOP (slack)');
    expect(out).toContain('was kostet eine erstattung');
    expect(out).not.toContain('eine alte frage');
    expect(out).toContain(text(locale, 'knowledge:entries.refund_states.title'));
    expect(out).toContain(text(locale, 'questions.feedback'));
    expect(out).toContain(`${text(locale, 'knowledge:entries.authorization_expiry.title')}: 👍 2 · 👎 1`);
  });

  it('says so when the window has none, and still shows the ratings', async () => {
    const out = await run(await seeded(), locale, false, 1);
    expect(out.split('\n')[0]).toBe(text(locale, 'questions.none', { count: 1 }));
    expect(out).toContain('👍 2 · 👎 1');
  });
});

it('--json gives the questions as stored and the votes per entry', async () => {
  const parsed = JSON.parse(await run(await seeded(), 'en', true, 30));
  expect(parsed.questions.map((q: { text: string }) => q.text)).toEqual([
    'eine alte frage',
    'was kostet eine erstattung',
  ]);
  expect(parsed.feedback).toEqual({ authorization_expiry: { up: 2, down: 1 } });
});
