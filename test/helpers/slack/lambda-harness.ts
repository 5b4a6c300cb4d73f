import type { SlackHandover } from '../../../src/adapters/slack/handover';
import { createSlackLambdaFromEnv, type LambdaHandler } from '../../../src/adapters/slack/lambda';
import {
  createSlackWorkerFromEnv,
  type WorkerHandler,
  type WorkerResult,
} from '../../../src/adapters/slack/lambda-worker';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import { teamRecordKey } from '../../../src/core/engine';
import type { TeamRecord } from '../../../src/core/record';
import { InProcessLater } from '../../../src/later/InProcessLater';
import { type ParameterSource, ssmParameterSource } from '../../../src/secrets';
import type { KeyValueStore } from '../../../src/store/port';
import { type FakeSsm, startFakeSsm, TEST_CREDENTIALS } from '../aws/fakes';
import { CaptureLogger } from './capture-logger';
import { FakeSlackApi } from './fake-slack-api';
import { ChannelSession, type SlackHarness } from './harness';
import { httpApiEvent } from './http-api';
import { SIGNING_SECRET } from './signing';
import { type DeliveryOptions, type SlackHttpResponse, SlackSender } from './slack-sender';

/**
 * The Slack bot as serverless.yml deploys it, in this process: the HTTP function and the worker function, each built
 * from its environment the way Lambda builds it at cold start (secrets read through the real SSM client from a fake
 * SSM, the store opened from STORE_URL), the worker behind a queue that runs only when drained. Requests arrive as
 * API Gateway HTTP API events. `channel()` gives the same ChannelSession the server harness gives, so the same
 * onboarding driver clicks through both.
 */

export const TEST_BOT_TOKEN = 'xoxb-2000000000-3000000000-lambdaTestToken';
/** Signs the OAuth state in multi-workspace mode (`oauth: true`). */
export const TEST_STATE_SECRET = 'state-secret-for-the-lambda-tests-0123';
const PARAMETERS = {
  '/paysetup/test/slack-signing-secret': SIGNING_SECRET,
  '/paysetup/test/slack-bot-token': TEST_BOT_TOKEN,
  '/paysetup/test/slack-state-secret': TEST_STATE_SECRET,
};

/** Sends what Slack sends, as API Gateway hands it to the HTTP function. */
export class LambdaSender extends SlackSender {
  constructor(private readonly http: LambdaHandler) {
    super('lambda:/slack/events');
  }

  override async send(
    rawBody: string,
    contentType: string,
    options: DeliveryOptions = {},
  ): Promise<SlackHttpResponse> {
    const response = await this.http(httpApiEvent(rawBody, contentType, options), {});
    return {
      status: response.statusCode,
      text: response.body ?? '',
      headers: new Headers((response.headers ?? {}) as Record<string, string>),
    };
  }
}

export interface LambdaSlackHarness {
  fake: FakeSlackApi;
  ssm: FakeSsm;
  /** The shared store, opened once more for the test's own reads. */
  store: KeyValueStore;
  logger: CaptureLogger;
  /** The environment the functions were built from (serverless.yml's, with the test's SSM names). */
  env: NodeJS.ProcessEnv;
  /** The (fake) SSM the functions read their secrets from. */
  parameters: ParameterSource;
  http: LambdaHandler;
  worker: WorkerHandler;
  later: InProcessLater<SlackHandover>;
  results: WorkerResult[];
  sender: LambdaSender;
  /** Runs every queued hand-over (the worker invocations), then waits for the fake Web API to be quiet. */
  idle(): Promise<void>;
  channel(id: string): ChannelSession;
  record(channel: string): Promise<TeamRecord | null>;
  close(): Promise<void>;
}

export async function startLambdaSlackHarness(options: {
  storeUrl: string;
  store: KeyValueStore;
  defaultLocale?: 'de' | 'en';
  /**
   * Many workspaces, as serverless.yml deploys them with `slackClientId`: SLACK_CLIENT_ID (the fake's client) and the
   * client and state secrets' parameter names next to the bot token's (which is then not read).
   */
  oauth?: boolean;
}): Promise<LambdaSlackHarness> {
  const fake = await new FakeSlackApi().start();
  const ssm = await startFakeSsm({
    ...PARAMETERS,
    '/paysetup/test/slack-client-secret': fake.oauthClient.secret,
  });
  const parameters = ssmParameterSource({
    endpoint: ssm.endpoint,
    region: 'eu-west-1',
    credentials: TEST_CREDENTIALS,
  });
  const env: NodeJS.ProcessEnv = {
    STORE_URL: options.storeUrl,
    DEFAULT_LOCALE: options.defaultLocale ?? 'de',
    SLACK_SIGNING_SECRET_PARAM: '/paysetup/test/slack-signing-secret',
    SLACK_BOT_TOKEN_PARAM: '/paysetup/test/slack-bot-token',
    SLACK_API_URL: fake.url,
    SLACK_WORKER_FUNCTION: 'paysetup-test-slack-worker',
    ...(options.oauth
      ? {
          SLACK_CLIENT_ID: fake.oauthClient.id,
          SLACK_CLIENT_SECRET_PARAM: '/paysetup/test/slack-client-secret',
          SLACK_STATE_SECRET_PARAM: '/paysetup/test/slack-state-secret',
        }
      : {}),
  };
  const logger = new CaptureLogger();
  const worker = createSlackWorkerFromEnv(env, { parameters, logger });
  const results: WorkerResult[] = [];
  const later = new InProcessLater<SlackHandover>(async (job) => {
    results.push(await worker(job, {}));
  });
  const http = createSlackLambdaFromEnv(env, { parameters, later, logger });
  const sender = new LambdaSender(http);
  const harness: LambdaSlackHarness = {
    fake,
    ssm,
    store: options.store,
    logger,
    env,
    parameters,
    http,
    worker,
    later,
    results,
    sender,
    async idle() {
      await later.drain();
      let quiet = 0;
      while (quiet < 2) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        quiet = fake.inFlight === 0 && later.pending === 0 ? quiet + 1 : 0;
      }
    },
    channel: (id) => new ChannelSession(harness as unknown as SlackHarness, id),
    async record(channel) {
      const stored = await options.store.get(teamRecordKey(teamKeyFromSlack('T1', channel)));
      return stored ? (JSON.parse(stored.value) as TeamRecord) : null;
    },
    async close() {
      await fake.stop();
      await ssm.stop();
    },
  };
  return harness;
}
