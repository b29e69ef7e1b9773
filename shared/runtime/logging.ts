import { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/** The base logger of a process; roots make one, invocations log through children of it. */
export const createLogger = (serviceName = 'certverify'): Logger => new Logger({ serviceName });

/** What every handler finds on its Lambda context: its own logger. */
export type LoggedContext = Context & { logger: Logger };

/**
 * One child logger per invocation, carrying that invocation's function name
 * and request id. Concurrent invocations (the local server runs many at once)
 * never share mutable logger keys, unlike a process-wide logger whose keys
 * are reset per request. The child is built the first time the invocation
 * logs: Powertools' createChild costs more than the rest of a fields-only
 * verification's middleware chain, and a request that succeeds logs nothing.
 * Keys given to `appendLogKeys` before then are applied when it is built.
 */
export const invocationLogger = <E, R, C extends Context = Context>(base: Logger): MiddlewareObj<E, R, Error, C> => ({
  before: (request) => {
    const context = request.context;
    const keys: Record<string, unknown> = {};
    let child: Logger | undefined;
    Object.defineProperty(context, 'logger', {
      configurable: true,
      enumerable: false,
      get: () => {
        if (!child) {
          child = base.createChild();
          child.addContext(context);
          child.appendKeys(keys);
        }
        return child;
      },
    });
    Object.defineProperty(context, PENDING_KEYS, {
      configurable: true,
      enumerable: false,
      value: (more: Record<string, unknown>) => (child ? child.appendKeys(more) : Object.assign(keys, more)),
    });
  },
});

const PENDING_KEYS = Symbol('appendLogKeys');

/** Adds keys to this invocation's logger without building it before it is needed. */
export const appendLogKeys = (context: Context, keys: Record<string, unknown>): void => {
  const append = (context as unknown as Record<symbol, ((k: Record<string, unknown>) => void) | undefined>)[PENDING_KEYS];
  if (append) append(keys);
  else (context as LoggedContext).logger.appendKeys(keys);
};

/** This invocation's logger (set by invocationLogger). */
export const loggerOf = (context: Context): Logger => (context as LoggedContext).logger;
