import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per process; the middy chain adds the request ids per invocation. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'certverify' });
