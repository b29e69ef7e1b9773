import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelayMs, retryScaleFromEnv, RetryDelaysMs } from '#shared/webhooks/retry-schedule.ts';
import { matchesFilter } from '#shared/webhooks/stream.ts';

describe('webhooks: retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up after 8 attempts', () => {
    // Act
    const base = Array.from({ length: 8 }, (_, i) => retryDelayMs(i + 1, { random: () => 0 }));
    // Assess
    expect(base).toStrictEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000, undefined]);
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it('adds up to 20 % jitter, never less than the delay', () => {
    // Act
    const top = RetryDelaysMs.map((_, i) => retryDelayMs(i + 1, { random: () => 0.999999 }));
    // Assess
    expect(top).toStrictEqual(RetryDelaysMs.map((d) => Math.round(d * (1 + 0.2 * 0.999999))));
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(1) ?? 0;
      expect(d).toBeGreaterThanOrEqual(5_000);
      expect(d).toBeLessThanOrEqual(6_000);
    }
  });

  it('scales the whole schedule down for tests', () => {
    // Act & Assess
    expect(retryDelayMs(2, { scale: 0.001, random: () => 0 })).toBe(300);
    expect([retryScaleFromEnv({}), retryScaleFromEnv({ WEBHOOK_RETRY_SCALE: '0.01' })]).toStrictEqual([1, 0.01]);
    expect(() => retryScaleFromEnv({ WEBHOOK_RETRY_SCALE: '5' })).toThrow(/WEBHOOK_RETRY_SCALE/);
  });
});

describe('webhooks: stream event filter', () => {
  const record = (eventName: string, NewImage: Record<string, unknown>, OldImage?: Record<string, unknown>) => ({
    eventName,
    dynamodb: { NewImage, ...(OldImage ? { OldImage } : {}) },
  });
  it.each([
    ['a stored verification', record('INSERT', { entity: { S: 'Verification' }, verdict: { S: 'AUTHENTIC' } }), true],
    ['an upload placeholder', record('INSERT', { entity: { S: 'Verification' }, status: { S: 'PENDING' } }), false],
    ['a placeholder replaced by its result', record('MODIFY', { entity: { S: 'Verification' }, verdict: { S: 'SUSPICIOUS' } }, { status: { S: 'PENDING' } }), true],
    ['a verification updated later', record('MODIFY', { entity: { S: 'Verification' }, verdict: { S: 'AUTHENTIC' } }, { verdict: { S: 'AUTHENTIC' } }), false],
    ['a report change', record('MODIFY', { entity: { S: 'Report' }, status: { S: 'REVOKED' } }), true],
    ['a report registered', record('INSERT', { entity: { S: 'Report' }, status: { S: 'VALID' } }), false],
    ['a HIGH fraud pattern', record('INSERT', { entity: { S: 'FraudPattern' }, severity: { S: 'HIGH' } }), true],
    ['a MEDIUM fraud pattern', record('INSERT', { entity: { S: 'FraudPattern' }, severity: { S: 'MEDIUM' } }), false],
    ['a webhook delivery', record('INSERT', { entity: { S: 'WebhookDelivery' } }), false],
  ])('%s: %s', (_name, r, expected) => {
    // Act & Assess
    expect(matchesFilter(r)).toBe(expected);
  });
});
