import type { Locale } from '../../../core/context';
import type { Logger } from '../../../logging/logger';
import type { KeyValueStore } from '../../../store/port';
import type { SlackOAuthConfig } from '../config';
import { createOAuthRoutes, type OAuthRoutes } from './install-routes';
import { PortInstallationStore } from './PortInstallationStore';

export { INSTALL_PATH, OAUTH_REDIRECT_PATH } from '../config';
export { installationAuthorize } from './authorize';
export type { OAuthRoutes } from './install-routes';
export { installationKey, NoInstallationError, PortInstallationStore } from './PortInstallationStore';
export { purgeDueWorkspaces, purgeWorkspace } from './purge';
export { registerUninstallListeners } from './uninstall';

/** Multi-workspace mode: the installations on the store, and the install routes that fill it. */
export interface MultiWorkspace {
  installations: PortInstallationStore;
  routes: OAuthRoutes;
  oauth: SlackOAuthConfig;
}

export function createMultiWorkspace(deps: {
  oauth: SlackOAuthConfig;
  apiUrl?: string;
  store: KeyValueStore;
  logger: Logger;
  defaultLocale: Locale;
  now?: () => Date;
}): MultiWorkspace {
  const installations = new PortInstallationStore(deps.store);
  const routes = createOAuthRoutes({
    oauth: deps.oauth,
    ...(deps.apiUrl ? { apiUrl: deps.apiUrl } : {}),
    installationStore: installations,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
    ...(deps.now ? { now: deps.now } : {}),
  });
  return { installations, routes, oauth: deps.oauth };
}
