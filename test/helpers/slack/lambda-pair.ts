import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { SlackAppDeps } from '../../../src/adapters/slack/create-slack-app';
import type { SlackHandover } from '../../../src/adapters/slack/handover';
import { createSlackLambdaHandler, type LambdaHandler } from '../../../src/adapters/slack/lambda';
import { createSlackWorker, type WorkerHandler } from '../../../src/adapters/slack/lambda-worker';
import { InProcessLater } from '../../../src/later/InProcessLater';

/** The two Slack functions as serverless.yml deploys them, the worker behind a queue in this process. */
export interface SlackOnLambda {
  /** The HTTP function (API Gateway's `POST /slack/events`). */
  http: LambdaHandler;
  /** The worker function (invoked asynchronously by the HTTP function). */
  worker: WorkerHandler;
  /** The hand-overs: queued by `http`, run by `drain()`. */
  later: InProcessLater<SlackHandover>;
  /** What the worker runs returned, in order. */
  results: Awaited<ReturnType<WorkerHandler>>[];
  /** The HTTP function's answer, after the worker ran what it handed over (as if Lambda had run it meanwhile). */
  invoke(event: AwsEvent, context?: unknown): Promise<AwsResponse>;
}

export function slackOnLambda(deps: SlackAppDeps, options: { modalBudgetMs?: number } = {}): SlackOnLambda {
  const worker = createSlackWorker(deps);
  const results: SlackOnLambda['results'] = [];
  const later = new InProcessLater<SlackHandover>(async (job) => {
    results.push(await worker(job, {}));
  });
  const http = createSlackLambdaHandler({
    engine: deps.engine,
    store: deps.store,
    signingSecret: deps.config.signingSecret,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
    later,
    ...(options.modalBudgetMs !== undefined ? { modalBudgetMs: options.modalBudgetMs } : {}),
  });
  return {
    http,
    worker,
    later,
    results,
    async invoke(event, context = {}) {
      const response = await http(event, context);
      await later.drain();
      return response;
    },
  };
}
