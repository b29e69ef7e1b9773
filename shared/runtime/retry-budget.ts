/**
 * How many attempts each AWS client may make (the SDK's standard retry
 * strategy: exponential backoff with full jitter, a retry quota, and a longer
 * base delay for throttling), sized to the function's timeout. There are no
 * hand-written retry loops on top: a call that still fails after these
 * attempts is a dependency outage (503, or the event's own Lambda retry).
 *
 * The SDK waits up to 2^n × 500 ms before throttled attempt n+1, so 3
 * attempts cost at most ~3 s of waiting and 5 attempts ~15 s.
 * - up to 30 s (the API functions, API Gateway answers within 30 s):
 *   3 attempts per call; Textract, whose single call may take seconds,
 *   gets 2 in a function under 15 s;
 * - longer (the event functions, 5 min): 5 attempts.
 */
export interface RetryBudget {
  dynamodb: number;
  textract: number;
  s3: number;
}

export const retryBudget = (timeoutMs: number): RetryBudget => {
  if (timeoutMs > 60_000) return { dynamodb: 5, textract: 5, s3: 5 };
  return { dynamodb: 3, textract: timeoutMs < 15_000 ? 2 : 3, s3: 3 };
};
