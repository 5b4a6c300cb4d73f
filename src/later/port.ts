/**
 * "Run this later": hands a job to a second invocation so that the current one can answer at once (Slack's 3-second
 * acknowledgement on Lambda). `send` resolves once the job is handed over, never after it ran; a rejection means it
 * was not handed over and will not run.
 *
 * Implementations: `LambdaLater` (an asynchronous invocation of another function) and `InProcessLater` (a queue in
 * this process, for tests and local runs).
 */
export interface Later<Job> {
  send(job: Job): Promise<void>;
}
