import type { Logger } from '@slack/bolt';
import type { StepId } from '../../../flows/types';
import type { Actor, Locale } from '../../core/context';
import type { DialogEngine, TeamStatus } from '../../core/engine';
import { DialogError } from '../../core/errors';
import type { DialogInput } from '../../core/events';
import { isLocale, text } from '../../core/i18n';
import { isPersonal, isRecording } from '../../core/outcome';
import { outcomeMessage } from '../../core/outcome-message';
import { isValidTimeZone } from '../../core/reminders/working-time';
import type { Reply } from '../../core/reply';
import { loadPlan, planToMarkdown } from '../../core/report';
import { type KeyValueStore, StoreError } from '../../store/port';
import { context } from './blocks';
import { PlanCanvas } from './canvas/PlanCanvas';
import { requestInstallation } from './delivery-context';
import { escapeMrkdwn } from './escape';
import { type ChannelStateHandle, ChannelStates, type Layout } from './layout/channel-state';
import { renderLayoutNotice } from './layout/layout-command';
import { stepMessage } from './layout/render-step';
import { routeMessages } from './layout/route-messages';
import { knownThreads, layoutOf, StepThreads } from './layout/StepThreads';
import { LIMITS } from './limits';
import { reminderStateText } from './reminders/render-reminders';
import {
  answeredMessage,
  infoMessage,
  longMessages,
  noticeMessage,
  plainMessage,
  questionMessage,
  restartConfirmMessage,
  type SlackMessage,
} from './render-blocks';
import { answersMessage, statusMessage } from './render-lists';
import type { SlackCalls } from './SlackCalls';
import { channelOfTeamKey } from './team-key';

/** Where a turn came from and where its answer goes. */
export interface SlackTurn {
  team: string;
  channel: string;
  user: Actor;
  input: DialogInput | DialogInput[];
  /** The delivery's id: retries and double deliveries carry the same one. */
  idempotencyKey?: string;
  /** The message the click came from, to update in place. */
  messageTs?: string;
  /** The thread the person wrote in (a typed answer, a mention): private answers are shown there. */
  threadTs?: string;
}

/** What a team seen for the first time takes from the person who starts it: their Slack language and time zone. */
export interface FirstGuess {
  locale?: Locale;
  timeZone?: string;
}

/** A Slack turn on the engine, with its delivery key: wherever it runs, the same delivery is applied once. */
export function handleTurn(engine: DialogEngine, turn: SlackTurn, guess: FirstGuess = {}): Promise<Reply> {
  return engine.handle(turn.team, turn.input, {
    actor: turn.user,
    channel: 'slack',
    ...(turn.idempotencyKey ? { idempotencyKey: turn.idempotencyKey } : {}),
    ...(guess.locale ? { locale: guess.locale } : {}),
    ...(guess.timeZone ? { timeZone: guess.timeZone } : {}),
  });
}

/** A Slack profile as the bot uses it: the display name, the Slack language, the time zone (`users.info`). */
export interface SlackProfile {
  name?: string;
  locale?: Locale;
  timeZone?: string;
}

/**
 * Translates between Slack and the dialog engine: runs a turn, then shows its reply the Slack way: the question
 * message updated in place, the next question posted, private notices as ephemeral messages. Holds no flow logic.
 */
export interface SlackDialogDeps {
  engine: DialogEngine;
  calls: SlackCalls;
  logger: Logger;
  defaultLocale: Locale;
  /**
   * The store for the adapter's own bookkeeping per channel (layout, step messages, canvas). Without it every team
   * has the flat layout (one message per question in the channel).
   */
  store?: KeyValueStore;
}

export class SlackDialog {
  private readonly profiles = new Map<string, SlackProfile>();
  /** The thread layout's step messages; null without a store. */
  readonly threads: StepThreads | null;
  readonly states: ChannelStates | null;
  /** The channel's plan canvas; null without a store. */
  private readonly canvas: PlanCanvas | null;

