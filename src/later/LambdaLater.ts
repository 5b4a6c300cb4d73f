import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Later } from './port';

/**
 * Jobs run by another Lambda function, invoked asynchronously (InvocationType `Event`): Lambda queues the payload and
 * answers 202 at once. The payload must stay under Lambda's limit for asynchronous invocations.
 */
export class LambdaLater<Job> implements Later<Job> {
  private readonly client: LambdaClient;

  constructor(
    private readonly functionName: string,
    client?: LambdaClient,
  ) {
    this.client = client ?? new LambdaClient({});
  }

  async send(job: Job): Promise<void> {
    const answer = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(job), 'utf8'),
      }),
    );
    if (answer.StatusCode !== 202)
      throw new Error(
        `lambda: asynchronous invocation of ${this.functionName} answered ${answer.StatusCode}`,
      );
  }
}
