import { WebClient } from '@slack/web-api';
import { PortInstallationStore } from '../../../src/adapters/slack/oauth';
import {
  createSlackReminders,
  type SlackReminders,
  type WorkspaceReminders,
} from '../../../src/adapters/slack/reminders';
import type { Locale } from '../../../src/core/context';
import type { DialogEngine } from '../../../src/core/engine';
import { type ReminderRound, runReminders } from '../../../src/reminders/run';
import { workspaceSlackReminders } from '../../../src/reminders/slack-reminders';
import { type SweepReport, sweep } from '../../../src/reminders/sweep';
import type { KeyValueStore } from '../../../src/store/port';
import type { CaptureLogger } from './capture-logger';
import type { FakeSlackApi } from './fake-slack-api';
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

/** What the multi-workspace reminders need of a test's setup: the fake Web API (its OAuth app) and the store. */
export interface WorkspaceRemindersSetup {
  fake: FakeSlackApi;
  store: KeyValueStore;
  logger: CaptureLogger;
}

/**
 * The reminders of a multi-workspace deployment on the fake Web API: every workspace's bot token from the
 * installation store on `setup.store` (refreshed through the fake's `oauth.v2.access` when it rotates).
 */
export function workspaceRemindersOf(
  setup: WorkspaceRemindersSetup,
  options: { engine: DialogEngine; digestChannel?: string; digestTeam?: string; defaultLocale?: Locale },
): WorkspaceReminders {
  return workspaceSlackReminders(
    {
      oauth: {
        clientId: setup.fake.oauthClient.id,
        clientSecret: setup.fake.oauthClient.secret,
        stateSecret: 'state-secret-for-the-reminders-0123456789',
      },
      apiUrl: setup.fake.url,
      ...(options.digestChannel ? { digestChannel: options.digestChannel } : {}),
      ...(options.digestTeam ? { digestTeam: options.digestTeam } : {}),
    },
    {
      engine: options.engine,
      store: setup.store,
      logger: setup.logger,
      defaultLocale: options.defaultLocale ?? 'de',
      installations: new PortInstallationStore(setup.store),
    },
  );
}

/** One round at `now` as the server's scheduler runs it: the workspaces' tokens first, the sweep, the digest. */
export function roundWith(
  setup: WorkspaceRemindersSetup,
  engine: DialogEngine,
  reminders: WorkspaceReminders,
  now: Date,
): Promise<ReminderRound> {
  return runReminders(now, {
    engine,
    store: setup.store,
    logger: setup.logger,
    senderFor: reminders.senderFor,
    digest: reminders.digest,
    prepare: reminders.prepare,
  });
}
