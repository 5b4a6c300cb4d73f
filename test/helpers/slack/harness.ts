import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackConfig } from '../../../src/adapters/slack/config';
import { escapeMrkdwn } from '../../../src/adapters/slack/escape';
import { ChannelStates, type Layout } from '../../../src/adapters/slack/layout/channel-state';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import type { TeamRecord } from '../../../src/core/record';
import { LinkService } from '../../../src/linking/LinkService';
import { createServer, type PaysetupServer } from '../../../src/server/create-server';
import { MemoryStore } from '../../../src/store/MemoryStore';
import type { KeyValueStore } from '../../../src/store/port';
import { allText, findAction, questionIdOf } from './blocks';
import { CaptureLogger } from './capture-logger';
import { FakeSlackApi, type RecordedCall } from './fake-slack-api';
import {
  ANNA,
  appMentionEvent,
  blockActionsPayload,
  buttonAction,
  type CheckboxOption,
  checkboxesAction,
  eventCallback,
  type MessageRef,
  messageEvent,
  type SlackUser,
  slashCommandFields,
  viewSubmissionPayload,
} from './payloads';
import { SIGNING_SECRET } from './signing';
import { type DeliveryOptions, type SlackHttpResponse, SlackSender } from './slack-sender';

/**
 * The real server (`createServer`: express + Bolt's ExpressReceiver) on an ephemeral port of 127.0.0.1, talking to a
 * fake Slack Web API that records every call. `idle()` waits until every listener run has finished its work after the
 * ack, so tests can assert what happened, and what did not.
 */

export interface HarnessOptions {
  store?: KeyValueStore;
  defaultLocale?: Locale;
  /** How a 429 is waited out; default: records the wait and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Replace the Slack settings (e.g. leave some out). */
  slack?: SlackConfig;
  /** Called with the fake before the server starts (program failures, users, memberships). */
  prepare?: (fake: FakeSlackApi) => void;
  /** The engine's clock (the reminders' tests move it); the fake's message timestamps follow it too. */
  now?: () => Date;
  /** Global middleware after the harness's own (a middleware that fails, for the error boundary). */
  middleware?: NonNullable<Parameters<typeof createServer>[0]['slackMiddleware']>;
}

export interface SlackHarness {
  server: PaysetupServer;
  http: Server;
  /** Base URL of the server, e.g. http://127.0.0.1:12345 */
  base: string;
  fake: FakeSlackApi;
  store: KeyValueStore;
  engine: DialogEngine;
  links: LinkService;
  logger: CaptureLogger;
  /** Every wait the app asked the sleep for, in ms. */
  sleeps: number[];
  sender: SlackSender;
  /** Listener runs that have not finished yet (acknowledged or not). */
  busy(): number;
  /** Waits (bounded) until no listener runs and the fake has no call open. */
  idle(timeoutMs?: number): Promise<void>;
  channel(id: string): ChannelSession;
  /** The stored record of a channel's onboarding (parsed), or null. */
  record(channel: string): Promise<TeamRecord | null>;
  close(): Promise<void>;
}

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const fake = await new FakeSlackApi().start();
  options.prepare?.(fake);
  const store = options.store ?? new MemoryStore();
  const defaultLocale = options.defaultLocale ?? 'de';
  const engine = new DialogEngine({ store, defaultLocale, ...(options.now ? { now: options.now } : {}) });
  if (options.now) fake.clock = options.now;
  const links = new LinkService({ store });
  const logger = new CaptureLogger();
  const sleeps: number[] = [];
  const sleep =
    options.sleep ??
    (async (ms: number) => {
      sleeps.push(ms);
    });
  let running = 0;
  // Global middleware around every listener run, the bot's delivery check and the work after ack() included.
  const countRuns = async ({ next }: { next: () => Promise<void> }) => {
    running += 1;
    try {
      await next();
    } finally {
      running -= 1;
    }
  };
  const server = createServer({
    slackMiddleware: [countRuns, ...(options.middleware ?? [])],
    engine,
    links,
    store,
    slack: options.slack ?? {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: fake.url,
    },
    defaultLocale,
    logger,
    sleep,
  });
  const http = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sender = new SlackSender(`${base}/slack/events`);

  const harness: SlackHarness = {
    server,
    http,
    base,
    fake,
    store,
    engine,
    links,
    logger,
    sleeps,
    sender,
    busy: () => running,
    async idle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      // Two quiet checks in a row, a macrotask apart, so a call between two awaits is not missed.
      while (quiet < 2) {
        if (Date.now() > deadline)
          throw new Error(`harness: still busy after ${timeoutMs} ms (${running} listener runs open)`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        quiet = running === 0 && fake.inFlight === 0 ? quiet + 1 : 0;
      }
    },
    channel: (id) => new ChannelSession(harness, id),
    async record(channel) {
      const stored = await store.get(teamRecordKey(teamKeyFromSlack('T1', channel)));
      return stored ? (JSON.parse(stored.value) as TeamRecord) : null;
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await fake.stop();
    },
  };
  return harness;
}

