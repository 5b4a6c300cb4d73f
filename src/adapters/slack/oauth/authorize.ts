import type { Authorize, Logger } from '@slack/bolt';
import type { InstallProvider } from '@slack/oauth';
import { isOrgInstallation } from '../team-key';
import { NoInstallationError } from './PortInstallationStore';

/** What InstallProvider's `authorize` failed with: the installation store's error (it wraps it). */
function causeOf(error: unknown): unknown {
  return (error as { original?: unknown }).original ?? error;
}

/**
 * The bot token of a workspace's installation (its own, else its org's), by @slack/oauth's InstallProvider as every
 * request's `authorize` gets it: a rotating token that expires within two hours is refreshed first and saved back.
 * Null when the app is not installed there (never, or uninstalled); any other failure (the store) is thrown.
 */
export async function workspaceBotToken(
  installer: InstallProvider,
  workspace: { teamId: string; enterpriseId?: string },
): Promise<string | null> {
  // An org-wide install's channels are keyed by the org (`E…`): its token is the org's.
  const query = isOrgInstallation(workspace.teamId)
    ? { teamId: undefined, enterpriseId: workspace.teamId, isEnterpriseInstall: true }
    : { teamId: workspace.teamId, enterpriseId: workspace.enterpriseId, isEnterpriseInstall: false };
  try {
    const authorized = await installer.authorize(query);
    return authorized.botToken ?? null;
  } catch (error) {
    if (causeOf(error) instanceof NoInstallationError) return null;
    throw error;
  }
}

/**
 * Bolt's `authorize` in multi-workspace mode: the installation of the workspace (or org) the request comes from, by
 * @slack/oauth's InstallProvider (which refreshes a rotating token that expires within two hours and saves it back).
 * A request from a workspace without an installation (never installed, uninstalled, a stale retry) is refused with
 * one log line naming the workspace; Bolt then answers it with an empty 200 and runs no listener.
 */
export function installationAuthorize(installer: InstallProvider, logger: Logger): Authorize<boolean> {
  return async (source) => {
    try {
      return await installer.authorize(source);
    } catch (error) {
      const cause = causeOf(error);
      const where = source.isEnterpriseInstall
        ? `org ${source.enterpriseId ?? '?'}`
        : `workspace ${source.teamId ?? '?'}`;
      if (cause instanceof NoInstallationError)
        logger.warn(
          `slack: refused a request from ${where}: the app is not installed there (or was uninstalled)`,
        );
      else
        logger.error(
          `slack: refused a request from ${where}: its installation could not be read (${(cause as { code?: string }).code ?? (cause as Error).name ?? 'error'})`,
        );
      throw error;
    }
  };
}
