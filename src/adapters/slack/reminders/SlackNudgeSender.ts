import type { Nudge } from '../../../core/reminders/nudge';
import type { NudgeSender, SendResult } from '../../../reminders/port';
import { channelOfTeamKey } from '../team-key';
import { type Calls, payloadOf } from './reminder-calls';
import { NUDGE_EVENT_TYPE, nudgeMessage } from './render-nudge';

/** How many pages of the channel's history `wasSent` reads at most (each up to `HISTORY_PAGE` messages). */
const HISTORY_PAGES = 5;
const HISTORY_PAGE = 200;

/**
 * Nudges in Slack: a message in the team's channel with the nudge's metadata (`paysetup_nudge`, the team and the
 * nudge id), so that after a crash `wasSent` can tell from the channel's history whether it went out.
 */
export class SlackNudgeSender implements NudgeSender {
  constructor(private readonly calls: Calls) {}

  async send(nudge: Nudge): Promise<SendResult> {
    const channel = channelOfTeamKey(nudge.team);
    if (!channel) return { kind: 'failed', code: 'not_slack', detail: `${nudge.team} is no Slack channel` };
    const message = nudgeMessage(nudge);
    const posted = await this.calls.postMessage(
      {
        channel,
        text: message.text,
        blocks: message.blocks,
        metadata: message.metadata,
        unfurl_links: false,
        unfurl_media: false,
      },
      { keep: message.keep },
    );
    if (posted.ok) return { kind: 'sent' };
    if (posted.gone) return { kind: 'gone', reason: posted.code };
    return { kind: 'failed', code: posted.code, detail: posted.detail };
  }

  /**
   * Looks for the nudge's metadata among the channel's messages since `since` (a bounded number of pages); 'unknown'
   * when the history cannot be read now or goes on beyond those pages. A channel that is gone never got it.
   */
  async wasSent(nudge: Nudge, since: Date): Promise<boolean | 'unknown'> {
    const channel = channelOfTeamKey(nudge.team);
    if (!channel) return false;
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page += 1) {
      const history = await this.calls.history({
        channel,
        oldest: (since.getTime() / 1000).toFixed(6),
        include_all_metadata: true,
        limit: HISTORY_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      if (!history.ok) return history.gone ? false : 'unknown';
      const found = (history.data.messages ?? []).some(
        (m) =>
          m.metadata?.event_type === NUDGE_EVENT_TYPE &&
          payloadOf(m.metadata)?.team === nudge.team &&
          payloadOf(m.metadata)?.nudge === nudge.nudgeId,
      );
      if (found) return true;
      cursor = history.data.response_metadata?.next_cursor || undefined;
      if (!history.data.has_more || !cursor) return false;
    }
    return 'unknown';
  }
}
