import { z } from 'zod';
import type { KeyValueStore } from '../../../store/port';

/**
 * What the Slack adapter keeps about a channel besides the team's record (which belongs to the core): the layout the
 * team chose, the step messages whose threads hold each step's questions, and the channel's plan canvas. One small
 * JSON value per channel under `slack-channel:<team key>`, written with the store's version check.
 */

export const LAYOUTS = ['thread', 'channel'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The layout of a team that never chose one. */
export const DEFAULT_LAYOUT: Layout = 'thread';

/** How long a claim on posting a step message holds before another delivery may take it over (a crash mid-post). */
export const CLAIM_MS = 30_000;

const TsSchema = z.string().regex(/^\d{1,12}\.\d{1,9}$/);

const ThreadSchema = z.object({
  /** The step message's timestamp: its thread holds the step's questions. */
  ts: TsSchema.optional(),
  /** Someone is posting the step message right now (ms since the epoch); others wait for its ts. */
  claimedAt: z.number().optional(),
  claim: z.string().max(64).optional(),
});

const CanvasSchema = z.object({
  /** The channel canvas the bot created (`F…`). */
  id: z.string().max(64).optional(),
  /** What the last update was about: the completed steps and the open items (sha-256, cut). */
  trigger: z.string().max(64).optional(),
  /** The markdown last written (sha-256, cut): the same plan is not written again. */
  written: z.string().max(64).optional(),
  /** Slack refused canvases for this channel: the error, and when (tried again a day later). */
  unavailable: z.object({ error: z.string().max(100), at: z.number() }).optional(),
  /** The team was told once why the plan comes as a message instead. */
  told: z.boolean().optional(),
});

export const ChannelStateSchema = z.looseObject({
  layout: z.enum(LAYOUTS).optional(),
  /** Per step id. */
  threads: z.record(z.string().max(64), ThreadSchema).default({}),
  canvas: CanvasSchema.optional(),
});

export type ChannelState = z.infer<typeof ChannelStateSchema>;
export type StepThread = z.infer<typeof ThreadSchema>;
export type CanvasState = z.infer<typeof CanvasSchema>;

export const channelStateKey = (team: string): string => `slack-channel:${team}`;

const EMPTY: ChannelState = { threads: {} };

function read(value: string | undefined): ChannelState {
  if (value === undefined) return { ...EMPTY, threads: {} };
  try {
    const parsed = ChannelStateSchema.safeParse(JSON.parse(value));
    // An unreadable value is only the adapter's bookkeeping: start afresh rather than fail the turn.
    return parsed.success ? parsed.data : { ...EMPTY, threads: {} };
  } catch {
    return { ...EMPTY, threads: {} };
  }
}

/**
 * One channel's state as a turn read it, and the version it was read at: each change is one write when nobody else
 * wrote meanwhile (a turn on a slow store pays for no extra reads), and is read again and re-applied when someone did.
 */
export class ChannelStateHandle {
  constructor(
    private readonly store: KeyValueStore,
    readonly team: string,
    private current: ChannelState,
    private version: number | null,
  ) {}

  get state(): ChannelState {
    return this.current;
  }

  /** Reads the state again (another delivery is writing it). */
  async refresh(): Promise<void> {
    const stored = await this.store.get(channelStateKey(this.team));
    this.current = read(stored?.value);
    this.version = stored?.version ?? null;
  }

  /**
   * Changes the state with the version check, reading again after a lost race (bounded). `change` returns the new
   * state, or null to leave it as it is. True when this call wrote.
   */
  async update(change: (state: ChannelState) => ChannelState | null): Promise<boolean> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const next = change(structuredClone(this.current));
      if (!next) return false;
      const put = await this.store.put(channelStateKey(this.team), JSON.stringify(next), this.version);
      if (put.ok) {
        this.current = next;
        this.version = put.version;
        return true;
      }
      await this.refresh();
    }
    throw new Error(`slack: the channel state of ${this.team} kept changing under ten writes`);
  }
}

/** The channel states on the store port. */
export class ChannelStates {
  constructor(private readonly store: KeyValueStore) {}

  /** A channel's state, read once, to read and change during a turn. */
  async open(team: string): Promise<ChannelStateHandle> {
    const stored = await this.store.get(channelStateKey(team));
    return new ChannelStateHandle(this.store, team, read(stored?.value), stored?.version ?? null);
  }

  async get(team: string): Promise<ChannelState> {
    return (await this.open(team)).state;
  }

  /** Changes a channel's state (see `ChannelStateHandle.update`). */
  async update(team: string, change: (state: ChannelState) => ChannelState | null): Promise<boolean> {
    return (await this.open(team)).update(change);
  }
}
