import {
  type AnyMiddlewareArgs,
  App,
  type Authorize,
  ErrorCode,
  ExpressReceiver,
  type Logger,
  LogLevel,
  type Middleware,
  type Receiver,
} from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App';
import type { InstallProvider } from '@slack/oauth';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Application } from 'express';
import type { Locale } from '../../core/context';
import type { DialogEngine } from '../../core/engine';
import type { LinkService } from '../../linking/LinkService';
import { AskAssistant } from '../../questions/AskAssistant';
import { Feedback } from '../../questions/Feedback';
import { QuestionLog } from '../../questions/QuestionLog';
import type { KeyValueStore } from '../../store/port';
import { ChannelHomes } from './ChannelHomes';
import type { ReadySlackConfig } from './config';
import { DeliveryClaims } from './DeliveryClaims';
import { dedupeDeliveries } from './dedupe';
import { withRequestClient } from './delivery-context';
import { answerFailure } from './listeners/boundary';
import { installationAuthorize } from './oauth/authorize';
import type { PortInstallationStore } from './oauth/PortInstallationStore';
import { registerUninstallListeners } from './oauth/uninstall';
import { registerListeners } from './register-listeners';
import { SlackCalls } from './SlackCalls';
import { SlackDialog } from './SlackDialog';
import { installationIdOf } from './team-key';

export interface SlackAppDeps {
  engine: DialogEngine;
  links: LinkService;
  /** The shared store, for claiming deliveries that bypass the engine. */
  store: KeyValueStore;
  config: ReadySlackConfig;
  logger: Logger;
  defaultLocale: Locale;
  /** Sleep used when waiting out a 429 (tests record it). */
  sleep?: (ms: number) => Promise<void>;
  /** Global middleware run first, around everything a delivery does (tracing; tests count listener runs). */
  before?: Middleware<AnyMiddlewareArgs>[];
  /**
   * The Lambda worker: Slack was answered by the HTTP function, which claimed the delivery and handed it over with a
   * token this reads from Bolt's context. Deliveries are not claimed again, and listeners do not acknowledge.
   */
  handedOver?: (context: Record<string, unknown>) => string | undefined;
  /**
   * Multi-workspace mode (`config.oauth`): each request is authorized from the installation store, and every Web API
   * call of its listeners uses that workspace's token.
   */
  installs?: { installer: InstallProvider; installations: PortInstallationStore };
  /** The clock of the uninstall marks (tests move it). @default () => new Date() */
  now?: () => Date;
}

/**
 * Bolt logs its own line when `authorize` refuses a request; the bot's `authorize` logged one naming the workspace
 * already, so Bolt's is demoted (one line per refused request).
 */
function boltLogger(logger: Logger): Logger {
  const demoted = /^Authorization of incoming event did not succeed/;
  return {
    debug: (...msg) => logger.debug(...msg),
    info: (...msg) => logger.info(...msg),
    warn: (...msg) =>
      typeof msg[0] === 'string' && demoted.test(msg[0]) ? logger.debug(...msg) : logger.warn(...msg),
    error: (...msg) => logger.error(...msg),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}

/** The authorize of the bot: from the installation store (many workspaces), or the one bot token. */
function authorizeFor(deps: SlackAppDeps): Authorize<boolean> {
  return deps.installs ? installationAuthorize(deps.installs.installer, deps.logger) : cachedAuthorize(deps);
}

/**
 * Web API client settings for calls made after the ack: rate-limited calls are rejected at once (SlackCalls waits out
 * `Retry-After` itself, outside the ack path) and network failures get a short retry instead of 10 over 30 minutes.
 */
export function webClientOptions(config: ReadySlackConfig, logger: Logger): WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    logger,
    logLevel: LogLevel.WARN,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  };
}

/**
 * Bolt's own token check calls auth.test in its constructor and crashes the process when Slack cannot be reached at
 * start-up. This asks once, when the first request needs it, caches the answer, and asks again after a failure.
 */
