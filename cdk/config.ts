/**
 * Deployment settings, from CDK context (`-c key=value` or cdk.json) with an
 * environment-variable fallback. Nothing here needs AWS credentials.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

export interface CertverifyConfig {
  /** Browser origins for API CORS and presigned-PUT CORS; empty → no CORS (server-to-server callers). */
  readonly allowedOrigins: readonly string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: RetentionDays;
  readonly logLevel: string;
  readonly uploadsExpireAfterDays: number;
  readonly alarmEmail?: string;
  readonly allowMissingHandlers: boolean;
  /** CloudFront + WAF rate limit per client address on the public lookups (cdk/constructs/lookup-firewall.ts); undefined: none. */
  readonly lookupFirewall?: { readonly lookupsPer5Minutes: number };
}

const raw = (node: Node, key: string, envName: string): unknown => node.tryGetContext(key) ?? process.env[envName];

const list = (value: unknown): string[] => {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String).filter((s) => s.length > 0);
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
};

const int = (value: unknown, fallback: number): number => {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Expected a positive integer, got '${String(value)}'`);
  return n;
};

const bool = (value: unknown): boolean => value === true || value === 'true' || value === '1';

const retention = (days: number): RetentionDays => {
  const allowed = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number');
  if (!allowed.includes(days as RetentionDays)) throw new Error(`logRetentionDays must be one of ${allowed.join(', ')}`);
  return days as RetentionDays;
};

export const readConfig = (node: Node): CertverifyConfig => {
  const origins = list(raw(node, 'allowedOrigins', 'ALLOWED_ORIGINS'));
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) throw new Error(`allowedOrigins: '${origin}' is not an origin`);
  }
  const alarmEmail = raw(node, 'alarmEmail', 'ALARM_EMAIL');
  return {
    allowedOrigins: origins,
    throttle: {
      rateLimit: int(raw(node, 'throttleRateLimit', 'THROTTLE_RATE_LIMIT'), 50),
      burstLimit: int(raw(node, 'throttleBurstLimit', 'THROTTLE_BURST_LIMIT'), 100),
    },
    logRetention: retention(int(raw(node, 'logRetentionDays', 'LOG_RETENTION_DAYS'), 30)),
    logLevel: String(raw(node, 'logLevel', 'POWERTOOLS_LOG_LEVEL') ?? 'INFO'),
    uploadsExpireAfterDays: int(raw(node, 'uploadsExpireAfterDays', 'UPLOADS_EXPIRE_AFTER_DAYS'), 30),
    ...(typeof alarmEmail === 'string' && alarmEmail.length > 0 ? { alarmEmail } : {}),
    allowMissingHandlers: bool(raw(node, 'allowMissingHandlers', 'ALLOW_MISSING_HANDLERS')),
    // On unless lookupFirewall=false: it needs us-east-1 (a CLOUDFRONT WebACL).
    ...(raw(node, 'lookupFirewall', 'LOOKUP_FIREWALL') === false || raw(node, 'lookupFirewall', 'LOOKUP_FIREWALL') === 'false'
      ? {}
      : { lookupFirewall: { lookupsPer5Minutes: int(raw(node, 'lookupsPer5Minutes', 'LOOKUPS_PER_5_MINUTES'), 100) } }),
  };
};
