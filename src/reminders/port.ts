import type { Nudge } from '../core/reminders/nudge';

/**
 * What came of sending one nudge:
 * - `sent`: it reached the team's channel;
 * - `gone`: the channel cannot be reached any more (the bot left, it was archived or deleted): reminders go off;
 * - `failed`: nothing known to have reached anyone; the claim runs out and a later sweep tries again.
 */
export type SendResult =
  | { kind: 'sent' }
  | { kind: 'gone'; reason: string }
  | { kind: 'failed'; code: string; detail: string };

/**
 * Where the nudges of some teams go (Slack: the team's channel). The port the sweep sends through; a channel that
 * cannot push (the terminal, Alexa: reminders there are only ever set up by the user, in a session) has none.
 */
export interface NudgeSender {
  send(nudge: Nudge): Promise<SendResult>;
  /**
   * After a sweep died between claiming a nudge and recording it as sent: did it go out (posted at or after
   * `since`)? 'unknown' when the channel cannot tell now; the nudge is then left for a later sweep.
   */
  wasSent(nudge: Nudge, since: Date): Promise<boolean | 'unknown'>;
}

/** The sender for a team, by its key; null for teams no sender reaches. */
export type SenderFor = (team: string) => NudgeSender | null;
