import { createHash } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import type { DialogEngine } from '../../../core/engine';
import { text } from '../../../core/i18n';
import { openItemMessage } from '../../../core/open-items';
import type { Reply } from '../../../core/reply';
import { loadPlan, planToMarkdown } from '../../../core/report';
import type { CanvasState, ChannelStateHandle } from '../layout/channel-state';
import { longMessages, plainMessage, type SlackMessage } from '../render-blocks';
import type { SlackCalls } from '../SlackCalls';

/** Why Slack gives this channel no canvas, by the error codes of `conversations.canvases.create` and `canvases.edit`. */
export type CanvasUnavailable = 'plan' | 'scope' | 'disabled' | 'exists' | 'restricted';

const UNAVAILABLE: Record<string, CanvasUnavailable> = {
  team_tier_cannot_create_channel_canvases: 'plan',
  team_tier_cannot_create_canvases: 'plan',
  free_teams_cannot_edit_standalone_canvases: 'plan',
  missing_scope: 'scope',
  not_allowed_token_type: 'scope',
  canvas_disabled: 'disabled',
  canvas_disabled_user_team: 'disabled',
  channel_canvas_already_exists: 'exists',
  free_team_canvas_tab_already_exists: 'exists',
  restricted_action: 'restricted',
};

/** How long Slack's "no canvas here" holds before the bot tries again (a plan upgraded, a scope added). */
const RETRY_UNAVAILABLE_MS = 24 * 3600_000;

const hash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Canvas markdown turns `![](@U…)` into a mention: user text in the plan must never notify anyone. */
function withoutMentions(markdown: string): string {
  return markdown.replace(/!\[([^\]]*)\]\(([@#])/g, '!\\[$1\\]($2');
}

export interface PlanCanvasDeps {
  engine: DialogEngine;
  calls: SlackCalls;
  logger: Logger;
  post: (channel: string, message: SlackMessage, threadTs?: string) => Promise<string | null>;
  /** @default Date.now */
  now?: () => number;
}

/** Where a turn happened, and where the plan goes as a message when the channel has no canvas. */
export interface CanvasTurn {
  team: string;
  channel: string;
  /**
   * Where the report and the notice go (thread layout): the thread of the step finished in this turn, else of the
   * step being worked on. Absent: the channel.
   */
  threadTs?: string;
}

/**
 * The team's integration plan as the channel's canvas, kept current: written after a step is finished or an open item
 * changes (what the plan is about: the finished steps and the open items, compared by hash), never twice with the
 * same markdown. Where Slack gives the channel no canvas (a free plan, a missing scope, canvases switched off), the
 * plan comes as the report message after each finished step instead, and the team is told why, once.
 */
export class PlanCanvas {
  private readonly now: () => number;

  constructor(private readonly deps: PlanCanvasDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Brings the canvas up to date after a turn shown in the channel. Never throws: a failure is one log line. */
  async sync(reply: Reply, turn: CanvasTurn, channel: ChannelStateHandle): Promise<void> {
    if (reply.state === 'welcome' || reply.replayed) return;
    try {
      await this.syncOrThrow(reply, turn, channel);
    } catch (error) {
      this.deps.logger.error(
        `slack: the plan canvas of ${turn.team} was not updated: ${(error as Error).message}`,
      );
    }
  }

  private async syncOrThrow(reply: Reply, turn: CanvasTurn, channel: ChannelStateHandle): Promise<void> {
    const trigger = hash(
      JSON.stringify({
        locale: reply.locale,
        done: reply.overview.filter((s) => s.status === 'done').map((s) => s.step),
        open: reply.openItems.map(openItemMessage),
      }),
    );
    const state = channel.state.canvas ?? {};
    if (state.trigger === trigger) return;
    const finishedStep = reply.messages.some((m) => m.key === 'step.completed');
    if (state.unavailable && this.now() - state.unavailable.at < RETRY_UNAVAILABLE_MS) {
      if (finishedStep) await this.postReport(reply, turn, channel, state);
      await this.save(channel, { trigger });
      return;
    }
    const plan = await loadPlan(this.deps.engine, turn.team);
    if (!plan) return;
    const markdown = withoutMentions(planToMarkdown(plan));
    const written = hash(markdown);
    if (state.id && state.written === written) {
      await this.save(channel, { trigger });
      return;
    }
    let result = state.id
      ? await this.edit(state.id, markdown)
      : await this.create(reply, turn.channel, markdown);
    // Someone deleted the canvas: the channel gets a new one.
    if (!result.ok && result.error === 'canvas_not_found')
      result = await this.create(reply, turn.channel, markdown);
    if (result.ok) {
      await this.save(channel, { id: result.id, trigger, written, unavailable: undefined });
      return;
    }
    const why = UNAVAILABLE[result.error];
    if (!why) {
      // A passing failure: logged, and tried again after the next change.
      this.deps.logger.warn(
        `slack: the plan canvas of ${turn.team} failed (${result.error}); trying again later`,
      );
      return;
    }
    this.deps.logger.info(
      `slack: no canvas in ${turn.channel} (${result.error}); the plan comes as a message`,
    );
    const unavailable = { error: result.error, at: this.now() };
    await this.save(channel, { id: undefined, trigger, written: undefined, unavailable });
    await this.postReport(reply, turn, channel, { ...state, unavailable }, finishedStep);
  }

  /** The plan as the report message (after a finished step), with why, the first time only. */
  private async postReport(
    reply: Reply,
    turn: CanvasTurn,
    channel: ChannelStateHandle,
    state: CanvasState,
    report = true,
  ): Promise<void> {
    if (!state.told && state.unavailable) {
      const why = UNAVAILABLE[state.unavailable.error] ?? 'restricted';
      const said = await this.deps.post(
        turn.channel,
        plainMessage(text(reply.locale, `slack:canvas.unavailable.${why}`)),
        turn.threadTs,
      );
      if (said) await this.save(channel, { told: true });
    }
    if (!report) return;
    const plan = await loadPlan(this.deps.engine, turn.team);
    if (!plan) return;
    for (const message of longMessages(planToMarkdown(plan)))
      await this.deps.post(turn.channel, message, turn.threadTs);
  }

  private async create(
    reply: Reply,
    channel: string,
    markdown: string,
  ): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
    const result = await this.deps.calls.createCanvas({
      channel_id: channel,
      title: text(reply.locale, 'slack:canvas.title'),
      document_content: { type: 'markdown', markdown },
    });
    if (!result.ok) return result;
    return result.value.canvas_id
      ? { ok: true, id: result.value.canvas_id }
      : { ok: false, error: 'no_canvas_id' };
  }

  private async edit(
    id: string,
    markdown: string,
  ): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
    const result = await this.deps.calls.editCanvas({
      canvas_id: id,
      changes: [{ operation: 'replace', document_content: { type: 'markdown', markdown } }],
    });
    return result.ok ? { ok: true, id } : result;
  }

  /** Merges into the channel's canvas state (`undefined` removes a field). */
  private async save(
    channel: ChannelStateHandle,
    change: Partial<Record<keyof CanvasState, unknown>>,
  ): Promise<void> {
    await channel.update((state) => {
      const canvas: Record<string, unknown> = { ...(state.canvas ?? {}) };
      for (const [key, value] of Object.entries(change)) {
        if (value === undefined) delete canvas[key];
        else canvas[key] = value;
      }
      return { ...state, canvas: canvas as CanvasState };
    });
  }
}
