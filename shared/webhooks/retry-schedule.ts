/**
 * The retry schedule of API.md "Webhooks": after the first attempt fails,
 * retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, each delay
 * stretched by up to 20 % jitter (never shortened, so "after 5 s" holds).
 * `scale` shrinks the whole schedule for tests (WEBHOOK_RETRY_SCALE).
 */
export const RetryDelaysMs = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
export const MAX_JITTER = 0.2;
/** The first attempt plus one per retry. */
export const MAX_ATTEMPTS = RetryDelaysMs.length + 1;
/** Longest delay SQS holds a message (DelaySeconds); longer waits hop through the queue again. */
export const MAX_QUEUE_DELAY_MS = 900_000;

export interface ScheduleOptions {
  scale?: number;
  random?: () => number;
}

/** The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed; undefined when no retry is left. */
export const retryDelayMs = (attempt: number, options: ScheduleOptions = {}): number | undefined => {
  const base = RetryDelaysMs[attempt - 1];
  if (base === undefined) return undefined;
  const jitter = 1 + MAX_JITTER * (options.random ?? Math.random)();
  return Math.round(base * jitter * (options.scale ?? 1));
};

export const retryScaleFromEnv = (env: NodeJS.ProcessEnv = process.env): number => {
  const raw = env.WEBHOOK_RETRY_SCALE;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new Error(`WEBHOOK_RETRY_SCALE must be in (0, 1], got '${raw}'`);
  return n;
};
