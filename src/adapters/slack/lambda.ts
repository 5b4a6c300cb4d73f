import { randomUUID } from 'node:crypto';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { z } from 'zod';
import { ConfigError, CoreConfigSchema, parseEnv } from '../../config';
import type { Locale } from '../../core/context';
import { DialogEngine } from '../../core/engine';
import { coldStart } from '../../lambda/cold-start';
import { LambdaLater } from '../../later/LambdaLater';
import type { Later } from '../../later/port';
import { createLogger, type Logger } from '../../logging/logger';
import { RemindersConfigSchema, reminderPolicy } from '../../reminders/config';
import { type ParameterSource, withSecretsFromSsm } from '../../secrets';
import { openStore } from '../../store/open-store';
import type { KeyValueStore } from '../../store/port';
import { VIEW_CALLBACK } from './action-ids';
import { readySlackConfig, SLACK_SECRET_SETTINGS, SlackConfigSchema } from './config';
import { DeliveryClaims } from './DeliveryClaims';
import { deliveryId, within } from './dedupe';
import { checkSlackRequest } from './edge/check-request';
import { handedOverHeaders, type SlackHandover } from './handover';
import {
  formErrorsAck,
  type ModalSubmissionBody,
  readModalSubmission,
  unreadableModalAck,
} from './listeners/modals';
import { handleTurn } from './SlackDialog';

/**
 * The Slack HTTP function on AWS Lambda (API Gateway HTTP API, `POST /slack/events`): it answers Slack within the
 * 3-second budget and hands the work to the worker function (`lambda-worker.ts`) through an asynchronous invocation.
 * Bolt's AwsLambdaReceiver answers only after every listener finished, so it runs in the worker, not here; this
 * function does not load Bolt at all, which also keeps its cold start short.
 *
 * Per request: the edge checks (size, signature and timestamp both ways, shape; as on the server), then the
 * delivery's claim in the shared store (a redelivery, `X-Slack-Retry-Num`, of a delivery claimed before is answered
 * and dropped), then the hand-over, then the answer: `{challenge}` for url_verification, an empty 200 otherwise.
 *
 * Modal submissions are the one delivery whose answer carries content: a wrong format must be shown inside the modal
 * (`response_action: errors`), and after the answer the modal is gone. So the turn of a submission of the bot's modal
 * runs here, within `modalBudgetMs`: a refusal in time is the answer (nothing handed over); otherwise the answer is
 * empty and the worker shows the reply (the engine replays the turn to it, as the same delivery).
 */

export type LambdaHandler = (event: AwsEvent, context?: unknown) => Promise<AwsResponse>;

export interface SlackHttpFunctionDeps {
  engine: DialogEngine;
  /** The shared store: the delivery claims live there. */
  store: KeyValueStore;
  signingSecret: string;
  logger: Logger;
  defaultLocale: Locale;
  /** Where the work goes: the worker function (LambdaLater) or, in tests, a queue in this process. */
  later: Later<SlackHandover>;
  /** How long a modal submission waits for the engine to show a refusal inside the modal. @default 1500 ms */
  modalBudgetMs?: number;
}

/** Lambda's cold start and API Gateway count against Slack's 3 seconds too: less than the server's 2 s. */
const MODAL_BUDGET_MS = 1500;
/**
 * How long the answer waits for the delivery's claim. A slow store must not cost the acknowledgement: after this the
 * delivery is handed over as 'unknown' (the worker then finds the claim with its token, or none, and does the work;
 * or another token's, and does nothing).
 */
const CLAIM_BUDGET_MS = 500;

/**
 * API Gateway sends binary-safe bodies base64-encoded; Bolt's AwsLambdaReceiver decodes them as ASCII, which breaks
 * every umlaut and so the signature. Decode as UTF-8 here.
 */
export function decodeBody(event: AwsEvent): AwsEvent {
  if (!event.isBase64Encoded || typeof event.body !== 'string') return event;
  return { ...event, body: Buffer.from(event.body, 'base64').toString('utf8'), isBase64Encoded: false };
}

export function lowerCaseKeys(headers: AwsEvent['headers'] | undefined): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? undefined]));
}

const empty = (statusCode: number): AwsResponse => ({ statusCode, body: '' });
const json = (value: unknown): AwsResponse => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

interface Interactive {
  type?: string;
  view?: { callback_id?: string };
}

