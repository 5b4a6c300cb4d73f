import type { Locale } from '../../../core/context';
import type { DialogInput } from '../../../core/events';
import { formatDate, text } from '../../../core/i18n';
import type { Reply } from '../../../core/reply';
import { escapeMrkdwn } from '../escape';
import type { TurnOrigin } from '../listeners/deps';
import { plainMessage } from '../render-blocks';
import type { SlackCalls } from '../SlackCalls';
import type { SlackDialog } from '../SlackDialog';
import { answeredNudge, mentionsIn } from './render-nudge';

export type NudgeVerb = 'nudge-continue' | 'nudge-snooze' | 'nudge-stop';

export interface NudgeClick extends TurnOrigin {
  verb: NudgeVerb;
  /** Snooze: the days (1 or 7). */
  argument?: string;
  /** The nudge message, to update in place. */
  messageTs?: string;
  /** Its blocks as Slack sent them with the click (the bot's own message). */
  blocks?: unknown[];
}

/** Stands for the person who clicked while a line is escaped; replaced by their mention afterwards. */
const BY = '\uE001';

/**
 * A click on a nudge's button: Continue (as `/paysetup start`: the current question again), Snooze 1 day / 1 week
 * (the SNOOZE event), Stop reminders (REMINDERS off). Each is a turn like any other (its delivery claimed once, its
 * event applied once); the nudge is then updated in place (what was chosen, by whom; no buttons left), so nobody
 * clicks twice. A team that has finished hears privately that there are no reminders any more.
 */
export async function handleNudgeClick(
  deps: { dialog: SlackDialog; calls: SlackCalls; defaultLocale: Locale },
  click: NudgeClick,
): Promise<void> {
  const { dialog } = deps;
  const origin: TurnOrigin & { messageTs?: string } = {
    team: click.team,
    channel: click.channel,
    user: click.user,
    idempotencyKey: click.idempotencyKey,
    ...(click.messageTs ? { messageTs: click.messageTs } : {}),
  };
  let current: Reply;
  try {
    current = await dialog.look(click.team);
  } catch {
    await dialog.storeDown(origin);
    return;
  }
  if (current.done) {
    await dialog.ephemeral(origin, plainMessage(text(current.locale, 'slack:nudgeAnswer.stale')));
    await update(deps, click, text(current.locale, 'slack:nudgeAnswer.settled'));
    return;
  }
  if (click.verb === 'nudge-continue') {
    const reply = await dialog.turn({ ...origin, input: { type: 'START' } });
    if (reply && !reply.replayed)
      await update(deps, click, text(reply.locale, 'slack:nudgeAnswer.continued', { by: BY }));
    return;
  }
  const input: DialogInput =
    click.verb === 'nudge-snooze'
      ? { type: 'SNOOZE', days: click.argument === '7' ? 7 : 1 }
      : { type: 'REMINDERS', on: false };
  const reply = await dialog.run({ ...origin, input });
  if (!reply || reply.replayed) return;
  const l = reply.locale;
  const { outcome } = reply;
  if (outcome.kind === 'snoozed')
    await update(
      deps,
      click,
      text(l, 'slack:nudgeAnswer.snoozed', {
        until: formatDate(l, outcome.until, outcome.timeZone),
        by: BY,
      }),
    );
  else if (outcome.kind === 'reminders' && !outcome.on)
    await update(deps, click, text(l, 'slack:nudgeAnswer.stopped', { by: BY }));
  else await dialog.show(reply, { ...origin, input });
}

/** The nudge with its buttons replaced by what was chosen (mentions the bot wrote into it stay mentions). */
async function update(deps: { calls: SlackCalls }, click: NudgeClick, line: string): Promise<void> {
  if (!click.messageTs) return;
  const by = `<@${click.user.id}>`;
  const lineMd = escapeMrkdwn(line).split(BY).join(by);
  const fallback = line.split(BY).join(click.user.name ?? click.user.id);
  const blocks = click.blocks ?? [];
  const message = answeredNudge(blocks, lineMd, fallback);
  const keep = mentionsIn(blocks);
  keep.add(by);
  await deps.calls.update({ channel: click.channel, ts: click.messageTs, ...message }, { keep });
}