export function cachedAuthorize(deps: SlackAppDeps): Authorize<boolean> {
  const botToken = deps.config.botToken;
  const client = new WebClient(botToken, webClientOptions(deps.config, deps.logger));
  let ids: Promise<{ botId?: string; botUserId?: string; teamId?: string; enterpriseId?: string }> | null =
    null;
  return async () => {
    ids ??= client.auth
      .test()
      .then((r) => ({
        ...(r.bot_id ? { botId: r.bot_id } : {}),
        ...(r.user_id ? { botUserId: r.user_id } : {}),
        // The token's own workspace: a delivery from a Slack Connect channel may name the acting user's instead.
        ...(r.team_id ? { teamId: r.team_id } : {}),
        ...(r.enterprise_id ? { enterpriseId: r.enterprise_id } : {}),
      }))
      .catch((error: unknown) => {
        ids = null;
        deps.logger.warn(
          `slack: auth.test failed (${(error as { code?: string }).code ?? 'error'}); will ask again`,
        );
        return {};
      });
    // Never hold up an acknowledgement for it: without an answer within 200 ms, go on with the token alone.
    let timer: NodeJS.Timeout | undefined;
    const soon = new Promise<Record<string, never>>((resolve) => {
      timer = setTimeout(() => resolve({}), 200);
    });
    const known = await Promise.race([ids, soon]);
    clearTimeout(timer);
    return { ...(botToken ? { botToken } : {}), ...known };
  };
}

function wire(app: App, deps: SlackAppDeps): SlackDialog {
  // Calls outside a delivery have no workspace: with one bot token they use it, with many they are refused.
  const calls = new SlackCalls({
    ...(deps.installs
      ? {}
      : { fallback: new WebClient(deps.config.botToken, webClientOptions(deps.config, deps.logger)) }),
    logger: deps.logger,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  const dialog = new SlackDialog({
    engine: deps.engine,
    calls,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
    store: deps.store,
  });
  // Around everything a delivery does (the work after the ack included): Bolt's client for its workspace.
  app.use(async ({ client, context, next }) => withRequestClient(client, installationIdOf(context), next));
  for (const middleware of deps.before ?? []) app.use(middleware);
  // First of the bot's own: acknowledges, then lets each delivery through once (whatever it does).
  app.use(
    dedupeDeliveries(
      new DeliveryClaims(deps.store),
      deps.logger,
      deps.handedOver ? { handedOver: deps.handedOver } : {},
    ),
  );
  const boundary = { dialog, calls, logger: deps.logger, defaultLocale: deps.defaultLocale };
  registerListeners(app, {
    dialog,
    homes: new ChannelHomes(deps.store),
    ask: new AskAssistant({
      engine: deps.engine,
      log: new QuestionLog(deps.store),
      logger: deps.logger,
      defaultLocale: deps.defaultLocale,
    }),
    feedback: new Feedback(deps.store),
    calls,
    links: deps.links,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
    ...(deps.handedOver ? { answeredBefore: true } : {}),
  });
  if (deps.installs)
    registerUninstallListeners(app, {
      store: deps.store,
      installations: deps.installs.installations,
      logger: deps.logger,
      graceMs: deps.config.oauth?.uninstallGraceMs ?? 0,
      ...(deps.now ? { now: deps.now } : {}),
    });
  // What fails outside a listener (a middleware); the listeners' own failures end in their boundary (`guard`).
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    // A refused authorization was logged by `authorize`, naming the workspace.
    if (error.code === ErrorCode.AuthorizationError) return;
    await answerFailure(boundary, 'delivery', body, error);
  });
  return dialog;
}

/** The bot on an existing express app, at `POST /slack/events` (events, commands and interactivity alike). */
export function createHttpSlackApp(deps: SlackAppDeps, expressApp: Application): App {
  const receiver = new ExpressReceiver({
    signingSecret: deps.config.signingSecret,
    endpoints: '/slack/events',
    app: expressApp,
    logger: deps.logger,
    // Acknowledge first, work after: the 3-second budget holds even when the store or the Web API is slow.
    processBeforeResponse: false,
  });
  return withReceiver(deps, receiver);
}

/** The bot over Socket Mode (an app-level token): for a laptop with no public URL. */
export function createSocketModeSlackApp(deps: SlackAppDeps): App {
  const app = new App({
    authorize: cachedAuthorize(deps),
    appToken: deps.config.appToken as string,
    socketMode: true,
    logger: deps.logger,
    clientOptions: webClientOptions(deps.config, deps.logger),
    extendedErrorHandler: true,
  });
  wire(app, deps);
  return app;
}

/** The bot on any receiver (the Lambda entry uses AwsLambdaReceiver). */
export function withReceiver(deps: SlackAppDeps, receiver: Receiver): App {
  const app = new App({
    authorize: authorizeFor(deps),
    receiver,
    logger: boltLogger(deps.logger),
    clientOptions: webClientOptions(deps.config, deps.logger),
    extendedErrorHandler: true,
  });
  wire(app, deps);
  return app;
}