  constructor(private readonly deps: SlackDialogDeps) {
    this.states = deps.store ? new ChannelStates(deps.store) : null;
    this.threads = this.states
      ? new StepThreads({ post: (channel, message) => this.post(channel, message) })
      : null;
    this.canvas = this.states
      ? new PlanCanvas({
          engine: deps.engine,
          calls: deps.calls,
          logger: deps.logger,
          post: (channel, message, threadTs) => this.post(channel, message, threadTs),
        })
      : null;
  }

  /** Runs one turn (one event, or the events of one typed line) and shows its reply. Never throws: failures end in a
   * localized message and a log line. */
  async turn(turn: SlackTurn, options: { guessLocaleFrom?: string } = {}): Promise<Reply | null> {
    const reply = await this.run(turn, options);
    // A retried delivery was shown the first time: not again.
    if (reply && !reply.replayed) await this.show(reply, turn);
    return reply;
  }

  /** Runs one turn without showing it; on failure tells the user to try again and returns null. */
  async run(turn: SlackTurn, options: { guessLocaleFrom?: string } = {}): Promise<Reply | null> {
    try {
      const guess = options.guessLocaleFrom ? await this.guess(turn.team, options.guessLocaleFrom) : {};
      return await handleTurn(this.deps.engine, turn, guess);
    } catch (error) {
      await this.failed(turn, error);
      return null;
    }
  }

  /** Where one team stands; null for a team never seen. */
  async status(team: string): Promise<TeamStatus | null> {
    return this.deps.engine.status(team);
  }

  /** The teams whose key starts with `prefix` (a workspace's channels), for the App Home. */
  async teams(prefix: string): Promise<TeamStatus[]> {
    return (await this.deps.engine.teams(prefix)).teams;
  }

  /**
   * The team's reply without changing anything (for opening modals and reading the current question). Only a record
   * that had to be recovered or kept aside is written; then the channel is told, since this reply is not shown.
   */
  async look(team: string): Promise<Reply> {
    const reply = await this.deps.engine.handle(
      team,
      { type: 'STATUS' },
      { actor: { id: 'slack' }, channel: 'slack' },
    );
    const recovery = reply.messages.filter((m) => m.key.startsWith('record.'));
    const channel = channelOfTeamKey(team);
    if (recovery.length > 0 && channel) await this.post(channel, infoMessage(reply.locale, recovery));
    return reply;
  }

  /**
   * Shows a reply the Slack way: what concerns only the person who acted privately; a recorded answer in place of the
   * question message it came from; status, answers and help privately, with buttons to go back to an answer.
   */
  async show(reply: Reply, turn: SlackTurn): Promise<void> {
    const l = reply.locale;
    const { outcome } = reply;
    const notice = outcomeMessage(outcome);
    if (isPersonal(outcome)) {
      if (this.isOwnDoubleClick(reply, turn)) return;
      await this.ephemeral(turn, noticeMessage(l, notice, reply));
      return;
    }
    switch (outcome.kind) {
      case 'help':
        await this.ephemeral(turn, plainMessage(text(l, 'slack:help')));
        return;
      case 'status':
      case 'done':
        await this.ephemeral(turn, await this.withReminders(statusMessage(l, reply), reply));
        return;
      // The team's settings changed: the channel sees it (as it sees a recorded answer); the question stays where it is.
      case 'snoozed':
      case 'reminders':
      case 'ownerSet':
      case 'targetSet':
      case 'calendarSet':
        await this.post(
          turn.channel,
          infoMessage(l, [notice, ...reply.messages]),
          await this.settingsThread(reply, turn),
        );
        return;
      case 'answers':
        await this.ephemeral(turn, answersMessage(l, reply));
        return;
      case 'restartConfirm':
        await this.ephemeral(turn, restartConfirmMessage(l, notice));
        return;
      default:
        break;
    }
    // The channel's own state, read once for the whole turn (each change then is one write).
    const channel = this.states ? await this.states.open(reply.team) : null;
    if (channel && layoutOf(channel) === 'thread') await this.showInThreads(reply, turn, channel);
    else await this.showFlat(reply, turn);
    if (channel) await this.syncCanvas(reply, turn, channel);
  }

