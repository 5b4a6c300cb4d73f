/**
 * The bot scopes the install asks for: the same as `oauth_config.scopes.bot` in slack/manifest.yml (a test keeps the
 * two equal). What each is for is written next to it in the manifest.
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'users:read',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'canvases:write',
] as const;
