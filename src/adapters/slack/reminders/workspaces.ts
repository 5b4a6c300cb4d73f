import { WebClient } from '@slack/web-api';
import { teamOfRecordKey } from '../../../core/engine';
import type { NudgeSender } from '../../../reminders/port';
import { channelOfTeamKey, workspaceOfTeamKey } from '../team-key';
import type { SlackReminders, SlackRemindersDeps } from './index';
import { postDigest } from './post-digest';
import { lazyCalls, ReminderCalls } from './reminder-calls';
import { SlackNudgeSender } from './SlackNudgeSender';

export interface WorkspaceRemindersDeps extends Omit<SlackRemindersDeps, 'client'> {
  /**
   * A workspace's bot token now (a rotating one refreshed when it expires soon); null when the app is not installed
   * there. Throws when it cannot be told now (the store).
   */
  botToken: (teamId: string) => Promise<string | null>;
  /** SLACK_API_URL (the tests' fake). */
  apiUrl?: string;
  /** DIGEST_TEAM: the workspace of DIGEST_CHANNEL, whose token posts the digest. */
  digestTeam?: string;
  /** Due teams `prepare` looks at, at most: the sweep's limit. @default 1000 */
  limit?: number;
}

/** Multi-workspace reminders: also `prepare(now)`, which finds the tokens of the workspaces due before the sweep. */
export interface WorkspaceReminders extends SlackReminders {
  /**
   * Finds the bot token of every workspace with a team due at `now` (the sweep's `senderFor` is synchronous):
   * installed → a sender with that token; not installed → `senderFor` gives none (the sweep clears the team's due
   * time). A workspace that cannot be looked up now gets a sender that looks again at each call.
   */
  prepare(now: Date): Promise<void>;
}

type Found = { kind: 'sender'; sender: NudgeSender } | { kind: 'none' };

/**
 * The reminders of a deployment with many workspaces: each nudge goes out with its own workspace's bot token (one
 * sender per workspace and token, each with its own client that never retries and rejects rate-limited calls at once,
 * as `createSlackReminders`'), and the digest with DIGEST_TEAM's.
 */
export function createWorkspaceReminders(deps: WorkspaceRemindersDeps): WorkspaceReminders {
  const limit = deps.limit ?? 1000;
  /** Per workspace: the calls for its current token (a new token replaces them). */
  const byWorkspace = new Map<string, { token: string; calls: ReminderCalls; sender: NudgeSender }>();
  /** What the last `prepare` found, per workspace. */
  let found = new Map<string, Found>();

  const callsFor = (teamId: string, token: string) => {
    const cached = byWorkspace.get(teamId);
    if (cached?.token === token) return cached;
    const calls = new ReminderCalls({
      client: new WebClient(token, deps.apiUrl ? { slackApiUrl: deps.apiUrl } : {}),
      logger: deps.logger,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.maxRateLimitWaitMs !== undefined ? { maxWaitMs: deps.maxRateLimitWaitMs } : {}),
    });
    const entry = { token, calls, sender: new SlackNudgeSender(calls) };
    byWorkspace.set(teamId, entry);
    return entry;
  };

  const lookUp = async (teamId: string): Promise<ReminderCalls | { code: string; detail: string }> => {
    let token: string | null;
    try {
      token = await deps.botToken(teamId);
    } catch (error) {
      return { code: 'installation_unreadable', detail: `the installation of ${teamId}: ${describe(error)}` };
    }
    if (!token) return { code: 'not_installed', detail: `the app is not installed in ${teamId}` };
    return callsFor(teamId, token).calls;
  };

  return {
    async prepare(now) {
      const due = await deps.store.due(now.getTime(), limit);
      const workspaces = new Set(
        due.flatMap((entry) => {
          const team = teamOfRecordKey(entry.key);
          const workspace = team ? workspaceOfTeamKey(team) : null;
          return workspace ? [workspace] : [];
        }),
      );
      const next = new Map<string, Found>();
      for (const teamId of workspaces) {
        try {
          const token = await deps.botToken(teamId);
          next.set(
            teamId,
            token ? { kind: 'sender', sender: callsFor(teamId, token).sender } : { kind: 'none' },
          );
          if (!token) byWorkspace.delete(teamId);
        } catch (error) {
          deps.logger.warn(
            `reminders: the installation of ${teamId} could not be read (${describe(error)}); its nudges wait`,
          );
        }
      }
      found = next;
    },
    senderFor(team) {
      const teamId = workspaceOfTeamKey(team);
      if (!teamId || !channelOfTeamKey(team)) return null;
      const known = found.get(teamId);
      if (known) return known.kind === 'sender' ? known.sender : null;
      return new SlackNudgeSender(lazyCalls(() => lookUp(teamId)));
    },
    digest: (now) => {
      const digestTeam = deps.digestTeam;
      return postDigest(
        {
          calls: lazyCalls(() =>
            digestTeam
              ? lookUp(digestTeam)
              : Promise.resolve({ code: 'no_digest_team', detail: 'DIGEST_TEAM is not set' }),
          ),
          engine: deps.engine,
          store: deps.store,
          logger: deps.logger,
          locale: deps.defaultLocale,
          ...(deps.digestChannel && digestTeam ? { channel: deps.digestChannel } : {}),
        },
        now,
      );
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