/** A message the bot posted, as it stands now (chat.update applied). */
export interface PostedMessage extends MessageRef {
  /** When the fake received the post. */
  seq: number;
  text: string;
  /** The question the message asks now (null once answered: no inputs left), or null for other messages. */
  questionId: string | null;
  /** The question the message asked when it was posted. */
  askedQuestionId: string | null;
}

/** One channel, seen from the people in it: send commands, mentions and clicks; read what the bot posted. */
export class ChannelSession {
  constructor(
    readonly h: SlackHarness,
    readonly id: string,
  ) {}

  /** `/paysetup <text>`; waits for the work after the ack. */
  async command(
    text: string,
    user: SlackUser = ANNA,
    options: DeliveryOptions = {},
  ): Promise<SlackHttpResponse> {
    const fields = slashCommandFields(
      text,
      user,
      { channel: this.id },
      this.h.fake.responseUrl(`cmd-${this.id}`),
    );
    const response = await this.h.sender.command(fields, options);
    await this.h.idle();
    return response;
  }

  /** "@paysetup <text>" in the channel, or in the thread of `threadTs`. */
  async mention(text: string, user: SlackUser = ANNA, threadTs?: string): Promise<SlackHttpResponse> {
    const response = await this.h.sender.event(eventCallback(appMentionEvent(user, this.id, text, threadTs)));
    await this.h.idle();
    return response;
  }

  /** A person types `text` (no mention) in the thread of `threadTs`, or in the channel without it. */
  async type(text: string, threadTs?: string, user: SlackUser = ANNA): Promise<SlackHttpResponse> {
    const response = await this.h.sender.event(eventCallback(messageEvent(user, this.id, text, threadTs)));
    await this.h.idle();
    return response;
  }

  /** Sets the channel's layout in the adapter's state, as `/paysetup layout …` does, without a message. */
  async useLayout(layout: Layout): Promise<void> {
    await new ChannelStates(this.h.store).update(teamKeyFromSlack('T1', this.id), (state) => ({
      ...state,
      layout,
    }));
  }

  /** The messages posted to the channel itself, not into threads (as they stand after chat.update). */
  topLevel(): PostedMessage[] {
    return this.posted().filter((m) => m.threadTs === undefined);
  }

  /** The replies the bot posted in the thread of `ts`. */
  thread(ts: string): PostedMessage[] {
    return this.posted().filter((m) => m.threadTs === ts);
  }

  /** The block_actions payload for a click on the element `actionId` of `message` (it must be there). */
  clickPayload(
    message: MessageRef,
    actionId: string,
    user: SlackUser = ANNA,
    stateValues?: Record<string, Record<string, unknown>>,
  ): Record<string, unknown> {
    const element = findAction(message.blocks, actionId);
    if (!element) throw new Error(`no element ${actionId} in message ${message.ts}`);
    const label = (element.element.text as { text?: string } | undefined)?.text ?? '';
    const action = buttonAction({
      action_id: actionId,
      ...(element.blockId ? { block_id: element.blockId } : {}),
      text: label,
      ...(typeof element.element.style === 'string' ? { style: element.element.style } : {}),
    });
    return this.clickPayloadRaw(message, [action], user, stateValues);
  }

  /** A block_actions payload on `message` with these actions as Slack reports them. */
  clickPayloadRaw(
    message: MessageRef,
    actions: Record<string, unknown>[],
    user: SlackUser = ANNA,
    stateValues?: Record<string, Record<string, unknown>>,
  ): Record<string, unknown> {
    return blockActionsPayload({
      user,
      message,
      actions,
      ...(stateValues ? { stateValues } : {}),
      responseUrl: this.h.fake.responseUrl(`act-${message.ts}`),
    });
  }

  /** Clicks a button of a message; waits for the work after the ack. */
  async click(
    message: MessageRef,
    actionId: string,
    user: SlackUser = ANNA,
    options: DeliveryOptions & { stateValues?: Record<string, Record<string, unknown>> } = {},
  ): Promise<SlackHttpResponse> {
    const response = await this.h.sender.interact(
      this.clickPayload(message, actionId, user, options.stateValues),
      options,
    );
    await this.h.idle();
    return response;
  }

