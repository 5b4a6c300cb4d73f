import { QuestionLog } from '../../src/questions/QuestionLog';
import { MemoryStore } from '../../src/store/MemoryStore';

/** The experts' list of unanswered questions: time order, a window, per team, a purge by workspace, junk skipped. */

const question = (team: string, at: string, text = 'was kostet das?') => ({
  team,
  via: 'slack',
  locale: 'de' as const,
  text,
  at,
  reason: 'outOfScope',
  closest: [],
});

it('lists in time order from a moment on, per team, and skips records it did not write', async () => {
  const store = new MemoryStore();
  const log = new QuestionLog(store);
  await log.record(question('slack:T1:C1', '2027-03-02T10:00:00.000Z', 'zweite'));
  await log.record(question('slack:T1:C2', '2027-03-01T10:00:00.000Z', 'erste'));
  await log.record(question('slack:T2:C9', '2027-03-03T10:00:00.000Z', 'dritte'));
  await store.put('question:2027-03-02T11:00:00.000Z:junk', 'not json', null);
  expect((await log.list()).map((q) => q.text)).toEqual(['erste', 'zweite', 'dritte']);
  expect((await log.list({ since: new Date('2027-03-02T00:00:00Z') })).map((q) => q.text)).toEqual([
    'zweite',
    'dritte',
  ]);
  expect((await log.list({ team: 'slack:T2:C9' })).map((q) => q.text)).toEqual(['dritte']);
  expect((await log.list({ limit: 1 })).map((q) => q.text)).toEqual(['erste']);
  expect(await log.deleteTeams('slack:T1:')).toBe(2);
  expect((await log.list()).map((q) => q.text)).toEqual(['dritte']);
});

it('keeps questions for 180 days by default, and a shorter time when told', async () => {
  const store = new MemoryStore();
  let ttl: number | undefined;
  const put = store.put.bind(store);
  store.put = (key, value, version, options) => {
    ttl = options?.ttlMs;
    return put(key, value, version, options);
  };
  await new QuestionLog(store).record(question('t', '2027-03-01T10:00:00.000Z'));
  expect(ttl).toBe(180 * 86_400_000);
  await new QuestionLog(store, { ttlMs: 1000 }).record(question('t', '2027-03-01T10:00:00.000Z'));
  expect(ttl).toBe(1000);
});
