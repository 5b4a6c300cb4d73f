import type { types } from '@slack/bolt';
import { lastActiveText } from '../../core/activity';
import type { Locale } from '../../core/context';
import type { TeamStatus } from '../../core/engine';
import { formatDate, render, text } from '../../core/i18n';
import { openItemMessage } from '../../core/open-items';
import type { Progress } from '../../core/reply';
import { escapeMrkdwn } from './escape';
import { clip, LIMITS } from './limits';
import { homeRemindersText } from './reminders/render-reminders';
import { progressText } from './render-blocks';
import type { SlackCalls } from './SlackCalls';
import type { SlackDialog } from './SlackDialog';
import { channelOfTeamKey, workspacePrefix } from './team-key';

interface HomeDeps {
  dialog: SlackDialog;
  calls: SlackCalls;
  defaultLocale: Locale;
}

/**
 * The App Home tab: every channel's onboarding the user is a member of, with its step, open questions and last
 * activity, in the user's Slack language.
 */
export async function publishHome(deps: HomeDeps, slackTeamId: string, userId: string): Promise<void> {
  const info = await deps.calls.call<{ user?: { locale?: string } }>('users.info', {
    user: userId,
    include_locale: true,
  });
  const language = info?.user?.locale?.slice(0, 2);
  const locale: Locale = language === 'de' || language === 'en' ? language : deps.defaultLocale;
  const member = await deps.calls.call<{ channels?: { id: string }[] }>('users.conversations', {
    user: userId,
    types: 'public_channel,private_channel',
    exclude_archived: true,
    limit: 1000,
  });
  const channels = new Set((member?.channels ?? []).map((c) => c.id));
  let teams: TeamStatus[] = [];
  try {
    teams = (await deps.dialog.teams(workspacePrefix(slackTeamId))).filter((t) => {
      const channel = channelOfTeamKey(t.team);
      return channel !== null && channels.has(channel);
    });
  } catch {
    teams = [];
  }
  await deps.calls.call('views.publish', { user_id: userId, view: homeView(locale, teams, new Date()) });
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
  for (const team of teams.slice(0, Math.floor((LIMITS.blocksPerView - blocks.length) / 2))) {
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
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(line, LIMITS.sectionText) } });
    // Every open item, so the Home never looks more finished than the team is.
    if (team.items.length > 0 && blocks.length < LIMITS.blocksPerView) {
      const list = team.items
        .map((item) => `• ${escapeMrkdwn(render(locale, openItemMessage(item)))}`)
        .join('\n');
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(list, LIMITS.sectionText) }] });
    }
  }
  return { type: 'home', blocks };
}
