import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackConfig } from '../../../../src/adapters/slack/config';
import { PortInstallationStore } from '../../../../src/adapters/slack/oauth';
import { DialogEngine } from '../../../../src/core/engine';
import { LinkService } from '../../../../src/linking/LinkService';
import { createServer, type PaysetupServer } from '../../../../src/server/create-server';
import { MemoryStore } from '../../../../src/store/MemoryStore';
import { CaptureLogger } from '../../../helpers/slack/capture-logger';
import { type FakeGrant, FakeSlackApi } from '../../../helpers/slack/fake-slack-api';
import { eventCallback, type SlackUser, slashCommandFields } from '../../../helpers/slack/payloads';
import { SIGNING_SECRET } from '../../../helpers/slack/signing';
import { type SlackHttpResponse, SlackSender } from '../../../helpers/slack/slack-sender';

/**
 * The real server in multi-workspace mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET) on 127.0.0.1,
 * with the fake Web API answering `oauth.v2.access` and `auth.test` per token, and a clock the test moves (the OAuth
 * state's ten minutes, the uninstall's grace period).
 */

export const STATE_SECRET = 'state-secret-for-the-tests-0123456789';

/** Two merchants' workspaces and an Enterprise Grid org. */
export const BETA: FakeGrant = {
  teamId: 'T0BETA',
  teamName: 'Beta GmbH',
  botUserId: 'U0BOTB',
  botId: 'B0BETA',
};
export const GAMMA: FakeGrant = {
  teamId: 'T0GAMMA',
  teamName: 'Gamma Ltd',
  botUserId: 'U0BOTG',
  botId: 'B0GAMMA',
};

export interface OAuthHarness {
  base: string;
  fake: FakeSlackApi;
  store: MemoryStore;
  installations: PortInstallationStore;
  logger: CaptureLogger;
  server: PaysetupServer;
  sender: SlackSender;
  clock: { now: Date };
  advance(ms: number): void;
  idle(): Promise<void>;
  /** The install as a browser without JavaScript does it: the page, its state cookie, Slack's redirect back. */
  install(grant: FakeGrant, code?: string): Promise<{ status: number; html: string }>;
  /** `/paysetup <text>` from a workspace's channel; waits for the work after the ack. */
  command(teamId: string, channel: string, text: string, user: SlackUser): Promise<SlackHttpResponse>;
  /** An Events API delivery from a workspace. */
  event(teamId: string, event: Record<string, unknown>): Promise<SlackHttpResponse>;
  close(): Promise<void>;
}

export async function startOAuthHarness(
  options: { graceDays?: number; slack?: Partial<SlackConfig> } = {},
): Promise<OAuthHarness> {
  const fake = await new FakeSlackApi().start();
  const store = new MemoryStore();
  const engine = new DialogEngine({ store, defaultLocale: 'de' });
  const logger = new CaptureLogger();
  const clock = { now: new Date('2027-01-11T09:00:00Z') };
  let running = 0;
  const countRuns = async ({ next }: { next: () => Promise<void> }) => {
    running += 1;
    try {
      await next();
    } finally {
      running -= 1;
    }
  };
  const server = createServer({
    slackMiddleware: [countRuns],
    engine,
    links: new LinkService({ store }),
    store,
    slack: {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_CLIENT_ID: fake.oauthClient.id,
      SLACK_CLIENT_SECRET: fake.oauthClient.secret,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_API_URL: fake.url,
      ...(options.graceDays !== undefined ? { SLACK_UNINSTALL_GRACE_DAYS: options.graceDays } : {}),
      ...options.slack,
    },
    defaultLocale: 'de',
    logger,
    sleep: async () => {},
    now: () => clock.now,
  });
  const http: Server = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sender = new SlackSender(`${base}/slack/events`);
  const idle = async () => {
    const deadline = Date.now() + 10_000;
    let quiet = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error(`oauth harness: still busy (${running} runs open)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      quiet = running === 0 && fake.inFlight === 0 ? quiet + 1 : 0;
    }
  };
  let codes = 0;
  return {
    base,
    fake,
    store,
    installations: new PortInstallationStore(store),
    logger,
    server,
    sender,
    clock,
    advance: (ms) => {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    idle,
    async install(grant, code) {
      codes += 1;
      const page = await fetch(`${base}/slack/install`, { headers: { 'Accept-Language': 'de-DE' } });
      const html = await page.text();
      const href = /id="add-to-slack" class="button" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
      const cookie = page.headers.get('set-cookie')?.split(';')[0];
      const state = href ? new URL(href).searchParams.get('state') : null;
      if (!state || !cookie) throw new Error('the install page gave no state or no cookie');
      const given = fake.grant(code ?? `code-${grant.teamId}-${codes}`, grant);
      const back = await fetch(
        `${base}/slack/oauth_redirect?code=${encodeURIComponent(given)}&state=${encodeURIComponent(state)}`,
        { headers: { Cookie: cookie, 'Accept-Language': 'de-DE' } },
      );
      return { status: back.status, html: await back.text() };
    },
    async command(teamId, channel, text, user) {
      const response = await sender.command(
        slashCommandFields(text, user, { channel, teamId }, fake.responseUrl(`cmd-${teamId}-${channel}`)),
      );
      await idle();
      return response;
    },
    async event(teamId, event) {
      const response = await sender.event(eventCallback(event, teamId));
      await idle();
      return response;
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await fake.stop();
    },
  };
}
