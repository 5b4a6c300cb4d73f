import type { KeyValueStore } from '../../store/port';
import { SlackAdapterError } from './errors';
import { type InstallationSource, installationIdOf, teamKeyFromSlack } from './team-key';

const HOME_PREFIX = 'slack-home:';

/** The key of a channel's home record. */
export const channelHomeKey = (channel: string): string => `${HOME_PREFIX}${channel}`;

export interface ChannelHomesOptions {
  /** How long a process trusts a home it read (a purge may end it). @default 600_000 (10 minutes) */
  ttlMs?: number;
  /** Channels remembered per process. @default 10_000 */
  max?: number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Which installation a channel's onboarding belongs to. In a Slack Connect channel both organisations may have
 * installed the app, and Slack delivers each event with one of the installations that can see it, so the
 * installation alone does not name the team. The channel id is the same on both sides: the first installation that
 * serves a channel becomes its home (one create-only write), and every later delivery, from either side, is keyed
 * under that home. A process remembers homes for a while, so a busy channel costs no extra read.
 */
export class ChannelHomes {
  private readonly known = new Map<string, { home: string; until: number }>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(
    private readonly store: KeyValueStore,
    options: ChannelHomesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 600_000;
    this.max = options.max ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The team key of `channel` for a delivery served by `source`'s installation. Throws StoreError when the store fails. */
  async teamKey(source: InstallationSource, channel: string): Promise<string> {
    const installation = installationIdOf(source);
    if (!installation)
      throw new SlackAdapterError('SLACK_NO_INSTALLATION', `a delivery for ${channel} names no installation`);
    return teamKeyFromSlack(await this.homeOf(channel, installation), channel);
  }

  /** The channel's home installation; `installation` becomes it when the channel has none yet. */
  async homeOf(channel: string, installation: string): Promise<string> {
    const cached = this.known.get(channel);
    if (cached && cached.until > this.now()) return cached.home;
    const key = channelHomeKey(channel);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const stored = await this.store.get(key);
      const home = stored ? readHome(stored.value) : null;
      if (home) return this.remember(channel, home);
      const value = JSON.stringify({ installation, since: new Date(this.now()).toISOString() });
      // An unreadable record is replaced; a new one is written only if none came first.
      if ((await this.store.put(key, value, stored?.version ?? null)).ok)
        return this.remember(channel, installation);
    }
    throw new SlackAdapterError('SLACK_HOME_CONFLICT', `the home record of ${channel} kept changing`);
  }

  /** The channel's home installation if it has one, writing nothing (the App Home reads shared channels' homes). */
  async find(channel: string): Promise<string | null> {
    const cached = this.known.get(channel);
    if (cached && cached.until > this.now()) return cached.home;
    const stored = await this.store.get(channelHomeKey(channel));
    const home = stored ? readHome(stored.value) : null;
    return home ? this.remember(channel, home) : null;
  }

  /** Forgets a channel's home (its records were purged). */
  forget(channel: string): void {
    this.known.delete(channel);
  }

  private remember(channel: string, home: string): string {
    if (this.known.size >= this.max) this.known.delete(this.known.keys().next().value as string);
    this.known.set(channel, { home, until: this.now() + this.ttlMs });
    return home;
  }
}

/** The installation a home record names, or null when it is not one the bot wrote. */
export function readHome(value: string): string | null {
  try {
    const parsed = JSON.parse(value) as { installation?: unknown };
    return typeof parsed.installation === 'string' && /^[TE][A-Z0-9]{2,63}$/.test(parsed.installation)
      ? parsed.installation
      : null;
  } catch {
    return null;
  }
}
