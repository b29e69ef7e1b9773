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
import { repositories } from '#shared/services/container.ts';
import { header } from './request.ts';
import type { HttpEvent, HttpResult } from './route.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export class IdempotencyKeyReusedError extends ConflictError {
  override readonly code = 'IDEMPOTENCY_KEY_REUSED';
}


let inner: MiddlewareObj | undefined;

/**
 * Powertools idempotency over the same table (records under
 * pk = IDEMPOTENCY#<function>, sk = hash, expiring after 24 h through the
 * table's TTL attribute on AWS). The key is the Idempotency-Key header
 * together with the caller's Authorization header, so two platforms never
 * share a record; the body is validated, so a reused key with another body is
 * a 409. A request without the header runs normally.
 */
const powertools = (): MiddlewareObj => {
  if (!inner) {
    const { table } = repositories();
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: table.name,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: `IDEMPOTENCY#${process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'create-verification'}`,
      expiryAttr: 'expiresAt',
      awsSdkV3Client: table.doc as never,
    });
    const config = new IdempotencyConfig({
      eventKeyJmesPath: `[headers."${IDEMPOTENCY_HEADER}", headers.authorization]`,
      payloadValidationJmesPath: 'body',
      expiresAfterSeconds: 24 * 60 * 60,
      throwOnNoIdempotencyKey: true,
    });
    inner = makeHandlerIdempotent({ persistenceStore, config }) as MiddlewareObj;
  }
  return inner;
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

export const idempotent = (): MiddlewareObj<HttpEvent, HttpResult> => {
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
        return await powertools().before?.(request as never);
      } catch (e) {
        throw translate(e);
      }
    },
    after: async (request) => {
      if (!active.has(request)) return;
      await powertools().after?.(request as never);
    },
    onError: async (request) => {
      if (!active.has(request)) return;
      await powertools().onError?.(request as never);
    },
  };
};
