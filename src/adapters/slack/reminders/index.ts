import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../../core/context';
import type { DialogEngine } from '../../../core/engine';
import type { Logger } from '../../../logging/logger';
import type { DigestResult } from '../../../reminders/digest';
import type { SenderFor } from '../../../reminders/port';
import type { KeyValueStore } from '../../../store/port';
import { channelOfTeamKey } from '../team-key';
import { postDigest } from './post-digest';
import { ReminderCalls } from './reminder-calls';
import { SlackNudgeSender } from './SlackNudgeSender';

export type { DigestResult } from '../../../reminders/digest';
export { GONE_ERRORS, reminderClient } from './reminder-calls';

export interface SlackRemindersDeps {
  /**
   * The bot's client. Its token and API URL (`slackApiUrl`: the fake in tests) are used by a client of the reminders'
   * own that never retries by itself and rejects rate-limited calls at once (`reminderClient`): whatever retry policy
   * this one has, a nudge is never posted twice by a retry, and a 429 never holds up other teams.
   */
  client: WebClient;
  engine: DialogEngine;
  store: KeyValueStore;
  logger: Logger;
  /** DIGEST_CHANNEL: the integration experts' channel (`C…`/`G…`); without it there is no digest. */
  digestChannel?: string;
  /** The deployment's language (DEFAULT_LOCALE): the digest's. */
  defaultLocale: Locale;
  /** How a 429's Retry-After is waited out (tests record it). @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** The longest Retry-After waited out; longer fails the nudge, and a later sweep tries. @default 30_000 */
  maxRateLimitWaitMs?: number;
}

export interface SlackReminders {
  /** Slack teams (`slack:T…:C…`) → the Slack NudgeSender; other teams → null. */
  senderFor: SenderFor;
  /**
   * Posts the experts' digest when it is due (the first call at or after the start of working hours on a working day
   * of the policy's default calendar; once a day across processes), else does nothing. Never throws.
   */
  digest(now: Date): Promise<DigestResult>;
}

/**
 * The Slack side of the reminders: the sender the sweep posts nudges through (`sweep(now, { senderFor, … })`), and
 * the experts' digest. Call `digest(now)` from the same schedule as the sweep (every minute is fine: it claims the
 * day once and is a no-op otherwise).
 */
export function createSlackReminders(deps: SlackRemindersDeps): SlackReminders {
  const calls = new ReminderCalls({
    client: deps.client,
    logger: deps.logger,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.maxRateLimitWaitMs !== undefined ? { maxWaitMs: deps.maxRateLimitWaitMs } : {}),
  });
  const sender = new SlackNudgeSender(calls);
  return {
    senderFor: (team) => (channelOfTeamKey(team) ? sender : null),
    digest: (now) =>
      postDigest(
        {
          calls,
          engine: deps.engine,
          store: deps.store,
          logger: deps.logger,
          locale: deps.defaultLocale,
          ...(deps.digestChannel ? { channel: deps.digestChannel } : {}),
        },
        now,
      ),
  };
}

export {
  createWorkspaceReminders,
  type WorkspaceReminders,
  type WorkspaceRemindersDeps,
} from './workspaces';
