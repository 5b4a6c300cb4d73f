import { randomUUID } from 'node:crypto';
import type { StepId } from '../../../../flows/types';
import type { SlackMessage } from '../render-blocks';
import { type ChannelStateHandle, CLAIM_MS, DEFAULT_LAYOUT, type Layout } from './channel-state';

export interface StepThreadsDeps {
  /** Posts a top-level message to the channel; the new message's ts, or null when Slack refused it. */
  post: (channel: string, message: SlackMessage) => Promise<string | null>;
  /** @default Date.now */
  now?: () => number;
  /** Waiting for another delivery's step message. @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
}

/** How often a turn looks again for a step message another delivery is posting, and how long it waits each time. */
const WAITS = 20;
const WAIT_MS = 100;

/** The layout a channel's state holds (thread unless the team chose the channel). */
export function layoutOf(channel: ChannelStateHandle): Layout {
  return channel.state.layout ?? DEFAULT_LAYOUT;
}

/** The step messages' ts a channel's state knows, by step. */
export function knownThreads(channel: ChannelStateHandle): Partial<Record<StepId, string>> {
  const out: Partial<Record<StepId, string>> = {};
  for (const [step, thread] of Object.entries(channel.state.threads))
    if (thread.ts) out[step as StepId] = thread.ts;
  return out;
}

/**
 * The step messages of the thread layout: one top-level message per step, whose thread holds the step's questions.
 * Each step's message is posted once per channel, whatever runs at the same time: a delivery claims the step in the
 * channel state (version-checked) before posting, and the others wait for its ts. Its ts is kept in the store, so
 * later questions of the step go into its thread after a restart too.
 */
export class StepThreads {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: StepThreadsDeps) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sets the team's layout; false when it was that already. */
  async setLayout(channel: ChannelStateHandle, layout: Layout): Promise<boolean> {
    if (layoutOf(channel) === layout) return false;
    await channel.update((state) => ({ ...state, layout }));
    return true;
  }

  /** A new onboarding (a restart) gets new step messages: the old threads are left as they are. */
  async forget(channel: ChannelStateHandle): Promise<void> {
    await channel.update((state) =>
      Object.keys(state.threads).length === 0 ? null : { ...state, threads: {} },
    );
  }

  /**
   * The ts of the step's message, posting it (`message()`) when the step has none yet. `created`: this call posted
   * it. Null when Slack refused the post (the caller posts to the channel instead).
   */
  async ensure(
    channel: ChannelStateHandle,
    channelId: string,
    step: StepId,
    message: () => SlackMessage,
  ): Promise<{ ts: string; created: boolean } | null> {
    const token = randomUUID();
    for (let wait = 0; wait <= WAITS; wait += 1) {
      const thread = channel.state.threads[step];
      if (thread?.ts) return { ts: thread.ts, created: false };
      if (thread?.claimedAt !== undefined && this.now() - thread.claimedAt < CLAIM_MS) {
        await this.sleep(WAIT_MS);
        await channel.refresh();
        continue;
      }
      const claimed = await channel.update((state) => {
        const now = state.threads[step];
        if (now?.ts || (now?.claimedAt !== undefined && this.now() - now.claimedAt < CLAIM_MS)) return null;
        return { ...state, threads: { ...state.threads, [step]: { claim: token, claimedAt: this.now() } } };
      });
      if (claimed) return this.postClaimed(channel, channelId, step, token, message());
    }
    return null;
  }

  private async postClaimed(
    channel: ChannelStateHandle,
    channelId: string,
    step: StepId,
    token: string,
    message: SlackMessage,
  ): Promise<{ ts: string; created: boolean } | null> {
    const ts = await this.deps.post(channelId, message);
    await channel.update((state) => {
      if (state.threads[step]?.claim !== token) return null; // taken over after a long stall: the newer one counts
      const threads = { ...state.threads };
      if (ts) threads[step] = { ts };
      else delete threads[step]; // refused: the next turn tries again
      return { ...state, threads };
    });
    return ts ? { ts, created: true } : null;
  }
}
