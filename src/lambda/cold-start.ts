/**
 * Builds a Lambda function's dependencies once, on the first (cold) invocation, and shares them with every later one.
 * A build that fails (SSM throttled, the store unreachable, a setting missing) is not kept: the next invocation tries
 * again, so one bad cold start does not leave a warm container failing every request until it is recycled.
 */
export function coldStart<T>(build: () => Promise<T>): () => Promise<T> {
  let ready: Promise<T> | null = null;
  return () => {
    ready ??= build().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };
}
