import { LambdaClient } from '@aws-sdk/client-lambda';
import { InProcessLater } from '../../src/later/InProcessLater';
import { LambdaLater } from '../../src/later/LambdaLater';
import { type FakeLambda, startFakeLambda, TEST_CREDENTIALS } from '../helpers/aws/fakes';

/** "Run this later": on Lambda an asynchronous invocation of the worker; in tests a queue run when asked. */

describe('LambdaLater', () => {
  let lambda: FakeLambda;
  beforeAll(async () => {
    lambda = await startFakeLambda();
  });
  afterAll(() => lambda.stop());

  it('invokes the function asynchronously (InvocationType Event) with the job as JSON', async () => {
    const client = new LambdaClient({
      endpoint: lambda.endpoint,
      region: 'eu-west-1',
      credentials: TEST_CREDENTIALS,
    });
    const later = new LambdaLater<{ n: number; text: string }>('paysetup-dev-slack-worker', client);
    await later.send({ n: 1, text: 'Grüße' });
    expect(lambda.invocations).toEqual([
      {
        functionName: 'paysetup-dev-slack-worker',
        invocationType: 'Event',
        payload: { n: 1, text: 'Grüße' },
      },
    ]);
  });
});

describe('InProcessLater', () => {
  it('queues JSON copies and runs them only when drained, in order, including jobs queued meanwhile', async () => {
    const ran: number[] = [];
    const later: InProcessLater<{ n: number }> = new InProcessLater(async (job) => {
      ran.push(job.n);
      if (job.n === 1) await later.send({ n: 3 });
    });
    const job = { n: 1 };
    await later.send(job);
    await later.send({ n: 2 });
    job.n = 99;
    expect(ran).toEqual([]);
    expect(later.pending).toBe(2);
    expect(await later.drain()).toBe(3);
    expect(ran).toEqual([1, 2, 3]);
    expect(later.pending).toBe(0);
  });
});
