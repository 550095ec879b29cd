/** Exponential backoff with full jitter, for requests that failed with 429, 5xx or a connection error. */

export interface RetryPolicy {
  /** Total tries, including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

/** Delay before try `attempt + 1` (attempt counts from 1); `random` in [0, 1) draws the jitter. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (cap / 2) * random);
}

/** 429 (rate limit), 5xx (sqlite busy comes back as 503) are worth another try; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn` until it succeeds, `shouldRetry(err)` says no, or the tries run out; rethrows the last error.
 * Jitter uses Math.random: it only spreads retries in time and never affects results.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  shouldRetry: (err: unknown) => boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || !shouldRetry(err)) throw err;
      await wait(backoffDelay(policy, attempt, Math.random()));
    }
  }
}
