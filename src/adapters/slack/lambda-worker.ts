import { AwsLambdaReceiver } from '@slack/bolt';
import type { AwsEventV1 } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { ConfigError, CoreConfigSchema, parseEnv } from '../../config';
import { DialogEngine } from '../../core/engine';
import { coldStart } from '../../lambda/cold-start';
import { LinkService } from '../../linking/LinkService';
import { createLogger, type Logger } from '../../logging/logger';
import { RemindersConfigSchema, reminderPolicy } from '../../reminders/config';
import { type ParameterSource, withSecretsFromSsm } from '../../secrets';
import { openStore } from '../../store/open-store';
import { missingSlackSettings, readySlackConfig, SlackConfigSchema, slackSecretSettings } from './config';
import { type SlackAppDeps, withReceiver } from './create-slack-app';
import { checkSlackRequest } from './edge/check-request';
import { SlackHandoverSchema } from './handover';
import { createMultiWorkspace } from './oauth';

/**
 * The Slack worker function: the second invocation, asynchronous, that does what a delivery asks after the HTTP
 * function (`lambda.ts`) has answered Slack. It has no public trigger (only the HTTP function may invoke it, by IAM),
 * and it still trusts nothing it gets unchecked: Slack's signature and timestamp are verified again (a hand-over
 * older than five minutes is refused), and the delivery runs only while its claim is the one the HTTP function took
 * (a redelivery that took the claim over after it went stale runs instead, never both).
 *
 * The work runs in Bolt's AwsLambdaReceiver with the same app as on the server; the receiver's answer goes nowhere.
 */

export type WorkerResult = { ok: true; status: number } | { ok: false; reason: string };
export type WorkerHandler = (job: unknown, context?: unknown) => Promise<WorkerResult>;

/** The Bolt context key that carries the claim token from the receiver to the delivery middleware. */
const CLAIM_CONTEXT_KEY = 'paysetupDeliveryClaim';

export function createSlackWorker(deps: SlackAppDeps): WorkerHandler {
  const receiver = new AwsLambdaReceiver({
    signingSecret: deps.config.signingSecret,
    logger: deps.logger,
    // Only this receiver puts a token into Bolt's context, and only from the hand-over it was given.
    customPropertiesExtractor: (event) => ({
      [CLAIM_CONTEXT_KEY]: (event as AwsEventV1 & { paysetupClaim?: string }).paysetupClaim ?? '',
    }),
  });
  withReceiver(
    { ...deps, handedOver: (context) => context[CLAIM_CONTEXT_KEY] as string | undefined },
    receiver,
  );
  const handle = receiver.toHandler();
  return async (job, context) => {
    const parsed = SlackHandoverSchema.safeParse(job);
    if (!parsed.success) {
      deps.logger.warn('slack worker: refused a hand-over that is not one (wrong shape)');
      return { ok: false, reason: 'shape' };
    }
    const { body, headers, claim } = parsed.data;
    const checked = checkSlackRequest(body, headers, deps.config.signingSecret);
    if (!checked.ok) {
      deps.logger.warn(`slack worker: refused a hand-over (${checked.code}: ${checked.detail})`);
      return { ok: false, reason: checked.code };
    }
    const event: AwsEventV1 & { paysetupClaim: string } = {
      resource: '/slack/events',
      path: '/slack/events',
      httpMethod: 'POST',
      // Bolt's receiver compares the content type exactly (with `; charset=utf-8` it parses a form as JSON).
      headers: {
        'Content-Type': checked.contentType,
        'X-Slack-Signature': headers['x-slack-signature'],
        'X-Slack-Request-Timestamp': headers['x-slack-request-timestamp'],
        ...(headers['x-slack-retry-num'] ? { 'X-Slack-Retry-Num': headers['x-slack-retry-num'] } : {}),
        ...(headers['x-slack-retry-reason']
          ? { 'X-Slack-Retry-Reason': headers['x-slack-retry-reason'] }
          : {}),
      },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      requestContext: {},
      body,
      isBase64Encoded: false,
      paysetupClaim: claim ?? '',
    };
    const response = await handle(event, context);
    return { ok: true, status: response.statusCode };
  };
}

export interface WorkerFromEnvOptions {
  /** @default SSM (GetParameters, decrypted) */
  parameters?: ParameterSource;
  logger?: Logger;
}

/** Builds the worker from `env` on its first (cold) invocation; a failed build is tried again next time. */
export function createSlackWorkerFromEnv(
  env: NodeJS.ProcessEnv,
  options: WorkerFromEnvOptions = {},
): WorkerHandler {
  const ready = coldStart(async (): Promise<WorkerHandler> => {
    const filled = await withSecretsFromSsm(env, slackSecretSettings(env), options.parameters);
    const config = parseEnv(
      CoreConfigSchema.extend(SlackConfigSchema.shape).extend(RemindersConfigSchema.shape),
      filled,
    );
    const slack = readySlackConfig(config);
    if (!slack)
      throw new ConfigError(
        env.SLACK_CLIENT_ID
          ? [
              `SLACK_SIGNING_SECRET, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (or their _PARAM) are required with SLACK_CLIENT_ID (${missingSlackSettings(config).join(', ')})`,
            ]
          : ['SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or their _PARAM) are required for Slack'],
      );
    const store = await openStore(config.STORE_URL);
    const logger = options.logger ?? createLogger('paysetup-slack-worker');
    // Many workspaces: each delivery is authorized from the installation store (the OAuth function fills it), and
    // app_uninstalled / tokens_revoked delete the installation, as on the server.
    const multi = slack.oauth
      ? createMultiWorkspace({
          oauth: slack.oauth,
          ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
          store,
          logger,
          defaultLocale: config.DEFAULT_LOCALE,
        })
      : null;
    return createSlackWorker({
      engine: new DialogEngine({
        store,
        defaultLocale: config.DEFAULT_LOCALE,
        reminders: reminderPolicy(config),
      }),
      links: new LinkService({ store }),
      store,
      config: slack,
      logger,
      defaultLocale: config.DEFAULT_LOCALE,
      ...(multi
        ? { installs: { installer: multi.routes.installer, installations: multi.installations } }
        : {}),
    });
  });
  return async (job, context) => (await ready())(job, context);
}

/** The entry serverless.yml names (`functions.slackWorker`). */
export const handler: WorkerHandler = createSlackWorkerFromEnv(process.env);
