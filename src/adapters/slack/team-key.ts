/** A Slack team is a channel: everyone in it works on one onboarding. */
export function teamKeyFromSlack(teamId: string, channelId: string): string {
  return `slack:${teamId}:${channelId}`;
}

/** The prefix of every channel's team key in one workspace (for the App Home). */
export function workspacePrefix(teamId: string): string {
  return `slack:${teamId}:`;
}

export function channelOfTeamKey(team: string): string | null {
  const match = /^slack:[^:]+:([^:]+)$/.exec(team);
  return match?.[1] ?? null;
}

/** The workspace (`T…`) of a channel's team key. */
export function workspaceOfTeamKey(team: string): string | null {
  const match = /^slack:([^:]+):[^:]+$/.exec(team);
  return match?.[1] ?? null;
}
