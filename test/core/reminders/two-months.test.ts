import type { Actor } from '../../../src/core/context';
import { DialogEngine } from '../../../src/core/engine';
import type { DialogInput } from '../../../src/core/events';
import { findQuestion } from '../../../src/core/progress';
import type { Nudge } from '../../../src/core/reminders/nudge';
import { DEFAULT_POLICY } from '../../../src/core/reminders/policy';
import type { NudgeSender } from '../../../src/reminders/port';
import { sweep } from '../../../src/reminders/sweep';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { answerFor, validAnswer } from '../../helpers/dialog';

/**
 * The reminder policy over two simulated months (March and April 2027), driven the way production drives it: the
 * engine with a fake clock, and the sweep run every 15 minutes over the store's due index. The calendar has it all:
 * weekends, Good Friday and Easter Monday (public holidays in Germany, not in New York), daylight saving starting
 * on 14 March in New York and on 28 March in Berlin, working hours 9–17 in each team's own time zone.
 */

const ANNA: Actor = { id: 'U0ANNA', name: 'Anna' };
const TICK_MS = 15 * 60_000;
const START = Date.parse('2027-03-01T00:00:00Z');
const END = Date.parse('2027-05-01T00:00:00Z');

class RecordingSender implements NudgeSender {
  readonly sent: Nudge[] = [];
  constructor(private readonly clock: { now: number }) {}
  async send(nudge: Nudge) {
    this.sent.push({ ...nudge, sentAt: new Date(this.clock.now).toISOString() } as Nudge);
    return { kind: 'sent' as const };
  }
  async wasSent() {
    return false;
  }
}

type Script = Record<string, (engine: DialogEngine, team: string) => Promise<unknown>>;

/** Runs the two months: `script` says what each team does at which instant (ISO, on a 15-minute tick). */
async function simulate(teams: string[], script: Script) {
  const clock = { now: START };
  const store = new MemoryStore();
  const engine = new DialogEngine({ store, now: () => new Date(clock.now) });
  const sender = new RecordingSender(clock);
  const deps = {
    engine,
    store,
    senderFor: (team: string) => (team.startsWith('slack:') ? sender : null),
    logger: { info() {}, warn() {}, error() {} },
  };
  const at = new Map(Object.entries(script).map(([when, act]) => [Date.parse(when), act]));
  for (; clock.now < END; clock.now += TICK_MS) {
    const act = at.get(clock.now);
    if (act) for (const team of teams) await act(engine, team);
    await sweep(new Date(clock.now), deps);
  }
  const byTeam = (team: string) =>
    sender.sent.filter((n) => n.team === team).map((n) => (n as Nudge & { sentAt: string }).sentAt);
  return { engine, sender, byTeam };
}

const turn = (engine: DialogEngine, team: string, input: DialogInput | DialogInput[]) =>
  engine.handle(team, input, { actor: ANNA, channel: 'slack' });

/** Starts a team and answers its first question: it has done something. */
const start =
  (timeZone?: string, holidays?: string) =>
  async (engine: DialogEngine, team: string): Promise<void> => {
    await engine.handle(
      team,
      { type: 'START' },
      { actor: ANNA, channel: 'slack', ...(timeZone ? { timeZone } : {}) },
    );
    if (holidays) await turn(engine, team, { type: 'SET_CALENDAR', holidays });
  };

const answerCurrent = async (engine: DialogEngine, team: string): Promise<void> => {
  const { cursor } = (await engine.load(team)).record.context;
  const question = cursor ? findQuestion(engine.flow, cursor) : undefined;
  if (!question) throw new Error(`no current question for ${team}`);
  await turn(engine, team, validAnswer(question));
};

