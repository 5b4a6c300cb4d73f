import type { App, Logger } from '@slack/bolt';
import type { KeyValueStore } from '../../../store/port';
import type { PortInstallationStore } from './PortInstallationStore';
import { schedulePurge } from './purge';

/**
 * `app_uninstalled` and `tokens_revoked` (of the bot's token): the workspace's installation is deleted at once, so no
 * request from there is served with its token again, and its onboarding records are marked for deletion after the
 * grace period (`purge.ts`). Bolt runs these two events without authorizing them (there is no token any more).
 */
export interface UninstallDeps {
  store: KeyValueStore;
  installations: PortInstallationStore;
  logger: Logger;
  /** SLACK_UNINSTALL_GRACE_DAYS, in ms. */
  graceMs: number;
  /** @default () => new Date() */
  now?: () => Date;
}

interface EnvelopeFields {
  team_id?: string;
  enterprise_id?: string | null;
}

export function registerUninstallListeners(app: App, deps: UninstallDeps): void {
  const now = deps.now ?? (() => new Date());
  const gone = async (
    body: EnvelopeFields,
    isEnterpriseInstall: boolean,
    reason: 'app_uninstalled' | 'tokens_revoked',
  ): Promise<void> => {
    const teamId = body.team_id;
    const enterpriseId = body.enterprise_id ?? undefined;
    if (isEnterpriseInstall)
      await deps.installations.deleteInstallation({
        enterpriseId,
        teamId: undefined,
        isEnterpriseInstall: true,
      });
    else if (teamId)
      await deps.installations.deleteInstallation({ enterpriseId, teamId, isEnterpriseInstall: false });
    // The records of an org-wide install live under the org's id (`team-key.ts`), a workspace's under its own.
    const installation = isEnterpriseInstall ? enterpriseId : teamId;
    if (!installation) return;
    const at = now();
    const purgeAt = new Date(at.getTime() + deps.graceMs);
    await schedulePurge(deps.store, {
      teamId: installation,
      ...(enterpriseId && !isEnterpriseInstall ? { enterpriseId } : {}),
      reason,
      uninstalledAt: at,
      purgeAt,
    });
    deps.logger.info(
      `slack: ${reason} in ${isEnterpriseInstall ? `org ${installation}` : `workspace ${installation}`}: installation deleted; its records are deleted after ${purgeAt.toISOString()}`,
    );
  };

  app.event('app_uninstalled', async ({ body, context }) => {
    await gone(body as EnvelopeFields, context.isEnterpriseInstall === true, 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, body, context }) => {
    // Only the bot's token matters: the app asks for no user tokens.
    if ((event.tokens.bot ?? []).length === 0) return;
    await gone(body as EnvelopeFields, context.isEnterpriseInstall === true, 'tokens_revoked');
  });
}
