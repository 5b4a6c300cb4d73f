import type { Actor, Locale } from '../../../src/core/context';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import type { DialogInput } from '../../../src/core/events';
import { render } from '../../../src/core/i18n';
import type { Outcome } from '../../../src/core/outcome';
import { outcomeMessage } from '../../../src/core/outcome-message';
import { parseRecord } from '../../../src/core/record';
import { DEFAULT_POLICY } from '../../../src/core/reminders/policy';
import { loadPlan } from '../../../src/core/report';
import { MemoryStore } from '../../../src/store/MemoryStore';

const TEAM = 'slack:T0SET:C0SET';
const ANNA: Actor = { id: 'U0ANNA', name: 'Anna' };
const NOW = '2027-03-01T09:00:00.000Z';

function setup(now = NOW) {
  const store = new MemoryStore();
  const clock = { now: Date.parse(now) };
  const engine = new DialogEngine({ store, now: () => new Date(clock.now) });
  const turn = (input: DialogInput) => engine.handle(TEAM, input, { actor: ANNA, channel: 'slack' });
  return { store, clock, engine, turn };
}

describe('reminder settings, through the engine', () => {
  it('names the owner of the current step or of a step by number, and clears it', async () => {
    const { engine, turn } = setup();
    await turn({ type: 'START' });
    expect((await turn({ type: 'SET_OWNER', owner: { id: 'U0BEN', name: 'Ben' } })).outcome).toEqual({
      kind: 'ownerSet',
      step: 1,
      owner: 'Ben',
    });
    expect(
      (await turn({ type: 'SET_OWNER', step: 4, owner: { id: 'name:cleo', name: 'Cleo' } })).outcome,
    ).toEqual({ kind: 'ownerSet', step: 4, owner: 'Cleo' });
    const status = await engine.status(TEAM);
    expect(status?.reminders.owner).toEqual({ step: 1, name: 'Ben', id: 'U0BEN' });
    expect(status?.reminders.owners).toEqual([
      { step: 1, name: 'Ben', id: 'U0BEN' },
      { step: 4, name: 'Cleo', id: 'name:cleo' },
    ]);
    expect((await turn({ type: 'SET_OWNER', step: 1, owner: null })).outcome).toEqual({
      kind: 'ownerSet',
      step: 1,
      owner: null,
    });
    expect((await engine.status(TEAM))?.reminders.owner).toBeNull();
    for (const step of [0, 6, 1.5])
      expect((await turn({ type: 'SET_OWNER', step, owner: ANNA })).outcome).toEqual({
        kind: 'settingRefused',
        setting: 'owner',
      });
  });

  it('takes a target date from today on, shows the days left, refuses one gone by or impossible', async () => {
    const { engine, turn } = setup();
    await turn({ type: 'START' });
    expect((await turn({ type: 'SET_TARGET', date: '2027-03-15' })).outcome).toEqual({
      kind: 'targetSet',
      date: '2027-03-15',
    });
    expect((await engine.status(TEAM))?.reminders).toMatchObject({ target: '2027-03-15', daysToTarget: 14 });
    for (const date of ['2027-02-28', '2027-02-30', 'tomorrow'])
      expect((await turn({ type: 'SET_TARGET', date })).outcome).toEqual({
        kind: 'settingRefused',
        setting: 'target',
      });
    expect((await engine.status(TEAM))?.reminders.target).toBe('2027-03-15');
    await turn({ type: 'SET_TARGET', date: null });
    expect((await engine.status(TEAM))?.reminders.target).toBeNull();
  });

  it('keeps to a time zone and holidays that exist; refuses others without changing anything', async () => {
    const { engine, turn } = setup();
    await turn({ type: 'START' });
    await turn({ type: 'SET_CALENDAR', timeZone: 'America/New_York', holidays: 'US-NY' });
    expect((await engine.status(TEAM))?.reminders).toMatchObject({
      timeZone: 'America/New_York',
      holidays: 'US-NY',
    });
    for (const input of [
      { type: 'SET_CALENDAR', timeZone: 'Mars/Olympus' },
      { type: 'SET_CALENDAR', holidays: 'XX' },
      { type: 'SET_CALENDAR' },
    ] as DialogInput[])
      expect((await turn(input)).outcome).toEqual({ kind: 'settingRefused', setting: 'calendar' });
    expect((await engine.status(TEAM))?.reminders.timeZone).toBe('America/New_York');
  });

  it('takes the time zone an adapter found for a new team, and ignores one that does not exist', async () => {
    const { engine } = setup();
    await engine.handle(TEAM, { type: 'START' }, { actor: ANNA, channel: 'slack', timeZone: 'Asia/Tokyo' });
    expect((await engine.status(TEAM))?.reminders.timeZone).toBe('Asia/Tokyo');
    const other = 'slack:T0SET:C0OTHER';
    await engine.handle(
      other,
      { type: 'START' },
      { actor: ANNA, channel: 'slack', timeZone: 'Nowhere/Land' },
    );
    expect((await engine.status(other))?.reminders.timeZone).toBe('Europe/Berlin');
  });

  it('snoozes for 1 to 60 days, refuses other spans, and "on" clears a snooze and a stop', async () => {
    const { engine, turn } = setup();
    await turn({ type: 'START' });
    for (const input of [
      { type: 'SNOOZE', days: 0 },
      { type: 'SNOOZE', days: 61 },
      { type: 'SNOOZE', until: '2027-02-01T00:00:00.000Z' },
      { type: 'SNOOZE', until: 'later' },
    ] as DialogInput[])
      expect((await turn(input)).outcome).toEqual({ kind: 'settingRefused', setting: 'snooze' });
    expect((await turn({ type: 'SNOOZE', days: 7 })).outcome).toEqual({
      kind: 'snoozed',
      until: '2027-03-08T09:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    await turn({ type: 'REMINDERS', on: false });
    expect((await engine.status(TEAM))?.reminders).toMatchObject({ off: 'asked', nextNudgeAt: null });
    await turn({ type: 'REMINDERS', on: true });
    const status = await engine.status(TEAM);
    expect(status?.snoozedUntil).toBeNull();
    expect(status?.reminders.off).toBeNull();
    expect(status?.reminders.nextNudgeAt).not.toBeNull();
  });

  it("words a snooze in the deployment's default time zone when the team chose none", async () => {
    const store = new MemoryStore();
    const calendar = { ...DEFAULT_POLICY.calendar, timeZone: 'America/New_York', country: 'US' };
    const engine = new DialogEngine({
      store,
      now: () => new Date(NOW),
      reminders: { ...DEFAULT_POLICY, calendar },
    });
    await engine.handle(TEAM, { type: 'START' }, { actor: ANNA, channel: 'slack' });
    const reply = await engine.handle(TEAM, { type: 'SNOOZE', days: 1 }, { actor: ANNA, channel: 'slack' });
    expect(reply.outcome).toMatchObject({ kind: 'snoozed', timeZone: 'America/New_York' });
    expect((await engine.status(TEAM))?.reminders).toMatchObject({
      timeZone: 'America/New_York',
      holidays: 'US',
    });
  });

  it('settings are not progress: the stall is counted from the last answer, not from a snooze or an owner', async () => {
    const { engine, turn, clock } = setup();
    await turn({ type: 'START' });
    const planned = (await engine.status(TEAM))?.reminders.nextNudgeAt;
    clock.now += 3600_000;
    await turn({ type: 'SET_OWNER', owner: ANNA });
    await turn({ type: 'SET_TARGET', date: '2027-12-31' });
    expect((await engine.status(TEAM))?.lastActivityAt).toBe(NOW);
    expect((await engine.status(TEAM))?.reminders.nextNudgeAt).toBe(planned);
  });

  it('writes the next due time with every save, and clears it when none is planned', async () => {
    const { store, turn } = setup();
    await turn({ type: 'START' });
    const due = await store.due(Date.parse('2027-12-31T00:00:00Z'), 10);
    expect(due.map((d) => d.key)).toEqual([teamRecordKey(TEAM)]);
    // Thursday 4 March, 10:00 in Berlin: three working days after the start.
    expect(due[0]?.dueAt).toBe(Date.parse('2027-03-04T09:00:00.000Z'));
    await turn({ type: 'REMINDERS', on: false });
    expect(await store.due(Date.parse('2027-12-31T00:00:00Z'), 10)).toEqual([]);
  });

  it('rounds the due time down to the hour, so a team at work does not rewrite the index with every answer', async () => {
    const { store, turn, clock, engine } = setup('2027-03-01T09:17:00.000Z');
    await turn({ type: 'START' });
    clock.now += 20 * 60_000;
    await turn({ type: 'HELP' });
    await turn({ type: 'SET_OWNER', owner: ANNA });
    const due = await store.due(Date.parse('2027-12-31T00:00:00Z'), 10);
    // Exactly: Thursday 4 March 10:17 in Berlin; in the index: 10:00, never later than the exact time.
    expect((await engine.status(TEAM))?.reminders.nextNudgeAt).toBe('2027-03-04T09:17:00.000Z');
    expect(due[0]?.dueAt).toBe(Date.parse('2027-03-04T09:00:00.000Z'));
    // The sweep that finds the team at 10:00 writes the exact time back, so it comes up again at 10:17.
    expect(await engine.refreshDue(TEAM, new Date('2027-03-04T09:00:00.000Z'))).toBe(true);
    expect((await store.due(Date.parse('2027-12-31T00:00:00Z'), 10))[0]?.dueAt).toBe(
      Date.parse('2027-03-04T09:17:00.000Z'),
    );
  });

  it('keeps the settings in the record, which reads back; a record from before reminders reads too', async () => {
    const { store, turn } = setup();
    await turn({ type: 'START' });
    await turn({ type: 'SET_OWNER', owner: ANNA });
    await turn({ type: 'SET_TARGET', date: '2027-06-30' });
    const raw = (await store.get(teamRecordKey(TEAM)))?.value ?? '';
    const parsed = parseRecord(raw);
    expect(parsed.kind).toBe('ok');
    if (parsed.kind === 'ok')
      expect(parsed.record.context.reminders).toMatchObject({
        owners: { setup: { owner: { id: 'U0ANNA', name: 'Anna' } } },
        target: { date: '2027-06-30' },
      });
    const { reminders: _reminders, ...older } = JSON.parse(raw).context;
    expect(parseRecord(JSON.stringify({ ...JSON.parse(raw), context: older })).kind).toBe('ok');
    const broken = { ...JSON.parse(raw), context: { ...older, reminders: { sent: -1 } } };
    expect(parseRecord(JSON.stringify(broken)).kind).toBe('corrupt');
  });

  it.each<Locale>(['de', 'en'])('words every setting outcome in %s, with nothing left unfilled', (locale) => {
    const outcomes = [
      { kind: 'snoozed', until: '2027-03-08T09:00:00.000Z' },
      { kind: 'reminders', on: true },
      { kind: 'reminders', on: false },
      { kind: 'ownerSet', step: 4, owner: 'Anna' },
      { kind: 'ownerSet', step: 4, owner: null },
      { kind: 'targetSet', date: '2027-02-15' },
      { kind: 'targetSet', date: null },
      { kind: 'calendarSet', timeZone: 'Europe/Berlin', holidays: 'DE-BY' },
      ...(['snooze', 'owner', 'target', 'calendar'] as const).map((setting) => ({
        kind: 'settingRefused' as const,
        setting,
      })),
    ] satisfies Outcome[];
    for (const outcome of outcomes) {
      const said = render(locale, outcomeMessage(outcome));
      expect(said).not.toMatch(/\{\{|notice\.|undefined/);
      expect(said.length).toBeGreaterThan(10);
    }
    expect(render(locale, outcomeMessage({ kind: 'targetSet', date: '2027-02-15' }))).toContain(
      locale === 'de' ? '15. Februar 2027' : '15 February 2027',
    );
    // A snooze that ends late in the evening in New York ends on that day there, not on the next (UTC) one.
    const evening = {
      kind: 'snoozed',
      until: '2027-03-09T02:30:00.000Z',
      timeZone: 'America/New_York',
    } as const;
    expect(render(locale, outcomeMessage(evening))).toContain(
      locale === 'de' ? '8. März 2027' : '8 March 2027',
    );
  });
});

describe('the sweep bookkeeping, through the engine', () => {
  const SWEEP = { actor: { id: 'paysetup', name: 'reminders' }, channel: 'reminders' };

  it('lets exactly one of two concurrent claims on a nudge win, and records it as sent once', async () => {
    const store = new MemoryStore({ delayMs: 2 });
    const now = () => new Date(NOW);
    const one = new DialogEngine({ store, now });
    const two = new DialogEngine({ store, now });
    await one.handle(TEAM, { type: 'START' }, { actor: ANNA, channel: 'slack' });
    const claim = { type: 'NUDGE_CLAIM', nudgeId: 'n1', leaseMs: 300_000 } as const;
    const results = await Promise.all([one.handle(TEAM, claim, SWEEP), two.handle(TEAM, claim, SWEEP)]);
    expect(
      results.map((r) => r.outcome).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([
      { kind: 'nudge', ok: false },
      { kind: 'nudge', ok: true },
    ]);
    expect((await one.handle(TEAM, { type: 'NUDGE_SENT', nudgeId: 'n1' }, SWEEP)).outcome).toEqual({
      kind: 'nudge',
      ok: true,
    });
    // Sent once: a second mark and a new claim of the same nudge are refused.
    expect((await two.handle(TEAM, { type: 'NUDGE_SENT', nudgeId: 'n1' }, SWEEP)).outcome).toEqual({
      kind: 'nudge',
      ok: false,
    });
    expect((await two.handle(TEAM, claim, SWEEP)).outcome).toEqual({ kind: 'nudge', ok: false });
    expect((await one.status(TEAM))?.reminders.sent).toBe(1);
  });

  it('lets a claim be taken over only after its lease ran out, and only for the same nudge', async () => {
    const { engine, clock } = setup();
    await engine.handle(TEAM, { type: 'START' }, { actor: ANNA, channel: 'slack' });
    const claim = (nudgeId: string) =>
      engine.handle(TEAM, { type: 'NUDGE_CLAIM', nudgeId, leaseMs: 300_000 }, SWEEP);
    expect((await claim('n1')).outcome).toEqual({ kind: 'nudge', ok: true });
    clock.now += 299_000;
    expect((await claim('n1')).outcome).toEqual({ kind: 'nudge', ok: false });
    clock.now += 2_000;
    expect((await claim('n2')).outcome).toEqual({ kind: 'nudge', ok: false });
    expect((await claim('n1')).outcome).toEqual({ kind: 'nudge', ok: true });
  });
});

describe('owner, target and reminders where the team looks', () => {
  it.each<Locale>(['de', 'en'])('the status reply and the report show them, in %s', async (locale) => {
    const { engine, turn } = setup();
    await engine.handle(TEAM, { type: 'START' }, { actor: ANNA, channel: 'slack', locale });
    await turn({ type: 'SET_OWNER', owner: { id: 'U0BEN', name: 'Ben' } });
    await turn({ type: 'SET_TARGET', date: '2027-03-15' });
    const status = await turn({ type: 'STATUS' });
    const said = status.messages.map((m) => render(locale, m)).join('\n');
    expect(said).toContain(locale === 'de' ? 'Verantwortlich für Schritt 1' : 'Step 1');
    expect(said).toContain('Ben');
    expect(said).toContain(locale === 'de' ? '15. März 2027, noch 14 Tage' : '15 March 2027, 14 days left');

    const plan = await loadPlan(engine, TEAM, locale);
    const field = (id: string) => plan?.summary.find((f) => f.id === id)?.value;
    expect(field('owners')).toBe(locale === 'de' ? 'Schritt 1: Ben' : 'step 1: Ben');
    expect(field('target')).toBe(
      locale === 'de' ? '15. März 2027 (noch 14 Tage)' : '15 March 2027 (14 days left)',
    );
    // The first nudge: Thursday 4 March, 10:00 in Berlin.
    expect(field('reminders')).toContain(locale === 'de' ? '4. März 2027 um 10:00' : '4 March 2027 at 10:00');
    await turn({ type: 'REMINDERS', on: false });
    const off = await loadPlan(engine, TEAM, locale);
    expect(off?.summary.find((f) => f.id === 'reminders')?.value).toBe(
      locale === 'de' ? 'ausgeschaltet' : 'off',
    );
    const offStatus = await turn({ type: 'STATUS' });
    expect(offStatus.messages.map((m) => render(locale, m)).join('\n')).toContain(
      locale === 'de' ? 'Erinnerungen: ausgeschaltet' : 'Reminders: off',
    );
  });
});
