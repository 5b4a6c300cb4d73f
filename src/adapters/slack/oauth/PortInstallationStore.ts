import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { z } from 'zod';
import type { KeyValueStore } from '../../../store/port';
import { isOrgInstallation } from '../team-key';
import { cancelPurge } from './purge';

/**
 * Slack's installations (one per workspace, or one per Enterprise Grid org for an org-wide install) on the store port,
 * for Bolt's and @slack/oauth's `InstallationStore`: the OAuth redirect stores one, every request's `authorize` fetches
 * one (and, with token rotation, stores the refreshed tokens back), and an uninstall deletes it.
 *
 * Keys: `installation:<enterpriseId or ->:<teamId or ->`; an org-wide install is `installation:E…:-`. The value is the
 * installation as @slack/oauth builds it (JSON), bot token and refresh token included: whoever can read the store can
 * act as the bot, so the store must be kept like a secret (README).
 */

const PREFIX = 'installation:';
const NONE = '-';

/** The key of a workspace's (or an org's) installation. */
export function installationKey(
  enterpriseId: string | undefined | null,
  teamId: string | undefined | null,
): string {
  return `${PREFIX}${enterpriseId || NONE}:${teamId || NONE}`;
}

/** What the store keeps is checked when it is read back: a value without a usable bot token is no installation. */
const StoredInstallationSchema = z.looseObject({
  team: z.looseObject({ id: z.string(), name: z.string().optional() }).optional().nullable(),
  enterprise: z.looseObject({ id: z.string(), name: z.string().optional() }).optional().nullable(),
  bot: z.looseObject({
    token: z.string().min(1),
    refreshToken: z.string().optional(),
    expiresAt: z.number().optional(),
    scopes: z.array(z.string()),
    id: z.string(),
    userId: z.string(),
  }),
  isEnterpriseInstall: z.boolean().optional(),
});

/** Thrown by `fetchInstallation` when there is none: Bolt refuses the request (authorize fails). */
export class NoInstallationError extends Error {
  readonly code = 'SLACK_NOT_INSTALLED';
  constructor(readonly key: string) {
    super(`the app is not installed there (${key})`);
    this.name = 'NoInstallationError';
  }
}

const MAX_ATTEMPTS = 5;

export class PortInstallationStore implements InstallationStore {
  constructor(private readonly store: KeyValueStore) {}

  /**
   * Saves an installation with the version check. A new install (or a reinstall) replaces what was there and cancels a
   * pending purge of the workspace's records; a token refresh that lost the race to a fresher one (another process
   * refreshed meanwhile: its token expires later) keeps the fresher one.
   */
  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const key = keyOf(installation);
    const value = JSON.stringify(installation);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const current = await this.store.get(key);
      if (current && fresher(parse(current.value), installation)) return;
      const put = await this.store.put(key, value, current?.version ?? null);
      if (put.ok) {
        const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
        if (id) await cancelPurge(this.store, id);
        return;
      }
    }
    throw new Error(`could not save the installation ${key}: it kept changing under the write`);
  }

  /**
   * The installation that serves a request: the workspace's own, else (in an Enterprise Grid org) the org-wide one.
   */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const keys = query.isEnterpriseInstall
      ? [installationKey(query.enterpriseId, null)]
      : [
          installationKey(query.enterpriseId, query.teamId),
          ...(query.enterpriseId ? [installationKey(query.enterpriseId, null)] : []),
          // A workspace that later joined a grid keeps the installation it was given before.
          ...(query.enterpriseId ? [installationKey(null, query.teamId)] : []),
        ];
    for (const key of keys) {
      const stored = await this.store.get(key);
      const installation = stored ? parse(stored.value) : null;
      if (installation) return installation;
    }
    throw new NoInstallationError(keys[0] ?? PREFIX);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.store.delete(
      query.isEnterpriseInstall
        ? installationKey(query.enterpriseId, null)
        : installationKey(query.enterpriseId, query.teamId),
    );
  }

  /** Whether a workspace (`T…`: its own, or its org's) or an org (`E…`: org-wide) has an installation now. */
  async isInstalled(teamId: string, enterpriseId?: string): Promise<boolean> {
    try {
      await this.fetchInstallation(
        isOrgInstallation(teamId)
          ? { teamId: undefined, enterpriseId: teamId, isEnterpriseInstall: true }
          : { teamId, enterpriseId, isEnterpriseInstall: false },
      );
      return true;
    } catch (error) {
      if (error instanceof NoInstallationError) return false;
      throw error;
    }
  }
}

function keyOf(installation: Installation<'v1' | 'v2', boolean>): string {
  if (installation.isEnterpriseInstall) return installationKey(installation.enterprise?.id, null);
  return installationKey(installation.enterprise?.id, installation.team?.id);
}

function parse(value: string): Installation<'v1' | 'v2', boolean> | null {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return null;
  }
  return StoredInstallationSchema.safeParse(raw).success ? (raw as Installation<'v1' | 'v2', boolean>) : null;
}

/** The stored installation's bot token outlives the incoming one's: the incoming is an older refresh. */
function fresher(
  stored: Installation<'v1' | 'v2', boolean> | null,
  incoming: Installation<'v1' | 'v2', boolean>,
): boolean {
  const storedAt = stored?.bot?.expiresAt;
  const incomingAt = incoming.bot?.expiresAt;
  return (
    storedAt !== undefined &&
    incomingAt !== undefined &&
    stored?.bot?.id === incoming.bot?.id &&
    storedAt > incomingAt
  );
}
