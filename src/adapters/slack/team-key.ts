/**
 * A Slack team is a channel: everyone in it works on one onboarding. Its key is `slack:<installation>:<channel>`,
 * where the installation is the workspace (`T…`) or, for an Enterprise Grid org-wide install, the org (`E…`) whose
 * installation served the channel first (`ChannelHomes`): a Slack Connect channel is one team whichever side acts.
 */
export function teamKeyFromSlack(installation: string, channelId: string): string {
  return `slack:${installation}:${channelId}`;
}

/** The prefix of every channel's team key of one installation (for the App Home and the purge). */
export function workspacePrefix(installation: string): string {
  return `slack:${installation}:`;
}

export function channelOfTeamKey(team: string): string | null {
  const match = /^slack:[^:]+:([^:]+)$/.exec(team);
  return match?.[1] ?? null;
}

/** The installation (`T…` or `E…`) of a channel's team key. */
export function workspaceOfTeamKey(team: string): string | null {
  const match = /^slack:([^:]+):[^:]+$/.exec(team);
  return match?.[1] ?? null;
}

/** An installation id is an org's (`E…`, an org-wide install) rather than a workspace's (`T…`). */
export function isOrgInstallation(installation: string): boolean {
  return installation.startsWith('E');
}

/** What Bolt's context says about the installation that serves a delivery. */
export interface InstallationSource {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/**
 * The installation that serves a delivery, from Bolt's context (the authorized installation, not the acting user's
 * own workspace, which differs in a Slack Connect channel): the org for an org-wide install, else the workspace.
 */
export function installationIdOf(source: InstallationSource): string | null {
  if (source.isEnterpriseInstall && source.enterpriseId) return source.enterpriseId;
  return source.teamId ?? source.enterpriseId ?? null;
}
