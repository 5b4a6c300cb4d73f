import type { Server } from 'node:http';
import type { App, Logger } from '@slack/bolt';
import express, { type Application, type RequestHandler } from 'express';
import { missingSlackSettings, readySlackConfig, type SlackConfig } from '../adapters/slack/config';
import { createHttpSlackApp, createSocketModeSlackApp } from '../adapters/slack/create-slack-app';
import type { Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import type { LinkService } from '../linking/LinkService';
import type { KeyValueStore } from '../store/port';

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

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.store.get('healthz');
      res.json({
        ok: true,
        store: 'ok',
        slack: slack ? 'ok' : 'not configured',
        alexa: deps.alexa ? 'ok' : 'off',
      });
    } catch (error) {
      res.status(503).json({ ok: false, store: (error as { code?: string }).code ?? 'unavailable' });
    }
  });

  if (deps.alexa) app.post('/alexa', deps.alexa);

  const slackDeps = {
    engine: deps.engine,
    links: deps.links,
    store: deps.store,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
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
    slack = createHttpSlackApp(
      { ...slackDeps, config: ready, ...(deps.sleep ? { sleep: deps.sleep } : {}) },
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
