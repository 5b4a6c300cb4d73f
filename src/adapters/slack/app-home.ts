import type { Logger, types } from '@slack/bolt';
import { lastActiveText } from '../../core/activity';
import type { Locale } from '../../core/context';
import type { TeamStatus } from '../../core/engine';
import { formatDate, render, text } from '../../core/i18n';
import { openItemMessage } from '../../core/open-items';
import type { Progress } from '../../core/reply';
import type { ChannelHomes } from './ChannelHomes';
import { errorCodeOf } from './errors';
import { escapeMrkdwn } from './escape';
import { clip, LIMITS } from './limits';
import { homeRemindersText } from './reminders/render-reminders';
import { progressText } from './render-blocks';
import type { SlackCalls } from './SlackCalls';
import type { SlackDialog } from './SlackDialog';
import { channelOfTeamKey, teamKeyFromSlack, workspacePrefix } from './team-key';

interface HomeDeps {
  dialog: SlackDialog;
  homes: ChannelHomes;
  calls: SlackCalls;
  logger: Logger;
  defaultLocale: Locale;
}

/**
 * The App Home tab, a dashboard: every channel's onboarding the user is a member of, with its step, open items,
 * owner, target date and next nudge, in the user's Slack language. Grouped by what needs someone: stalled, past the
 * target date or unreachable first, then in progress, not started, finished (see `homeGroupOf`, `compareHomeTeams`).
 */
export async function publishHome(deps: HomeDeps, installation: string, userId: string): Promise<void> {
  const info = await deps.calls.usersInfo({ user: userId, include_locale: true });
  const language = info?.user?.locale?.slice(0, 2);
  const locale: Locale = language === 'de' || language === 'en' ? language : deps.defaultLocale;
  const member = await deps.calls.usersConversations({
    user: userId,
    types: 'public_channel,private_channel',
    exclude_archived: true,
    limit: 1000,
  });
  const channels = new Set((member?.channels ?? []).flatMap((c) => (c.id ? [c.id] : [])));
  const shared = (member?.channels ?? []).flatMap((c) =>
    c.id && (c.is_ext_shared || c.is_shared) ? [c.id] : [],
  );
  let teams: TeamStatus[];
  try {
    teams = (await deps.dialog.teams(workspacePrefix(installation))).filter((t) => {
      const channel = channelOfTeamKey(t.team);
      return channel !== null && channels.has(channel);
    });
    teams.push(...(await sharedElsewhere(deps, installation, shared, teams)));
  } catch (error) {
    // An empty dashboard would say that nothing has started: say that it cannot be loaded instead.
    const code = errorCodeOf(error);
    deps.logger.error(`slack: the App Home of ${userId} in ${installation} could not be loaded: ${code}`);
    await deps.calls.viewsPublish({ user_id: userId, view: unavailableHomeView(locale, code) });
    return;
  }
  await deps.calls.viewsPublish({ user_id: userId, view: homeView(locale, teams, new Date()) });
}

/**
 * The user's shared channels (Slack Connect) whose onboarding belongs to the other organisation's installation (its
 * home): they are on this dashboard too. One read per shared channel not found under this installation.
 */
async function sharedElsewhere(
  deps: HomeDeps,
  installation: string,
  shared: string[],
  found: TeamStatus[],
): Promise<TeamStatus[]> {
  const known = new Set(found.map((t) => channelOfTeamKey(t.team)));
  const more: TeamStatus[] = [];
  for (const channel of shared.filter((c) => !known.has(c)).slice(0, MAX_SHARED_LOOKUPS)) {
    const home = await deps.homes.find(channel);
    if (!home || home === installation) continue;
    const status = await deps.dialog.status(teamKeyFromSlack(home, channel));
    if (status) more.push(status);
  }
  return more;
}

/** Shared channels looked up per App Home at most (a user in hundreds of shared channels still gets a quick page). */
const MAX_SHARED_LOOKUPS = 50;

/** The App Home's groups, in the order they are shown: what needs someone first. */
export const HOME_GROUPS = ['attention', 'active', 'notStarted', 'done'] as const;
export type HomeGroup = (typeof HOME_GROUPS)[number];

