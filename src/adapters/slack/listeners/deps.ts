import type { Logger } from '@slack/bolt';
import type { Actor, Locale } from '../../../core/context';
import type { LinkService } from '../../../linking/LinkService';
import type { AskAssistant } from '../../../questions/AskAssistant';
import type { Feedback } from '../../../questions/Feedback';
import type { ChannelHomes } from '../ChannelHomes';
import type { SlackCalls } from '../SlackCalls';
import type { SlackDialog } from '../SlackDialog';

export interface ListenerDeps {
  dialog: SlackDialog;
  /** Which installation's key a channel's onboarding lives under (Slack Connect: the same from both sides). */
  homes: ChannelHomes;
  calls: SlackCalls;
  links: LinkService;
  logger: Logger;
  defaultLocale: Locale;
  /** Answers the team's own questions from the knowledge base. */
  ask: AskAssistant;
  /** 👍/👎 on those answers, per entry. */
  feedback: Feedback;
  /** How long a modal submission waits for the engine to show an error inside the modal. @default 2000 ms */
  modalBudgetMs?: number;
  /**
   * Slack was answered before this process saw the delivery (the Lambda worker): listeners never acknowledge, and a
   * modal submission's reply is shown even though the engine replays it (the HTTP function ran the turn).
   */
  answeredBefore?: boolean;
}

/** Where a command, a mention or a click came from, and the delivery's id for the engine. */
export interface TurnOrigin {
  team: string;
  channel: string;
  user: Actor;
  idempotencyKey: string;
  /** The thread the person wrote in (a reply or a mention in a thread): private answers go there. */
  threadTs?: string;
  /**
   * The message the person wrote (a mention): an answer to their own question is threaded under it. Not
   * `messageTs`, which names the bot's question message to update in place.
   */
  writtenTs?: string;
}