  /** The plan canvas after a turn the channel saw (the plan as a message where the channel has no canvas). */
  private async syncCanvas(reply: Reply, turn: SlackTurn, channel: ChannelStateHandle): Promise<void> {
    if (!this.canvas) return;
    let threadTs: string | undefined;
    if (layoutOf(channel) === 'thread') {
      const finished = routeMessages(reply.messages)
        .filter((r) => r.to === 'step')
        .at(-1);
      const step = finished?.to === 'step' ? finished.step : (reply.question?.step ?? reply.subject?.step);
      threadTs = step ? knownThreads(channel)[step] : undefined;
    }
    await this.canvas.sync(
      reply,
      { team: reply.team, channel: turn.channel, ...(threadTs ? { threadTs } : {}) },
      channel,
    );
  }

  /** The flat layout: every question and every notice a message of its own in the channel. */
  private async showFlat(reply: Reply, turn: SlackTurn): Promise<void> {
    const l = reply.locale;
    const { outcome } = reply;
    const notice = outcomeMessage(outcome);
    if (isRecording(outcome) && reply.subject && turn.messageTs) {
      if (await this.updateInPlace(reply, reply.subject, turn.channel, turn.messageTs, notice)) return;
    } else await this.post(turn.channel, infoMessage(l, [notice]));
    if (reply.messages.length > 0)
      await this.post(turn.channel, infoMessage(l, reply.messages, reply.done ? reply.progress : undefined));
    // A finished team that opens the bot again hears where it stands, not the celebration.
    if (outcome.kind === 'resumed' && reply.done) await this.ephemeral(turn, statusMessage(l, reply));
    if (reply.question) await this.post(turn.channel, questionMessage(l, reply.question, reply.progress));
  }

  /**
   * A recorded answer's question message, updated in place: the question again while it is still open (a "no", a
   * failed test), else what was answered. True when it is still open (nothing more to post for it).
   */
  private async updateInPlace(
    reply: Reply,
    subject: NonNullable<Reply['subject']>,
    channel: string,
    ts: string,
    notice: ReturnType<typeof outcomeMessage>,
  ): Promise<boolean> {
    const stillOpen = reply.question?.id === subject.id;
    await this.update(
      channel,
      ts,
      stillOpen && reply.question
        ? questionMessage(reply.locale, reply.question, reply.progress)
        : answeredMessage(reply.locale, subject, notice),
    );
    return stillOpen;
  }

  /**
   * The thread layout: one message per step in the channel, the step's questions and notices in its thread, and the
   * done summary as the one other top-level post. Each step message shows where its step stands, updated as it goes.
   */
  private async showInThreads(reply: Reply, turn: SlackTurn, channel: ChannelStateHandle): Promise<void> {
    const threads = this.threads as StepThreads;
    const l = reply.locale;
    const { outcome } = reply;
    const notice = outcomeMessage(outcome);
    if (outcome.kind === 'restarted') await threads.forget(channel);
    const known = new Map<StepId, { ts: string; created: boolean } | null>();
    const threadOf = async (step: StepId): Promise<string | undefined> => {
      if (!known.has(step))
        known.set(step, await threads.ensure(channel, turn.channel, step, () => stepMessage(l, step, reply)));
      return known.get(step)?.ts;
    };
    const touched = new Set<StepId>();
    const here = reply.question?.step ?? reply.subject?.step;
    if (isRecording(outcome) && reply.subject && turn.messageTs) {
      touched.add(reply.subject.step);
      const stillOpen = await this.updateInPlace(reply, reply.subject, turn.channel, turn.messageTs, notice);
      if (stillOpen) {
        await this.refreshSteps(reply, turn.channel, channel, touched, known);
        return;
      }
    } else {
      // The notice goes where the question is asked; a finished team hears it where it asked.
      await this.post(turn.channel, infoMessage(l, [notice]), here ? await threadOf(here) : turn.threadTs);
    }
    for (const route of routeMessages(reply.messages)) {
      if (route.to === 'intro') continue; // the step message shows it
      if (route.to === 'step') {
        touched.add(route.step);
        await this.post(turn.channel, infoMessage(l, route.messages), await threadOf(route.step));
      } else if (route.to === 'here') {
        await this.post(
          turn.channel,
          infoMessage(l, route.messages),
          here ? await threadOf(here) : undefined,
        );
      } else {
        await this.post(
          turn.channel,
          infoMessage(l, route.messages, route.to === 'done' ? reply.progress : undefined),
        );
      }
    }
    if (outcome.kind === 'resumed' && reply.done) await this.ephemeral(turn, statusMessage(l, reply));
    if (reply.question) {
      touched.add(reply.question.step);
      await this.post(
        turn.channel,
        questionMessage(l, reply.question, reply.progress),
        await threadOf(reply.question.step),
      );
    }
    await this.refreshSteps(reply, turn.channel, channel, touched, known);
  }

