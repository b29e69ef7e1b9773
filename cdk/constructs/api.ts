/**
 * The HTTP API (API Gateway v2): one route per entry in shared/http/routes.ts,
 * each integrated with its own function (payload format 2.0).
 *
 * Auth: no API Gateway authorizer. Every handler runs the shared middy auth
 * middleware (shared/http), which hashes the Bearer key, looks it up in the
 * table and maps it to a principal. Reasons:
 * - the same route serves authenticated and anonymous callers
 *   (`GET /issuers/{issuerId}/reports/{reportNumber}` is the public lookup
 *   without a key), which an authorizer on the route would reject;
 * - 401/403 must be RFC 9457 problem+json bodies with stable codes, which
 *   an authorizer's generated responses are not;
 * - role and issuer checks (an issuer key acts only on its own issuerId)
 *   need the route's parameters and happen in the handler anyway;
 * - the local runtime runs the very same code path.
 * The cost of an authorizer cache hit is saved too; the key lookup is one
 * GetItem.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { constructId } from '../handlers.ts';
import type { CertverifyFunction } from './functions.ts';

/** HTTP API ($context variables differ from REST APIs: routeKey, no resourcePath). */
const HttpAccessLogFields = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
};

export interface ApiProps {
  readonly functions: readonly CertverifyFunction[];
  readonly allowedOrigins: readonly string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: RetentionDays;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const methods = [...new Set(props.functions.flatMap((f) => f.spec.routes.map((r) => r.method)))];
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'certverify: is this inspection report genuine?',
      createDefaultStage: false,
      corsPreflight:
        props.allowedOrigins.length > 0
          ? {
              allowOrigins: [...props.allowedOrigins],
              allowMethods: [...methods.map((m) => CorsHttpMethod[m]), CorsHttpMethod.OPTIONS],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              exposeHeaders: ['content-type', 'location'],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(HttpAccessLogFields)),
      },
    });

    for (const f of props.functions) {
      for (const route of f.spec.routes) {
        this.httpApi.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration: new HttpLambdaIntegration(`${constructId(f.spec.handler)}${route.method}Integration`, f.fn, {
            payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
          }),
        });
      }
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
