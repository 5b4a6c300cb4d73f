import type { types } from '@slack/bolt';
import type { Actor, Locale, Message } from '../../../core/context';
import { render, text } from '../../../core/i18n';
import { type Nudge, nudgeMessages } from '../../../core/reminders/nudge';
import { actionId } from '../action-ids';
import { button, context, section } from '../blocks';
import { escapeMrkdwn } from '../escape';
import { clip, LIMITS } from '../limits';

type KnownBlock = types.KnownBlock;

/** The metadata every nudge carries, so that `wasSent` finds it in the channel's history. */
export const NUDGE_EVENT_TYPE = 'paysetup_nudge';

/** A nudge as a Slack message: its text, blocks, metadata, and the one user mention the bot wrote into it. */
export interface NudgeSlackMessage {
  text: string;
  blocks: KnownBlock[];
  metadata: { event_type: string; event_payload: { team: string; nudge: string } };
  /** The owner's mention (`<@U…>`), the one piece of Slack syntax in the message that must reach Slack unescaped. */
  keep: ReadonlySet<string>;
}

/** A Slack user id (`U…`, or `W…` in Enterprise Grid): such an owner is mentioned, anyone else is named. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** The owner as the nudge addresses them: a mention for a Slack user, the plain name (escaped) for anyone else. */
export function ownerText(owner: Actor | null): { md: string; plain: string; mention?: string } | null {
  if (!owner) return null;
  if (SLACK_USER_ID.test(owner.id)) {
    const mention = `<@${owner.id}>`;
    return { md: mention, plain: mention, mention };
  }
  const name = owner.name ?? owner.id.replace(/^name:/, '');
  return { md: escapeMrkdwn(name), plain: name };
}

/** Stands for the owner while the messages are rendered and escaped; replaced by the mention or name afterwards. */
const OWNER = '\uE000';

function renderLines(locale: Locale, messages: Message[], owner: string): string[] {
  return messages.map((message) =>
    escapeMrkdwn(render(locale, message, 'slack'))
      .split(OWNER)
      .join(owner),
  );
}

/**
 * The nudge in the team's channel: greeting (the owner by mention, or the team; never @channel), where the team
 * stopped and for how long, the next question, days to target and open items; then four buttons: Continue, Snooze
 * 1 day, Snooze 1 week, Stop reminders.
 */
export function nudgeMessage(nudge: Nudge): NudgeSlackMessage {
  const locale = nudge.locale;
  const owner = ownerText(nudge.owner);
  const messages = nudgeMessages(nudge, owner ? OWNER : null);
  const [hello, stopped, ...rest] = messages;
  const options = rest.filter((m) => m.key === 'nudge.options');
  const facts = rest.filter((m) => m.key !== 'nudge.options');
  const md = (list: Message[]) => renderLines(locale, list, owner?.md ?? '');
  const plain = (list: Message[]) =>
    list.map((m) =>
      render(locale, m, 'slack')
        .split(OWNER)
        .join(owner?.plain ?? ''),
    );
  const opening = md([hello, stopped].filter((m): m is Message => m !== undefined)).join(' ');
  const q = nudge.questionId ?? '-';
  const blocks: KnownBlock[] = [
    section([opening, ...md(facts)].join('\n')),
    ...(options.length > 0 ? [context(md(options).join(' '))] : []),
    {
      type: 'actions',
      block_id: `ps:nudge:${nudge.nudgeId}`,
      elements: [
        button(text(locale, 'nudge.continue'), actionId('nudge-continue', q), 'primary'),
        button(text(locale, 'nudge.snoozeDay'), actionId('nudge-snooze', q, '1')),
        button(text(locale, 'nudge.snoozeWeek'), actionId('nudge-snooze', q, '7')),
        button(text(locale, 'nudge.stop'), actionId('nudge-stop', q), 'danger'),
      ],
    },
  ];
  return {
    text: clip(plain(messages.filter((m) => m.key !== 'nudge.options')).join(' '), LIMITS.sectionText),
    blocks,
    metadata: { event_type: NUDGE_EVENT_TYPE, event_payload: { team: nudge.team, nudge: nudge.nudgeId } },
    keep: new Set(owner?.mention ? [owner.mention] : []),
  };
}

/** Mentions in a message the bot posted itself (a nudge's owner): kept when the message is updated. */
export function mentionsIn(value: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/<@[UW][A-Z0-9]{2,20}>/g)) found.add(m[0]);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/**
 * The nudge once someone clicked: its text as it was, the buttons gone (nobody clicks twice), and a line saying what
 * was done and by whom.
 */
export function answeredNudge(
  original: readonly unknown[],
  line: string,
  fallback: string,
): { text: string; blocks: KnownBlock[] } {
  const kept = original.filter(
    (block): block is KnownBlock =>
      typeof block === 'object' && block !== null && (block as { type?: unknown }).type !== 'actions',
  );
  return {
    text: clip(fallback, LIMITS.sectionText),
    blocks: [...kept.slice(0, LIMITS.blocksPerMessage - 1), context(line)],
  };
}