  /** The step messages this turn changed, as they stand now (those just posted are current already). */
  private async refreshSteps(
    reply: Reply,
    channelId: string,
    channel: ChannelStateHandle,
    touched: ReadonlySet<StepId>,
    known: ReadonlyMap<StepId, { ts: string; created: boolean } | null>,
  ): Promise<void> {
    const stored = knownThreads(channel);
    for (const step of touched) {
      const thread = known.get(step);
      if (thread?.created) continue;
      const ts = thread?.ts ?? stored[step];
      if (ts) await this.update(channelId, ts, stepMessage(reply.locale, step, reply));
    }
  }

  /** Where a changed setting is announced: the thread it was asked in, else the current step's, else the channel. */
  private async settingsThread(reply: Reply, turn: SlackTurn): Promise<string | undefined> {
    if (turn.threadTs) return turn.threadTs;
    if (!this.states || !reply.question) return undefined;
    const channel = await this.states.open(reply.team);
    return layoutOf(channel) === 'thread' ? knownThreads(channel)[reply.question.step] : undefined;
  }

  /**
   * Where a typed reply in a thread belongs: the thread of the step being worked on, when the team has the thread
   * layout; null otherwise (the flat layout, no store, a step without a message yet).
   */
  async stepThreadOf(team: string, step: StepId): Promise<string | null> {
    if (!this.states) return null;
    const channel = await this.states.open(team);
    return layoutOf(channel) === 'thread' ? (knownThreads(channel)[step] ?? null) : null;
  }

  /**
   * `/paysetup layout thread|kanal`: sets the team's layout and says so where it was asked (a layout it has already
   * is confirmed to the person only). Without a store the flat layout is all there is, and the person is told.
   */
  async setLayout(
    turn: Pick<SlackTurn, 'team' | 'channel' | 'user' | 'threadTs'>,
    layout: Layout,
  ): Promise<void> {
    try {
      const locale = (await this.look(turn.team)).locale;
      if (!this.threads) {
        await this.ephemeral(turn, plainMessage(text(locale, 'slack:layout.unavailable')));
        return;
      }
      const changed = await this.threads.setLayout(
        await (this.states as ChannelStates).open(turn.team),
        layout,
      );
      const message = plainMessage(
        renderLayoutNotice(locale, layout, changed, turn.user.name ?? turn.user.id),
      );
      if (changed) await this.post(turn.channel, message, turn.threadTs);
      else await this.ephemeral(turn, message);
    } catch (error) {
      await this.failed(turn, error);
    }
  }

  /** Posts the team's integration plan to the channel. */
  async postReport(turn: Pick<SlackTurn, 'team' | 'channel' | 'user' | 'threadTs'>): Promise<void> {
    try {
      const plan = await loadPlan(this.deps.engine, turn.team);
      if (!plan) {
        await this.ephemeral(turn, plainMessage(text(this.deps.defaultLocale, 'slack:statusNotStarted')));
        return;
      }
      for (const message of longMessages(planToMarkdown(plan)))
        await this.post(turn.channel, message, turn.threadTs);
    } catch (error) {
      await this.failed(turn, error);
    }
  }

  async ephemeral(
    turn: Pick<SlackTurn, 'channel' | 'user' | 'threadTs'>,
    message: SlackMessage,
  ): Promise<void> {
    await this.deps.calls.postEphemeral({
      channel: turn.channel,
      user: turn.user.id,
      ...(turn.threadTs ? { thread_ts: turn.threadTs } : {}),
      ...message,
    });
  }

