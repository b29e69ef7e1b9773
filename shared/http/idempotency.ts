import type { MiddlewareObj } from '@middy/core';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
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

const translate = (error: unknown): unknown => {
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return new IdempotencyInProgressError('A request with this Idempotency-Key is still running; retry shortly.', { cause: error });
  }
  if (error instanceof IdempotencyValidationError) {
    return new IdempotencyKeyReusedError('This Idempotency-Key was used with another request body.', { cause: error });
  }
  if (error instanceof IdempotencyPersistenceLayerError) {
    return new DependencyUnavailableError('dynamodb', 'The idempotency store is unavailable', { cause: error });
  }
  return error;
};

/** `scope` names the route's records (one partition per route), independent of the deployed function's name. */
export const idempotent = (table: Table, scope: string): MiddlewareObj<HttpEvent, HttpResult> => {
  const inner = powertools(table, scope);
  const active = new WeakSet<object>();
  return {
    before: async (request) => {
      const key = header(request.event, IDEMPOTENCY_HEADER);
      if (key === undefined) return;
      if (key.length < 8 || key.length > 128) {
        throw new ValidationFailedError('Invalid Idempotency-Key.', [{ path: `header.${IDEMPOTENCY_HEADER}`, message: '8 to 128 characters' }]);
      }
      active.add(request);
      try {
        return await inner.before?.(request as never);
      } catch (e) {
        throw translate(e);
      }
    },
    after: async (request) => {
      if (!active.has(request)) return;
      await inner.after?.(request as never);
    },
    onError: async (request) => {
      if (!active.has(request)) return;
      await inner.onError?.(request as never);
    },
  };
};
