import type { Server } from 'node:http';
import type { App, Logger } from '@slack/bolt';
import express, { type Application, type RequestHandler } from 'express';
import { missingSlackSettings, readySlackConfig, type SlackConfig } from '../adapters/slack/config';
import {
  createHttpSlackApp,
  createSocketModeSlackApp,
  type SlackAppDeps,
} from '../adapters/slack/create-slack-app';
import { slackEdge } from '../adapters/slack/edge/http-edge';
import { createMultiWorkspace, INSTALL_PATH, OAUTH_REDIRECT_PATH } from '../adapters/slack/oauth';
import type { Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import type { LinkService } from '../linking/LinkService';
import type { KeyValueStore, StoreErrorCode } from '../store/port';

export interface ServerDeps {
  engine: DialogEngine;
  links: LinkService;
  store: KeyValueStore;
  slack: SlackConfig;
  defaultLocale: Locale;
  logger: Logger;
  /** The Alexa skill's endpoint, mounted at `POST /alexa` when given. */
  alexa?: RequestHandler;
  /** Passed to the Slack adapter: how a 429's `Retry-After` is waited out. */
  sleep?: (ms: number) => Promise<void>;
  /** Bolt global middleware run before the bot's own, around everything a delivery does (tracing; tests count runs). */
  slackMiddleware?: SlackAppDeps['before'];
  /** The clock of the OAuth state and of the uninstall marks (tests move it). @default () => new Date() */
  now?: () => Date;
}

export interface PaysetupServer {
  app: Application;
  slack: App | null;
  /** Why the Slack bot is not running, by setting name; empty when it runs. */
  slackMissing: string[];
  listen(port: number, host?: string): Promise<Server>;
}

/**
 * One HTTP server for every channel: `POST /slack/events` (events, commands, interactivity), `POST /alexa`,
 * `GET /healthz`. Missing Slack settings switch off only the Slack endpoint, with a message that names them.
 */
export function createServer(deps: ServerDeps): PaysetupServer {
  const app = express();
  app.disable('x-powered-by');
  const missing = missingSlackSettings(deps.slack);
  const ready = readySlackConfig(deps.slack);
  let slack: App | null = null;

  // The store's own check (reachable, not locked, still the file that was opened): fast, even while a write waits.
  app.get('/healthz', async (_req, res) => {
    const channels = { slack: slack ? 'ok' : 'not configured', alexa: deps.alexa ? 'ok' : 'off' };
    const health = await deps.store.health().catch(
      (error: unknown) =>
        ({
          ok: false,
          code: (error as { code?: StoreErrorCode }).code ?? 'STORE_UNAVAILABLE',
          reason: 'the store check failed',
        }) as const,
    );
    if (health.ok) res.json({ ok: true, store: 'ok', ...channels });
    else res.status(503).json({ ok: false, store: health.code, reason: health.reason, ...channels });
  });

  if (deps.alexa) app.post('/alexa', deps.alexa);

  const slackDeps = {
    engine: deps.engine,
    links: deps.links,
    store: deps.store,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
    ...(deps.slackMiddleware ? { before: deps.slackMiddleware } : {}),
  };
  if (!ready) {
    deps.logger.warn(`slack: the bot is off; missing ${missing.join(', ')}. The rest of the server runs.`);
    app.post('/slack/events', (_req, res) => {
      res.status(503).json({ ok: false, error: 'slack_not_configured', missing });
    });
  } else if (ready.appToken) {
    slack = createSocketModeSlackApp({
      ...slackDeps,
      config: ready,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
    deps.logger.info('slack: Socket Mode (SLACK_APP_TOKEN is set); /slack/events is not used');
  } else {
    // Many workspaces: the install page and Slack's redirect, filling the installation store every request reads.
    const multi = ready.oauth
      ? createMultiWorkspace({
          oauth: ready.oauth,
          ...(ready.apiUrl ? { apiUrl: ready.apiUrl } : {}),
          store: deps.store,
          logger: deps.logger,
          defaultLocale: deps.defaultLocale,
          ...(deps.now ? { now: deps.now } : {}),
        })
      : null;
    if (multi) {
      app.get(INSTALL_PATH, (req, res, next) => void multi.routes.install(req, res).catch(next));
      app.get(OAUTH_REDIRECT_PATH, (req, res, next) => void multi.routes.redirect(req, res).catch(next));
      deps.logger.info(`slack: multi-workspace mode; the install page is ${INSTALL_PATH}`);
    }
    // Before Bolt's receiver: size, signature and timestamp (both ways), and the shape Bolt relies on.
    app.post('/slack/events', slackEdge({ signingSecret: ready.signingSecret, logger: deps.logger }));
    slack = createHttpSlackApp(
      {
        ...slackDeps,
        config: ready,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        ...(multi
          ? { installs: { installer: multi.routes.installer, installations: multi.installations } }
          : {}),
        ...(deps.now ? { now: deps.now } : {}),
      },
      app,
    );
  }

  return {
    app,
    slack,
    slackMissing: ready ? [] : missing,
    listen: async (port, host = '0.0.0.0') => {
      if (slack && ready?.appToken) await slack.start();
      return new Promise((resolve, reject) => {
        const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
      });
    },
  };
}
