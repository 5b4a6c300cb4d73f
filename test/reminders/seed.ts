import type { Actor, Locale } from '../../src/core/context';
import { DialogEngine } from '../../src/core/engine';
import type { KeyValueStore } from '../../src/store/port';

/**
 * Teams that stalled, for the reminder tests, on a calendar with no holiday near (German national holidays, Berlin):
 * they start on Monday 11 January 2027 at 10:00 and do nothing more, so with the default policy (3 working days)
 * each is due on Thursday 14 January from 10:00, Berlin time.
 */
export const STARTED = new Date('2027-01-11T09:00:00.000Z');
/** Thursday 14 January 2027, 11:00 in Berlin: a working day, inside working hours, every seeded team due. */
export const DUE = new Date('2027-01-14T10:00:00.000Z');
/** Saturday 16 January 2027, 11:00 in Berlin. */
export const SATURDAY = new Date('2027-01-16T10:00:00.000Z');
/** A claim's lease is 5 minutes: six minutes after DUE, a sweep that died at DUE has let go of its claims. */
export const AFTER_LEASE = new Date(DUE.getTime() + 6 * 60_000);

export const ANNA: Actor = { id: 'U0ANNA', name: 'Anna' };

/** `slack:T0SEED:C0000…n`: a Slack channel key the Slack sender reaches (channel ids are upper-case). */
export const slackTeam = (n: number, workspace = 'T0SEED'): string =>
  `slack:${workspace}:C${String(n).padStart(8, '0')}`;

export interface SeedOptions {
  count: number;
  /** Team n speaks `locales[n % locales.length]`. @default ['de', 'en'] */
  locales?: readonly Locale[];
  /** Every `ownerEvery`th team (from the first) names Anna as the owner of step 1. @default 0 (none) */
  ownerEvery?: number;
  workspace?: string;
}

/** Starts `count` Slack teams at STARTED through the engine, the way a channel's first `/paysetup start` does. */
export async function seedStalledTeams(store: KeyValueStore, options: SeedOptions): Promise<string[]> {
  const engine = new DialogEngine({ store, now: () => STARTED });
  const locales = options.locales ?? ['de', 'en'];
  const teams: string[] = [];
  for (let n = 0; n < options.count; n += 1) {
    const team = slackTeam(n + 1, options.workspace);
    const locale = locales[n % locales.length] as Locale;
    const meta = { actor: ANNA, channel: 'slack', locale };
    await engine.handle(team, { type: 'START' }, meta);
    if (options.ownerEvery && n % options.ownerEvery === 0)
      await engine.handle(team, { type: 'SET_OWNER', owner: ANNA }, meta);
    teams.push(team);
  }
  return teams;
}
