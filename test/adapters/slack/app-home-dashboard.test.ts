import { type HOME_GROUPS, homeView } from '../../../src/adapters/slack/app-home';
import { formatInZone } from '../../../src/adapters/slack/reminders/render-reminders';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import type { TeamStatus } from '../../../src/core/engine';
import { formatDate, text } from '../../../src/core/i18n';
import { viewViolations } from '../../helpers/slack/block-kit-limits';
import { blockTexts } from '../../helpers/slack/blocks';

/**
 * The App Home as a dashboard: each channel's step, open items, owner, target date and next nudge, grouped by what
 * needs someone (stalled or past the target date first, then in progress, not started, finished) and sorted within.
 */

const NOW = new Date('2027-01-14T10:00:00.000Z');

function status(
  channel: string,
  over: Partial<Omit<TeamStatus, 'reminders'>> & { reminders?: Partial<TeamStatus['reminders']> } = {},
): TeamStatus {
  const { reminders, ...rest } = over;
  const base: TeamStatus = {
    team: teamKeyFromSlack('T1', channel),
    state: 'register',
    step: 2,
    stepId: 'register',
    completedSteps: 1,
    totalSteps: 5,
    done: false,
    openQuestions: 2,
    openItems: 0,
    items: [],
    locale: 'de',
    startedAt: '2027-01-04T10:00:00.000Z',
    lastActivityAt: '2027-01-12T10:00:00.000Z',
    doneAt: null,
    snoozedUntil: null,
    reminders: {
      nextNudgeAt: '2027-01-15T09:00:00.000Z',
      none: null,
      sent: 0,
      owner: { step: 2, name: 'anna', id: 'U0ANNA' },
      owners: [],
      target: null,
      daysToTarget: null,
      off: null,
      timeZone: 'Europe/Berlin',
      holidays: 'DE-BE',
    },
  };
  return { ...base, ...rest, reminders: { ...base.reminders, ...reminders } };
}

/** The channels in the order the Home lists them, with the group headings between them. */
function listed(locale: Locale, teams: TeamStatus[]): string[] {
  return blockTexts(homeView(locale, teams, NOW).blocks)
    .slice(2)
    .map((line) => /<#(C[A-Z0-9]+)>/.exec(line)?.[1] ?? line);
}

describe.each(['de', 'en'] as Locale[])('the App Home dashboard (%s)', (locale) => {
  const heading = (group: (typeof HOME_GROUPS)[number], count: number) =>
    `*${text(locale, `slack:home.group.${group}`, { count })}*`;

  const teams = [
    status('C0DONE', { done: true, state: 'done', step: 'done', doneAt: '2027-01-10T10:00:00.000Z' }),
    status('C0NEW', { step: null, stepId: null, state: 'welcome', completedSteps: 0 }),
    status('C0LATER', { reminders: { target: '2027-03-01', daysToTarget: 46 } }),
    status('C0NOTARGET', { lastActivityAt: '2027-01-13T10:00:00.000Z' }),
    status('C0SOON', { reminders: { target: '2027-01-20', daysToTarget: 6 } }),
    status('C0STALLED', { reminders: { none: 'exhausted', nextNudgeAt: null, sent: 3 } }),
    status('C0OVERDUE', { reminders: { target: '2027-01-10', daysToTarget: -4 } }),
  ];

  it('lists stalled and overdue channels first, then those in progress by target date, then new, then done', () => {
    expect(listed(locale, teams)).toEqual([
      heading('attention', 2),
      'C0OVERDUE',
      'C0STALLED',
      heading('active', 3),
      'C0SOON',
      'C0LATER',
      'C0NOTARGET',
      heading('notStarted', 1),
      'C0NEW',
      heading('done', 1),
      'C0DONE',
    ]);
  });

  it("shows each channel's step, owner, target date and next nudge", () => {
    const line = blockTexts(homeView(locale, teams, NOW).blocks).find((t) => t.includes('<#C0SOON>')) ?? '';
    expect(line).toContain(text(locale, 'slack:home.owner', { step: 2, owner: 'anna' }));
    expect(line).toContain(
      text(locale, 'slack:home.target', { date: formatDate(locale, '2027-01-20T12:00:00Z'), count: 6 }),
    );
    expect(line).toContain(
      text(locale, 'slack:home.nextNudge', {
        when: formatInZone(locale, '2027-01-15T09:00:00.000Z', 'Europe/Berlin'),
      }),
    );
    const stalled = blockTexts(homeView(locale, teams, NOW).blocks).find((t) => t.includes('<#C0STALLED>'));
    expect(stalled).toContain(text(locale, 'slack:home.stalled'));
  });

  it('names how many channels did not fit, within the limits of a Home tab', () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      status(`C0MANY${String(i).padStart(4, '0')}`, {
        reminders: { daysToTarget: i - 20, target: '2027-02-01' },
      }),
    );
    const view = homeView(locale, many, NOW);
    expect(viewViolations(view)).toEqual([]);
    const shown = blockTexts(view.blocks).filter((t) => /<#C0MANY/.test(t)).length;
    expect(shown).toBeGreaterThan(40);
    expect(blockTexts(view.blocks).at(-1)).toBe(text(locale, 'slack:home.more', { count: 150 - shown }));
  });
});
