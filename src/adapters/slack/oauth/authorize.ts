import type { Authorize, Logger } from '@slack/bolt';
import type { InstallProvider } from '@slack/oauth';
import { NoInstallationError } from './PortInstallationStore';

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
      const cause = (error as { original?: unknown }).original ?? error;
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
