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
 * are reset per request.
 */
export const invocationLogger = <E, R, C extends Context = Context>(base: Logger): MiddlewareObj<E, R, Error, C> => ({
  before: (request) => {
    const logger = base.createChild();
    logger.addContext(request.context);
    (request.context as C & LoggedContext).logger = logger;
  },
});

/** This invocation's logger (set by invocationLogger). */
export const loggerOf = (context: Context): Logger => (context as LoggedContext).logger;
