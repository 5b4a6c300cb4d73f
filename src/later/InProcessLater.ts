import type { Later } from './port';

/**
 * Jobs queued in this process and run when asked (`drain`), one after another, each as Lambda would hand it over: a
 * JSON copy, so nothing but data crosses. Tests see what is queued and decide when it runs.
 */
export class InProcessLater<Job> implements Later<Job> {
  private readonly queue: Job[] = [];
  /** Every job sent, in order (JSON copies). */
  readonly sent: Job[] = [];

  constructor(private readonly run: (job: Job) => Promise<unknown>) {}

  async send(job: Job): Promise<void> {
    const copy = JSON.parse(JSON.stringify(job)) as Job;
    this.sent.push(copy);
    this.queue.push(copy);
  }

  /** Jobs handed over and not run yet. */
  get pending(): number {
    return this.queue.length;
  }

  /** Runs the oldest job; false when none was queued. */
  async runNext(): Promise<boolean> {
    const job = this.queue.shift();
    if (job === undefined) return false;
    await this.run(job);
    return true;
  }

  /** Runs queued jobs (and those they queue) until none is left; how many ran. */
  async drain(): Promise<number> {
    let ran = 0;
    while (await this.runNext()) ran += 1;
    return ran;
  }
}
