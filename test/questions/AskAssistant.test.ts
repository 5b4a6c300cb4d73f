import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import { AskAssistant } from '../../src/questions/AskAssistant';
import { Feedback } from '../../src/questions/Feedback';
import { QuestionLog } from '../../src/questions/QuestionLog';
import { MemoryStore } from '../../src/store/MemoryStore';
import { StoreError } from '../../src/store/port';
import { OFF_TOPIC, QUESTIONS } from '../core/knowledge/questions.data';

/**
 * The channel-neutral asking: the team's language and answers shape the answer, nothing of the team is written, an
 * unanswered question is recorded (or, with the store down, logged with its text), and the store being down does not
 * stop an answer.
 */

const ANNA = { id: 'U0ANNA', name: 'anna' };

function setup() {
  const store = new MemoryStore();
  const engine = new DialogEngine({ store, defaultLocale: 'de' });
  const warnings: string[] = [];
  const ask = new AskAssistant({
    engine,
    log: new QuestionLog(store),
    logger: { warn: (line: unknown) => warnings.push(String(line)) },
    defaultLocale: 'de',
    now: () => new Date('2027-03-09T10:00:00Z'),
  });
  return { store, engine, ask, warnings };
}

it("answers in the team's language with its case first, and writes nothing of the team", async () => {
  const { store, engine, ask } = setup();
  const meta = { actor: ANNA, channel: 'test', locale: 'en' as const };
  await engine.handle('t:shop', { type: 'START' }, meta);
  await engine.handle('t:shop', { type: 'ANSWER', questionId: 'placement', value: ['cart'] }, meta);
  await engine.handle(
    't:shop',
    { type: 'ANSWER', questionId: 'processing', value: 'capture_at_shipment' },
    meta,
  );
  const before = await store.get(teamRecordKey('t:shop'));

  const result = await ask.ask({
    team: 't:shop',
    text: 'wie lange gilt eine Autorisierung?',
    via: 'slack',
    locale: 'de',
  });

  expect(result).toMatchObject({
    locale: 'en',
    outcome: { kind: 'answer', entryId: 'authorization_expiry', context: 'capture_at_shipment' },
  });
  expect((await store.get(teamRecordKey('t:shop')))?.version).toBe(before?.version);
  expect(await new QuestionLog(store).list()).toEqual([]);
});

it('records an unanswered question once, with team, channel, time and reason; an empty one not at all', async () => {
  const { store, ask } = setup();
  const result = await ask.ask({
    team: 't:new',
    text: 'Wie wird das Wetter?',
    via: 'alexa',
    user: 'amzn1.x',
    locale: 'de',
  });
  expect(result).toMatchObject({
    outcome: { kind: 'unknown', reason: 'outOfScope' },
    recorded: true,
    locale: 'de',
  });
  expect(await ask.ask({ team: 't:new', text: '   ', via: 'terminal' })).toMatchObject({
    outcome: { reason: 'empty' },
  });
  expect(await new QuestionLog(store).list()).toEqual([
    {
      team: 't:new',
      via: 'alexa',
      locale: 'de',
      text: 'Wie wird das Wetter?',
      at: '2027-03-09T10:00:00.000Z',
      reason: 'outOfScope',
      closest: [],
      user: 'amzn1.x',
    },
  ]);
});

it('answers with the store down, and logs an unanswered question it cannot record, with its text', async () => {
  const { store, ask, warnings } = setup();
  const down = new StoreError('STORE_UNAVAILABLE', 'down', 'start it');
  store.get = async () => {
    throw down;
  };
  store.put = async () => {
    throw down;
  };
  const answered = await ask.ask({
    team: 't:x',
    text: 'how long is an authorization valid?',
    via: 'slack',
    locale: 'en',
  });
  expect(answered.outcome).toMatchObject({ kind: 'answer', entryId: 'authorization_expiry' });
  const lost = await ask.ask({
    team: 't:x',
    text: 'what is the meaning of life?',
    via: 'slack',
    locale: 'en',
  });
  expect(lost).toMatchObject({ outcome: { kind: 'unknown' }, recorded: false });
  expect(warnings.filter((w) => w.includes('could not be recorded'))).toEqual([
    expect.stringContaining('"what is the meaning of life?"'),
  ]);
});

it('shows a chosen entry with the team case; an id that is no entry shows nothing', async () => {
  const { ask } = setup();
  expect(await ask.show('t:none', 'refund_time_limit', 'en')).toMatchObject({
    locale: 'en',
    outcome: { kind: 'answer', entryId: 'refund_time_limit' },
  });
  expect(await ask.show('t:none', 'no_such_entry')).toBeNull();
});

describe.each(['de', 'en'] as const)('across languages (%s team)', (locale) => {
  it('no off-topic question of either language gets an answer, searched in both indexes', async () => {
    const { ask } = setup();
    const answered: string[] = [];
    for (const question of [...OFF_TOPIC.de, ...OFF_TOPIC.en]) {
      const result = await ask.ask({ team: `t:${locale}`, text: question, via: 'terminal', locale });
      if (result.outcome.kind === 'answer') answered.push(`${question} → ${result.outcome.entryId}`);
    }
    expect(answered).toEqual([]);
  });

  it("the table's questions in the other language still hit their entry, answered in the team's language", async () => {
    const { ask } = setup();
    const other = locale === 'de' ? 'en' : 'de';
    const table = QUESTIONS[other];
    let hits = 0;
    for (const [question, entry] of table) {
      const result = await ask.ask({ team: `t:${locale}`, text: question, via: 'terminal', locale });
      expect(result.locale).toBe(locale);
      if (result.outcome.kind === 'answer' && result.outcome.entryId === entry) hits += 1;
    }
    expect(hits / table.length).toBeGreaterThanOrEqual(0.9);
  });
});

it('a vote that cannot be stored is not taken for stored: it fails, so nobody is thanked for it', async () => {
  const store = new MemoryStore();
  store.put = async () => ({ ok: false, reason: 'version-mismatch' });
  await expect(new Feedback(store).vote('refund_states', '1.1', 'U0ANNA', 'up')).rejects.toMatchObject({
    code: 'CONFLICT',
  });
});
