/**
 * A per-address rate limit on the public lookups at the edge (issue 14), in
 * front of the application's own throttle (failed lookups counted per report
 * number and per client address in the table: `429 TOO_MANY_LOOKUPS`).
 *
 * AWS WAF cannot be associated with an API Gateway HTTP API (v2) stage, only
 * with REST API stages, ALBs, CloudFront and a few others. So the API gets a
 * CloudFront distribution (no caching, every viewer header but Host passed
 * on) with a WAFv2 WebACL of scope CLOUDFRONT: a rate-based rule per client
 * IP over a 5-minute window, scoped down to the public lookup paths
 * (`/r/*`, the passport page, and `GET /issuers/{issuerId}/reports/{reportNumber}`
 * without an Authorization header: the anonymous lookup). Past the limit the
 * edge answers `429` problem+json `TOO_MANY_LOOKUPS` with `Retry-After`, the
 * same body whether the number exists or not. WAF counts requests, not
 * failures (it never sees the answer), so the limit sits well above what an
 * honest caller sends; the failures themselves are counted by the API.
 *
 * Limits of this design, said plainly: a CLOUDFRONT-scope WebACL can only be
 * created in us-east-1 (deploy the stack there, or set the context
 * `lookupFirewall=false`); and the execute-api endpoint stays reachable
 * directly, where only the application's own throttle applies.
 */
import { CfnOutput, Stack, Token } from 'aws-cdk-lib';
import { AllowedMethods, CachePolicy, Distribution, OriginRequestPolicy, PriceClass, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { problemResponse } from '#shared/http/problem.ts';
import type { Api } from './api.ts';

export interface LookupFirewallProps {
  readonly api: Api;
  /** Lookup requests one client address may send in 5 minutes before the edge answers 429 (WAF's minimum is 10). */
  readonly lookupsPer5Minutes: number;
}

/** The problem+json body of the edge's 429: the API's own code and wording (docs/api.md, TOO_MANY_LOOKUPS). */
export const EdgeThrottleBody = String(
  problemResponse({ status: 429, title: 'Too many requests', detail: 'Too many lookups from this address; retry in a few minutes.', code: 'TOO_MANY_LOOKUPS' }).body,
);

const uriStartsWith = (prefix: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/** GET /issuers/{issuerId}/reports/{reportNumber} (exactly: not /passport, /verifications…) with no Authorization header. */
const anonymousReportLookup: CfnWebACL.StatementProperty = {
  andStatement: {
    statements: [
      { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'GET', textTransformations: [{ priority: 0, type: 'NONE' }] } },
      { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: '^/issuers/[^/]+/reports/[^/]+$', textTransformations: [{ priority: 0, type: 'NONE' }] } },
      {
        notStatement: {
          statement: {
            sizeConstraintStatement: {
              fieldToMatch: { singleHeader: { Name: 'authorization' } },
              comparisonOperator: 'GT',
              size: 0,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        },
      },
    ],
  },
};

export class LookupFirewall extends Construct {
  readonly webAcl: CfnWebACL;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: LookupFirewallProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new Error(`LookupFirewall: a CLOUDFRONT WebACL must be created in us-east-1, not ${region} (or set the context lookupFirewall=false).`);
    }
    if (props.lookupsPer5Minutes < 10) throw new Error('LookupFirewall: WAF rate-based rules count at least 10 requests.');

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'certverify: per-address rate limit on the public lookups',
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'certverify-edge', sampledRequestsEnabled: true },
      customResponseBodies: { TooManyLookups: { contentType: 'APPLICATION_JSON', content: EdgeThrottleBody } },
      rules: [
        {
          name: 'public-lookups-per-address',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'TooManyLookups',
                responseHeaders: [
                  { name: 'retry-after', value: '300' },
                  { name: 'content-type', value: 'application/problem+json' },
                ],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              limit: props.lookupsPer5Minutes,
              scopeDownStatement: { orStatement: { statements: [uriStartsWith('/r/'), anonymousReportLookup] } },
            },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'certverify-public-lookups-per-address', sampledRequestsEnabled: true },
        },
      ],
    });

    this.distribution = new Distribution(this, 'Edge', {
      comment: 'certverify API behind the lookup firewall',
      defaultBehavior: {
        origin: new HttpOrigin(`${props.api.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      },
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: this.webAcl.attrArn,
    });
    new CfnOutput(this, 'EdgeUrl', { value: `https://${this.distribution.distributionDomainName}`, description: 'The API through the lookup firewall (CloudFront + WAF)' });
  }
}