/** Where a channel belongs on the dashboard: stalled (every reminder sent), past its target or unreachable first. */
export function homeGroupOf(team: TeamStatus): HomeGroup {
  if (team.done) return 'done';
  if (team.step === null) return 'notStarted';
  const { reminders } = team;
  const overdue = reminders.daysToTarget !== null && reminders.daysToTarget < 0;
  return reminders.none === 'exhausted' || overdue || reminders.off === 'channelGone'
    ? 'attention'
    : 'active';
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN);
/** Ascending, with the unknown last. */
const byKnown = (a: number, b: number) =>
  Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b;

/**
 * The dashboard's order within a group: the nearest (or longest passed) target date first, then the longest idle;
 * finished channels the most recently finished first.
 */
export function compareHomeTeams(a: TeamStatus, b: TeamStatus): number {
  if (a.done && b.done) return byKnown(-time(a.doneAt), -time(b.doneAt));
  const target = byKnown(a.reminders.daysToTarget ?? Number.NaN, b.reminders.daysToTarget ?? Number.NaN);
  if (target !== 0) return target;
  const idle = byKnown(time(a.lastActivityAt), time(b.lastActivityAt));
  return idle !== 0 ? idle : a.team.localeCompare(b.team);
}

/** The App Home when its dashboard cannot be loaded (the store is down): the reason and the code, nothing else. */
export function unavailableHomeView(locale: Locale, code: string): types.View {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(text(locale, 'slack:home.title'), 150) } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: escapeMrkdwn(text(locale, 'slack:home.unavailable', { code })) },
      },
    ],
  };
}

export function homeView(locale: Locale, teams: TeamStatus[], now: Date): types.View {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(text(locale, 'slack:home.title'), 150) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(text(locale, 'slack:home.intro')) }] },
    { type: 'divider' },
  ];
  if (teams.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: text(locale, 'slack:home.empty') } });
  }
  const grouped = HOME_GROUPS.map((group) => ({
    group,
    teams: teams.filter((t) => homeGroupOf(t) === group).sort(compareHomeTeams),
  })).filter((g) => g.teams.length > 0);
  // One block is kept for the line that names how many channels did not fit.
  const room = LIMITS.blocksPerView - 1;
  let shown = 0;
  for (const { group, teams: members } of grouped) {
    if (blocks.length + 3 > room) break;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeMrkdwn(text(locale, `slack:home.group.${group}`, { count: members.length }))}*`,
      },
    });
    for (const team of members) {
      if (blocks.length + (team.items.length > 0 ? 2 : 1) > room) break;
      blocks.push(...teamBlocks(locale, team, now));
      shown += 1;
    }
  }
  if (shown < teams.length) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: escapeMrkdwn(text(locale, 'slack:home.more', { count: teams.length - shown })),
        },
      ],
    });
  }
  return { type: 'home', blocks };
}

/** One channel on the dashboard: its step and progress, open items, owner, target date and next nudge. */
function teamBlocks(locale: Locale, team: TeamStatus, now: Date): types.KnownBlock[] {
  const channel = `<#${channelOfTeamKey(team.team)}>`;
  let line: string;
  const open = text(locale, 'status.items', { count: team.openItems });
  if (team.done) {
    line = text(locale, 'slack:home.lineDone', {
      channel,
      doneAt: team.doneAt ? formatDate(locale, team.doneAt) : '',
      open,
    });
  } else if (team.step === null) line = text(locale, 'slack:home.lineNew', { channel });
  else {
    const progress: Progress = {
      step: typeof team.step === 'number' ? team.step : null,
      stepId: team.stepId,
      completedSteps: team.completedSteps,
      totalSteps: team.totalSteps,
      done: team.done,
    };
    line = text(locale, 'slack:home.line', {
      channel,
      progress: progressText(locale, progress),
      open,
      last: lastActiveText(locale, team.lastActivityAt, now),
    });
    // Who carries the step, the target date, the next reminder (or why none): the owner's name is user text.
    const reminders = homeRemindersText(locale, team.reminders, progress.step);
    if (reminders) line = `${line}\n${escapeMrkdwn(reminders)}`;
  }
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(line, LIMITS.sectionText) } },
  ];
  // Every open item, so the Home never looks more finished than the team is.
  if (team.items.length > 0) {
    const list = team.items
      .map((item) => `• ${escapeMrkdwn(render(locale, openItemMessage(item)))}`)
      .join('\n');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(list, LIMITS.sectionText) }] });
  }
  return blocks;
}
