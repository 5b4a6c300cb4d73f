import { WebClient } from '@slack/web-api';
import { createSlackReminders, type SlackReminders } from '../../../src/adapters/slack/reminders';
import type { Locale } from '../../../src/core/context';
import { type SweepReport, sweep } from '../../../src/reminders/sweep';
import type { SlackHarness } from './harness';

export interface HarnessRemindersOptions {
  digestChannel?: string;
  defaultLocale?: Locale;
  /** How a 429 is waited out; default: the harness's recording sleep (returns at once). */
  sleep?: (ms: number) => Promise<void>;
}

/** The Slack reminders of the harness's deployment: its engine and store, a bot client on the fake Web API. */
export function remindersOf(h: SlackHarness, options: HarnessRemindersOptions = {}): SlackReminders {
  return createSlackReminders({
    client: new WebClient('xoxb-test', { slackApiUrl: h.fake.url }),
    engine: h.engine,
    store: h.store,
    logger: h.logger,
    defaultLocale: options.defaultLocale ?? 'de',
    sleep:
      options.sleep ??
      (async (ms: number) => {
        h.sleeps.push(ms);
      }),
    ...(options.digestChannel ? { digestChannel: options.digestChannel } : {}),
  });
}

/** One sweep at `now` over the harness's store, sending through `reminders`. */
export function sweepWith(h: SlackHarness, reminders: SlackReminders, now: Date): Promise<SweepReport> {
  return sweep(now, { engine: h.engine, store: h.store, senderFor: reminders.senderFor, logger: h.logger });
}

/** The nudges the bot posted (chat.postMessage with the nudge metadata, answered ok), in order. */
export function nudgePosts(h: SlackHarness, channel?: string) {
  return h.fake
    .callsOf('chat.postMessage')
    .filter(
      (call) =>
        call.response.ok === true &&
        (call.args.metadata as { event_type?: string } | undefined)?.event_type === 'paysetup_nudge' &&
        (channel === undefined || call.args.channel === channel),
    );
}