  /**
   * Answers a multiple choice the way a person does: ticks the boxes (Slack reports the change, the bot only acks),
   * then clicks submit, whose payload carries the ticked options in `state.values`.
   */
  async submitChoices(
    message: MessageRef,
    questionId: string,
    values: string[],
    user: SlackUser = ANNA,
  ): Promise<SlackHttpResponse> {
    const box = findAction(message.blocks, `ps:multi:${questionId}`);
    if (!box?.blockId) throw new Error(`no checkboxes for ${questionId} in message ${message.ts}`);
    const options = (box.element.options as CheckboxOption[] | undefined) ?? [];
    const selected = options.filter((o) => values.includes(o.value));
    await this.h.sender.interact(
      this.clickPayloadRaw(
        message,
        [checkboxesAction(`ps:multi:${questionId}`, box.blockId, selected)],
        user,
      ),
    );
    await this.h.idle();
    return this.click(message, `ps:submit:${questionId}`, user, {
      stateValues: {
        [box.blockId]: { [`ps:multi:${questionId}`]: { type: 'checkboxes', selected_options: selected } },
      },
    });
  }

  /** Submits the modal the bot opened (as views.open recorded it) with `value` typed in. */
  async submitModal(opened: RecordedCall, value: string, user: SlackUser = ANNA): Promise<SlackHttpResponse> {
    const view = { ...(opened.args.view as Record<string, unknown>), ...(opened.response.view as object) };
    const response = await this.h.sender.interact(viewSubmissionPayload({ user, view, value }));
    await this.h.idle();
    return response;
  }

  /** Every message the bot posted to this channel, in order, as it stands after chat.update. */
  posted(): PostedMessage[] {
    const { fake } = this.h;
    return fake
      .callsOf('chat.postMessage')
      .filter((call) => call.args.channel === this.id && call.response.ok === true)
      .map((call) => {
        const ts = String(call.response.ts);
        const update = fake
          .callsOf('chat.update')
          .filter((u) => u.args.channel === this.id && u.args.ts === ts)
          .at(-1);
        const source = update ?? call;
        const blocks = (source.args.blocks as unknown[]) ?? [];
        return {
          seq: call.seq,
          channel: this.id,
          ts,
          blocks,
          text: String(source.args.text ?? ''),
          questionId: questionIdOf(blocks),
          askedQuestionId: questionIdOf(call.args.blocks),
          ...(typeof call.args.thread_ts === 'string' && call.args.thread_ts
            ? { threadTs: call.args.thread_ts }
            : {}),
        };
      });
  }

  /** The latest message that asks a question (with inputs left to click). */
  currentQuestion(): PostedMessage | null {
    return (
      this.posted()
        .filter((m) => m.questionId !== null)
        .at(-1) ?? null
    );
  }

  /** Ephemeral messages the bot showed to `user` in this channel. */
  ephemerals(user: SlackUser): RecordedCall[] {
    return this.h.fake
      .callsOf('chat.postEphemeral')
      .filter((call) => call.args.channel === this.id && call.args.user === user.id);
  }

  /** The latest ephemeral message `user` was shown here, as a message to click on (Slack sends no copy with it). */
  lastEphemeral(user: SlackUser = ANNA): MessageRef {
    const call = this.ephemerals(user).at(-1);
    if (!call) throw new Error(`no ephemeral message for ${user.id} in ${this.id}`);
    return {
      channel: this.id,
      ts: String(call.response.message_ts),
      blocks: (call.args.blocks as unknown[]) ?? [],
      text: String(call.args.text ?? ''),
      ephemeral: true,
    };
  }
}

/**
 * A step's own message of the thread layout (top-level, with the hint that its thread holds the step's questions),
 * in either language: what tests about the questions and notices of a turn leave out.
 */
export function isStepMessage(call: RecordedCall): boolean {
  if (call.method !== 'chat.postMessage' && call.method !== 'chat.update') return false;
  if (typeof call.args.thread_ts === 'string' && call.args.thread_ts) return false;
  const shown = allText(call.args.blocks);
  return (['de', 'en'] as const).some((l) => shown.includes(escapeMrkdwn(text(l, 'slack:thread.hint'))));
}

/** The calls without the step messages of the thread layout (and their updates). */
export function withoutStepMessages(calls: RecordedCall[]): RecordedCall[] {
  return calls.filter((call) => !isStepMessage(call));
}