  /** Posts to the channel, or into the thread of `threadTs`; the new message's ts, or null when it failed. */
  async post(channel: string, message: SlackMessage, threadTs?: string): Promise<string | null> {
    const posted = await this.deps.calls.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...message,
    });
    return typeof posted?.ts === 'string' ? posted.ts : null;
  }

  private async update(channel: string, ts: string, message: SlackMessage): Promise<void> {
    await this.deps.calls.update({ channel, ts, ...message });
  }

  /** The same person clicking the same answer twice: the second click says nothing. */
  private isOwnDoubleClick(reply: Reply, turn: SlackTurn): boolean {
    if (reply.outcome.kind !== 'alreadyAnswered' || !reply.subject?.answered) return false;
    const input = Array.isArray(turn.input) ? turn.input[0] : turn.input;
    if (!input) return false;
    const sameValue =
      input.type === 'ANSWER'
        ? JSON.stringify(input.value) === JSON.stringify(reply.subject.answered.value)
        : input.type === 'RECORD_TEST'
          ? JSON.stringify({ status: input.status }) ===
            JSON.stringify({ status: (reply.subject.answered.value as { status?: string }).status })
          : input.type === 'CHECK';
    return sameValue && reply.subject.answered.byId === turn.user.id;
  }

  /** The status with a line on the reminders (next nudge, snoozed, off, stalled) under it, where there is one. */
  private async withReminders(message: SlackMessage, reply: Reply): Promise<SlackMessage> {
    if (reply.state === 'welcome' || reply.done) return message;
    const status = await this.deps.engine.status(reply.team).catch(() => null);
    const line = status ? reminderStateText(reply.locale, status.reminders) : null;
    if (!line || message.blocks.length >= LIMITS.blocksPerMessage) return message;
    return { ...message, blocks: [...message.blocks, context(escapeMrkdwn(line))] };
  }

  /** The language and time zone of the person who starts a team that is new (nothing for a known team). */
  private async guess(team: string, userId: string): Promise<FirstGuess> {
    if (await this.deps.engine.status(team)) return {}; // the team's language and time zone are known already
    const { locale, timeZone } = await this.profile(userId);
    return { ...(locale ? { locale } : {}), ...(timeZone ? { timeZone } : {}) };
  }

  /**
   * A user's display name, Slack language and time zone (users.info, with the current delivery's token), asked once
   * per installation and user and process. A member of another organisation (Slack Connect) may come back without a
   * name, a language or a time zone, or not at all: what is missing is missing, and the callers fall back.
   */
  async profile(userId: string): Promise<SlackProfile> {
    const cacheKey = `${requestInstallation() ?? '-'}:${userId}`;
    const known = this.profiles.get(cacheKey);
    if (known) return known;
    const info = await this.deps.calls.usersInfo({ user: userId, include_locale: true });
    if (!info?.user) return {}; // not cached: ask again next time
    const language = info.user.locale?.slice(0, 2);
    // The display name people chose, else the handle (as commands and clicks show a person).
    const name = info.user.profile?.display_name || info.user.name;
    const tz = info.user.tz;
    const profile: SlackProfile = {
      ...(name ? { name } : {}),
      ...(isLocale(language) ? { locale: language } : {}),
      ...(typeof tz === 'string' && isValidTimeZone(tz) ? { timeZone: tz } : {}),
    };
    if (this.profiles.size >= 1000) this.profiles.delete(this.profiles.keys().next().value as string);
    this.profiles.set(cacheKey, profile);
    return profile;
  }

  private async failed(turn: Pick<SlackTurn, 'team' | 'channel' | 'user'>, error: unknown): Promise<void> {
    if (error instanceof StoreError || error instanceof DialogError) {
      this.deps.logger.error(`slack: turn for ${turn.team} failed: ${error.code}: ${error.message}`);
    } else {
      this.deps.logger.error(
        `slack: turn for ${turn.team} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`,
      );
    }
    await this.storeDown(turn);
  }

  /** Tells one person that the store cannot be reached, in their Slack language (the team's is not readable now). */
  async storeDown(turn: Pick<SlackTurn, 'channel' | 'user'>): Promise<void> {
    const locale = (await this.profile(turn.user.id)).locale ?? this.deps.defaultLocale;
    await this.ephemeral(turn, plainMessage(text(locale, 'slack:storeDown')));
  }
}
