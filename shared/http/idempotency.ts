import type { MiddlewareObj } from '@middy/core';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import {
  ConflictError,
  DependencyUnavailableError,
  IdempotencyInProgressError,
  ValidationFailedError,
} from '#shared/domain/errors.ts';
import { Keys } from '#shared/store/access-patterns.ts';
import type { Table } from '#shared/store/table.ts';
import { header } from './request.ts';
import type { HttpEvent, HttpResult } from './route.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Seconds a client is told to wait before retrying a request whose twin is still running. */
export const IDEMPOTENCY_RETRY_AFTER_SECONDS = 1;

export class IdempotencyKeyReusedError extends ConflictError {
  override readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

/**
 * Powertools idempotency over the same table (records under access pattern
 * 19: pk = IDEMPOTENCY#<scope>, sk = <scope>#<md5 of the key>, expiring after 24 h through the
 * table's TTL attribute on AWS). The key is the Idempotency-Key header
 * together with the caller's Authorization header, so two platforms never
 * share a record; the body is validated, so a reused key with another body is
 * a 409. A request without the header runs normally.
 */
const powertools = (table: Table, scope: string): MiddlewareObj => {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: table.name,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: Keys.idempotencyPartition(scope),
    expiryAttr: 'expiresAt',
    awsSdkV3Client: table.doc as never,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: `[headers."${IDEMPOTENCY_HEADER}", headers.authorization]`,
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: 24 * 60 * 60,
    throwOnNoIdempotencyKey: true,
  });
  return makeHandlerIdempotent({ persistenceStore, config, keyPrefix: scope }) as MiddlewareObj;
};

const inProgress = (cause: unknown) =>
  new IdempotencyInProgressError('A request with this Idempotency-Key is still running; retry shortly.', {
    cause,
    details: { retryAfterSeconds: IDEMPOTENCY_RETRY_AFTER_SECONDS },
  });

/** Powertools errors by name (the classes are not shared across bundles): each is a 409 or a 503, never a 500. */
const translate = (error: unknown): unknown => {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'IdempotencyAlreadyInProgressError':
    case 'IdempotencyInconsistentStateError':
    case 'IdempotencyItemNotFoundError':
      return inProgress(error);
    case 'IdempotencyValidationError':
      return new IdempotencyKeyReusedError('This Idempotency-Key was used with another request body.', { cause: error });
    case 'IdempotencyPersistenceLayerError':
      return new DependencyUnavailableError('dynamodb', 'The idempotency store is unavailable', { cause: error });
    default:
      return error;
  }
};

/**
 * `scope` names the route's records (one partition per route), independent of the deployed function's name.
 * Only a request that itself saved the in-progress record reaches Powertools'
 * after/onError: a request refused in `before` (a twin in progress, another
 * body under the key) must never delete the record of the request that holds the key.
 */
export const idempotent = (table: Table, scope: string): MiddlewareObj<HttpEvent, HttpResult> => {
  const inner = powertools(table, scope);
  const owner = new WeakSet<object>();
  return {
    before: async (request) => {
      const key = header(request.event, IDEMPOTENCY_HEADER);
      if (key === undefined) return;
      if (key.length < 8 || key.length > 128) {
        throw new ValidationFailedError('Invalid Idempotency-Key.', [{ path: `header.${IDEMPOTENCY_HEADER}`, message: '8 to 128 characters' }]);
      }
      // The record can vanish between the failed conditional put and the read of it (its
      // owner failed and deleted it): then this request may take the key, so try again.
      for (let attempt = 0; ; attempt++) {
        try {
          const stored = (await inner.before?.(request as never)) as HttpResult | undefined;
          if (stored === undefined) owner.add(request);
          return stored;
        } catch (e) {
          if (e instanceof Error && e.name === 'IdempotencyItemNotFoundError' && attempt < 3) continue;
          throw translate(e);
        }
      }
    },
    after: async (request) => {
      if (!owner.has(request)) return;
      try {
        await inner.after?.(request as never);
      } catch (e) {
        throw translate(e);
      }
    },
    onError: async (request) => {
      if (!owner.has(request)) return;
      owner.delete(request);
      await inner.onError?.(request as never);
    },
  };
};