describe('reminder nudges over two simulated months', () => {
  jest.setTimeout(60_000);

  it('a stalled team in Berlin: 3, 7 and 14 working days, skipping weekends, Good Friday and Easter Monday, then no more', async () => {
    const team = 'slack:T0SIM:C0BERLIN';
    // Monday 1 March, 10:00 in Berlin (CET, UTC+1).
    const { byTeam, engine } = await simulate([team], { '2027-03-01T09:00:00Z': start() });
    expect(byTeam(team)).toEqual([
      // Thursday 4 March 10:00 CET: three working days after Monday 10:00.
      '2027-03-04T09:00:00.000Z',
      // Monday 15 March 10:00 CET: seven working days after the first (5, 8–12, 15 March).
      '2027-03-15T09:00:00.000Z',
      // Tuesday 6 April 10:00 CEST (UTC+2 since 28 March): fourteen working days, Good Friday (26 March) and
      // Easter Monday (29 March) not counted.
      '2027-04-06T08:00:00.000Z',
    ]);
    // After the third, the team is stalled: listed for the experts, not nudged again.
    const status = await engine.status(team);
    expect(status?.reminders).toMatchObject({ none: 'exhausted', sent: 3, nextNudgeAt: null });
  });

  it('a stalled team in New York keeps New York hours across both daylight-saving changes, and works Good Friday', async () => {
    const team = 'slack:T0SIM:C0NEWYORK';
    // Monday 1 March, 10:00 in New York (EST, UTC−5).
    const { byTeam } = await simulate([team], {
      '2027-03-01T15:00:00Z': start('America/New_York', 'US-NY'),
    });
    expect(byTeam(team)).toEqual([
      // Thursday 4 March 10:00 EST.
      '2027-03-04T15:00:00.000Z',
      // Monday 15 March 10:00 EDT (UTC−4 since 14 March): the wall-clock time is kept, not the UTC time.
      '2027-03-15T14:00:00.000Z',
      // Fourteen working days later: Good Friday is a working day in New York, so Friday 2 April 10:00 EDT.
      '2027-04-02T14:00:00.000Z',
    ]);
  });

  it('activity resets the backoff; a nudge due outside working hours waits for the next working morning', async () => {
    const team = 'slack:T0SIM:C0ACTIVE';
    const { byTeam } = await simulate([team], {
      '2027-03-01T09:00:00Z': start(),
      // Thursday 4 March: the first nudge went out at 10:00; at 17:30 CET the team answers a question.
      '2027-03-04T16:30:00Z': answerCurrent,
    });
    const sent = byTeam(team);
    expect(sent[0]).toBe('2027-03-04T09:00:00.000Z');
    // Three working days after Thursday 17:30 is Tuesday 17:30, after hours: Wednesday 10 March, 09:00 CET.
    expect(sent[1]).toBe('2027-03-10T08:00:00.000Z');
    // From there the backoff starts again: seven working days (Friday 19 March 09:00 CET), then fourteen (Monday
    // 12 April 09:00 CEST, the Easter holidays not counted): three nudges since the team's last activity.
    expect(sent.slice(2)).toEqual(['2027-03-19T08:00:00.000Z', '2027-04-12T07:00:00.000Z']);
  });

  it('a team that started on a Friday afternoon is first nudged on Wednesday, never at the weekend', async () => {
    const team = 'slack:T0SIM:C0FRIDAY';
    const { byTeam } = await simulate([team], { '2027-03-05T15:00:00Z': start() });
    // Friday 16:00 CET + three working days (Mon, Tue, Wed) = Wednesday 10 March 16:00 CET.
    expect(byTeam(team)[0]).toBe('2027-03-10T15:00:00.000Z');
    for (const at of byTeam(team)) expect([0, 6]).not.toContain(new Date(at).getUTCDay());
  });

  it('a team that worked through all five steps gets no nudge', async () => {
    const team = 'slack:T0SIM:C0DONE';
    const { byTeam, engine } = await simulate([team], {
      '2027-03-01T09:00:00Z': async (engine, t) => {
        let reply = await engine.handle(t, { type: 'START' }, { actor: ANNA, channel: 'slack' });
        for (let n = 0; !reply.done && n < 200; n += 1) {
          const question = reply.question && findQuestion(engine.flow, reply.question.id);
          if (!question) throw new Error(`no question at ${reply.state}`);
          for (const input of answerFor(engine.flow, question.id)) reply = await turn(engine, t, input);
        }
        expect(reply.done).toBe(true);
      },
    });
    expect(byTeam(team)).toEqual([]);
    expect((await engine.status(team))?.reminders).toMatchObject({ none: 'done', nextNudgeAt: null });
  });

  it('snooze holds the nudges off until it ends; stop ends them', async () => {
    const snoozed = 'slack:T0SIM:C0SNOOZE';
    const stopped = 'slack:T0SIM:C0STOP';
    const { byTeam, engine } = await simulate([snoozed, stopped], {
      '2027-03-01T09:00:00Z': start(),
      // Tuesday 2 March 11:00 CET: the one snoozes for a week, the other stops the reminders.
      '2027-03-02T10:00:00Z': async (engine, team) =>
        turn(engine, team, team === snoozed ? { type: 'SNOOZE', days: 7 } : { type: 'REMINDERS', on: false }),
    });
    // A snooze is not progress: the first nudge comes when the snooze ends (Tuesday 9 March 11:00 CET), not on the
    // Thursday before it.
    expect(byTeam(snoozed)[0]).toBe('2027-03-09T10:00:00.000Z');
    expect(byTeam(stopped)).toEqual([]);
    expect((await engine.status(stopped))?.reminders).toMatchObject({ off: 'asked', none: 'off' });
  });

  it('leaves alone teams that are not started or cannot be reached (the terminal)', async () => {
    const unstarted = 'slack:T0SIM:C0NEW';
    const terminal = 'cli:anna';
    const { byTeam, engine } = await simulate([unstarted, terminal], {
      '2027-03-01T09:00:00Z': async (engine, team) => {
        if (team === terminal) await start()(engine, team);
        else await turn(engine, team, { type: 'HELP' });
      },
    });
    expect(byTeam(unstarted)).toEqual([]);
    expect(byTeam(terminal)).toEqual([]);
    expect((await engine.status(terminal))?.reminders.none).toBe('unreachable');
  });

  it('a near target date brings the nudges sooner; the nudge names the owner of the stalled step and the days left', async () => {
    const team = 'slack:T0SIM:C0TARGET';
    const { sender } = await simulate([team], {
      '2027-03-01T09:00:00Z': async (engine, t) => {
        await start()(engine, t);
        // Six working days to go (Tuesday 9 March): a third of that is two working days instead of three.
        await turn(engine, t, { type: 'SET_TARGET', date: '2027-03-09' });
        await turn(engine, t, { type: 'SET_OWNER', owner: { id: 'U0BEN', name: 'Ben' } });
      },
    });
    const nudges = sender.sent.filter((n) => n.team === team);
    const first = nudges[0] as Nudge & { sentAt: string };
    expect(first.sentAt).toBe('2027-03-03T09:00:00.000Z');
    expect(first).toMatchObject({
      reason: 'targetNear',
      step: 1,
      owner: { id: 'U0BEN', name: 'Ben' },
      target: '2027-03-09',
      daysToTarget: 6,
    });
    // Still at most three in all, the target passed or not.
    expect(nudges).toHaveLength(3);
    expect(nudges.map((n) => n.reason)).toContain('targetNear');
  });

  it('a team in its first day is left alone even with a stall of zero working days', async () => {
    const team = 'slack:T0SIM:C0GRACE';
    const clock = { now: Date.parse('2027-03-01T09:00:00Z') };
    const store = new MemoryStore();
    const engine = new DialogEngine({
      store,
      now: () => new Date(clock.now),
      reminders: { ...DEFAULT_POLICY, stallDays: 0 },
    });
    await start()(engine, team);
    const status = await engine.status(team);
    // Planned for a day after the start, Tuesday 10:00 CET, not right away.
    expect(status?.reminders.nextNudgeAt).toBe('2027-03-02T09:00:00.000Z');
  });
});
