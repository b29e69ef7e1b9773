import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as getReportOf } from '#functions/get-report/handler.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';
import { httpEvent, invoke } from '../../support/events.ts';
import { testDeps } from '../../support/runtime.ts';

const LIMITS = { PUBLIC_LOOKUP_FAILURES_PER_NUMBER: '3', PUBLIC_LOOKUP_FAILURES_PER_CLIENT: '5', PUBLIC_LOOKUP_WINDOW_SECONDS: '600' };

describe('public lookup throttle', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let getReport: ReturnType<typeof getReportOf>;
  const saved: Record<string, string | undefined> = {};

  const lookup = (reportNumber: string, issueDate: string, sourceIp: string) => {
    const event = httpEvent({
      method: 'GET',
      route: '/issuers/{issuerId}/reports/{reportNumber}',
      path: `/issuers/mingjian-testing/reports/${reportNumber}`,
      pathParameters: { issuerId: 'mingjian-testing', reportNumber },
      query: { issueDate },
    });
    event.requestContext.http.sourceIp = sourceIp;
    return invoke(getReport, event);
  };

  beforeAll(async () => {
    for (const [k, v] of Object.entries(LIMITS)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    engine = await startDynalite();
    ({ repos } = await demoRepositories(engine.endpoint));
    getReport = getReportOf(testDeps(repos));
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) process.env[k] = v ?? '';
    repos.destroy();
    await engine.stop();
  });

  it('after 3 wrong dates for a number, even the right date answers 429 with Retry-After, from any address', async () => {
    // Act
    const guesses = [];
    for (const day of ['01', '02', '03']) guesses.push(await lookup('MJ2025-000342', `2025-01-${day}`, '198.51.100.1'));
    const right = await lookup('MJ2025-000342', '2025-05-20', '198.51.100.2');

    // Assess
    expect(guesses.map((g) => g.statusCode)).toStrictEqual([404, 404, 404]);
    expect(right.statusCode).toBe(429);
    expect(right.body).toMatchObject({ status: 429, code: 'TOO_MANY_LOOKUPS' });
    const retryAfter = Number(right.headers?.['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
  });

  it('answers an unknown number exactly as a registered one once it is throttled', async () => {
    // Prepare
    for (const day of ['01', '02', '03']) await lookup('MJ2025-000127', `2025-01-${day}`, '198.51.100.3');
    for (const day of ['01', '02', '03']) await lookup('MJ2099-999999', `2025-01-${day}`, '198.51.100.4');

    // Act
    const registered = await lookup('MJ2025-000127', '2025-02-01', '198.51.100.5');
    const unknown = await lookup('MJ2099-999999', '2025-02-01', '198.51.100.6');

    // Assess
    const strip = (r: typeof registered) => ({ ...r, headers: { ...r.headers, 'retry-after': 'n' } });
    expect(strip(registered)).toStrictEqual(strip(unknown));
    expect(registered.statusCode).toBe(429);
  });

  it('limits one address guessing across many numbers', async () => {
    // Act
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await lookup(`MJ2030-00000${i}`, '2025-01-01', '203.0.113.9'));
    const elsewhere = await lookup('MJ2030-000009', '2025-01-01', '203.0.113.10');

    // Assess
    expect(answers.map((a) => a.statusCode)).toStrictEqual([404, 404, 404, 404, 404, 429]);
    expect(elsewhere.statusCode).toBe(404);
  });
});
