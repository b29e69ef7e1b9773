import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createHandler as listApiKeysOf } from '#functions/list-api-keys/handler.ts';
import { createHandler as listVerificationsOf } from '#functions/list-verifications/handler.ts';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { DemoKeys } from '#local/seed/seed.ts';
import { engineFactories, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';
import { httpEvent, invoke, problemOf } from '../../support/events.ts';
import { testDeps } from '../../support/runtime.ts';


describe.each(engineFactories())('DynamoDB ValidationException on $name', ({ start }) => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let keys: DemoKeys;
  let listApiKeys: ReturnType<typeof listApiKeysOf>;
  let listVerifications: ReturnType<typeof listVerificationsOf>;
  /** A cursor signed with the right secret, for the right query, carrying a key of another shape. */
  const foreignCursor = (scope: string, key: Record<string, string>) => repos.table.cursors.encode(scope, key) as string;

  beforeAll(async () => {
    engine = await start();
    ({ repos, keys } = await demoRepositories(engine.endpoint));
    const deps = testDeps(repos);
    listApiKeys = listApiKeysOf(deps);
    listVerifications = listVerificationsOf(deps);
  }, 60_000);

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  it.each([
    ['a key of another table shape', { pk: 'APIKEY#x', sk: 'KEY', bogus: 'y' }],
    ['a key from another partition', { pk: 'ISSUER#mingjian-testing', sk: 'PROFILE', gsi1pk: 'ISSUERS', gsi1sk: 'x' }],
  ])('a signed cursor carrying %s is a 400 INVALID_CURSOR, not a 503', async (_what, key) => {
    // Act
    const res = await invoke(
      listApiKeys,
      httpEvent({ method: 'GET', route: '/api-keys', path: '/api-keys', query: { cursor: foreignCursor('api-keys', key) }, apiKey: keys.admin }),
    );

    // Assess
    expect(res).toStrictEqual(problemOf(400, 'INVALID_CURSOR', { title: 'Invalid cursor', detail: 'The cursor is not one this API issued for this query.' }));
  });

  it('a verification search cursor with a foreign start key is a 400', async () => {
    // Prepare
    const scope = `verifications:${JSON.stringify([undefined, undefined, undefined, 'seller-1', undefined, undefined])}`;
    const cursor = foreignCursor(scope, { pk: 'X', nope: 'y' });

    // Act
    const res = await invoke(
      listVerifications,
      httpEvent({ method: 'GET', route: '/verifications', path: '/verifications', query: { sellerId: 'seller-1', cursor }, apiKey: keys.investigator }),
    );

    // Assess
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({ code: expect.stringMatching(/^(INVALID_CURSOR|INVALID_INPUT)$/) });
  });

  it('a real outage (throttling past the retries) is still DependencyUnavailableError (503)', async () => {
    // Prepare
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: {} }));

    // Act
    const listing = repos.apiKeys.list({ limit: 10 });

    // Assess
    try {
      await expect(listing).rejects.toBeInstanceOf(DependencyUnavailableError);
    } finally {
      ddb.restore();
    }
  });
});