export function createSlackLambdaHandler(deps: SlackHttpFunctionDeps): LambdaHandler {
  const claims = new DeliveryClaims(deps.store);
  const { logger } = deps;
  const budget = deps.modalBudgetMs ?? MODAL_BUDGET_MS;

  /** The answer to a submission of the bot's modal, and whether the worker still has something to do. */
  const answerSubmission = async (body: unknown): Promise<{ answer: AwsResponse; handOver: boolean }> => {
    const submission = readModalSubmission(body as ModalSubmissionBody);
    if (!submission.ok) {
      logger.warn(`slack: a modal came back with ${submission.problem}; nothing saved`);
      return { answer: json(unreadableModalAck(deps.defaultLocale)), handOver: false };
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), budget);
    });
    // A failure here is the worker's to report: it meets the same store and tells the person.
    const turn = handleTurn(deps.engine, submission.turn).catch(() => null);
    const first = await Promise.race([turn, late]);
    clearTimeout(timer);
    const errors = first && first !== 'late' ? formErrorsAck(first) : null;
    return errors ? { answer: json(errors), handOver: false } : { answer: empty(200), handOver: true };
  };

  return async (event) => {
    const decoded = decodeBody(event);
    const rawBody = typeof decoded.body === 'string' ? decoded.body : '';
    const headers = lowerCaseKeys(decoded.headers);
    const checked = checkSlackRequest(rawBody, headers, deps.signingSecret);
    if (!checked.ok) {
      logger.warn(`slack: refused a request (${checked.status} ${checked.code}: ${checked.detail})`);
      return empty(checked.status);
    }
    if (
      checked.kind === 'ssl_check' ||
      checked.kind === 'unsubscribed_event' ||
      checked.kind === 'channel_message'
    )
      return empty(200);
    if (checked.kind === 'url_verification')
      return json({ challenge: (checked.body as { challenge: string }).challenge });

    const id = deliveryId(checked.body);
    const token = id ? randomUUID() : null;
    const claim = id && token ? await within(claims.claim(id, token), CLAIM_BUDGET_MS) : 'unknown';
    if (claim === 'repeat') {
      logger.info(`slack: ${id?.split(':')[0]} delivered again; claimed before, ignored`);
      return empty(200);
    }
    let answer = empty(200);
    const payload = checked.body as Interactive;
    if (checked.kind === 'view_submission' && payload.view?.callback_id === VIEW_CALLBACK) {
      const submitted = await answerSubmission(checked.body);
      if (!submitted.handOver) {
        if (id && claim === 'first') await claims.finish(id);
        return submitted.answer;
      }
      answer = submitted.answer;
    }
    try {
      await deps.later.send({
        kind: 'slack-delivery',
        body: rawBody,
        headers: handedOverHeaders({ ...headers, 'content-type': checked.contentType }),
        claim: token,
      });
    } catch (error) {
      logger.error(
        `slack: could not hand the ${checked.kind} over (${(error as Error).name}); Slack may retry`,
      );
      // Not done, and not going to be: a redelivery may claim it again.
      if (id && claim === 'first') await claims.release(id);
      return empty(500);
    }
    return answer;
  };
}

/** The HTTP function's settings: the core ones, Slack's, and the worker's name. */
const HttpFunctionConfigSchema = CoreConfigSchema.extend(SlackConfigSchema.shape)
  .extend(RemindersConfigSchema.shape)
  .extend({
    SLACK_WORKER_FUNCTION: z.string().min(1, 'must name the worker function'),
  });

/** Many workspaces: secrets the worker and the OAuth function read, not this one. */
const OAUTH_SECRETS = new Set<string>(['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET']);

export interface FromEnvOptions {
  /** @default SSM (GetParameters, decrypted) */
  parameters?: ParameterSource;
  /** @default the worker function named by SLACK_WORKER_FUNCTION, invoked asynchronously */
  later?: Later<SlackHandover>;
  logger?: Logger;
}

/** Builds the HTTP function from `env` on the first (cold) invocation; a failed build is tried again next time. */
export function createSlackLambdaFromEnv(
  env: NodeJS.ProcessEnv,
  options: FromEnvOptions = {},
): LambdaHandler {
  const ready = coldStart(async (): Promise<LambdaHandler> => {
    // It calls no Web API: the signing secret is all it needs of Slack's (and, for one workspace, the bot token
    // is still required, so a deployment missing it fails here rather than in the worker).
    const multi = Boolean(env.SLACK_CLIENT_ID);
    const filled = await withSecretsFromSsm(
      env,
      SLACK_SECRET_SETTINGS.filter((name) =>
        multi ? name === 'SLACK_SIGNING_SECRET' || name === 'STORE_URL' : !OAUTH_SECRETS.has(name),
      ),
      options.parameters,
    );
    const config = parseEnv(HttpFunctionConfigSchema, filled);
    const signingSecret = multi ? config.SLACK_SIGNING_SECRET : readySlackConfig(config)?.signingSecret;
    if (!signingSecret)
      throw new ConfigError([
        multi
          ? 'SLACK_SIGNING_SECRET (or its _PARAM) is required for Slack'
          : 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or their _PARAM) are required for Slack',
      ]);
    const store = await openStore(config.STORE_URL);
    return createSlackLambdaHandler({
      engine: new DialogEngine({
        store,
        defaultLocale: config.DEFAULT_LOCALE,
        reminders: reminderPolicy(config),
      }),
      store,
      signingSecret,
      logger: options.logger ?? createLogger('paysetup-slack'),
      defaultLocale: config.DEFAULT_LOCALE,
      later: options.later ?? new LambdaLater<SlackHandover>(config.SLACK_WORKER_FUNCTION),
    });
  });
  return async (event, context) => (await ready())(event, context);
}

/** The entry serverless.yml names (`functions.slack`). */
export const handler: LambdaHandler = createSlackLambdaFromEnv(process.env);
