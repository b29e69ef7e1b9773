import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, synthesize, type Synth } from './synth.ts';

let synth: Synth;

beforeAll(() => {
  synth = synthesize();
}, 240_000);

type Statement = Record<string, unknown>;

describe('cdk: lookup firewall (WAF rate limit per address on the public lookups)', () => {
  it('limits each client address on /r/* and the anonymous report lookup, and answers 429 TOO_MANY_LOOKUPS problem+json', () => {
    const acls = synth.template.findResources('AWS::WAFv2::WebACL');
    expect(Object.keys(acls)).toHaveLength(1);
    const acl = Object.values(acls)[0] as { Properties: { Scope: string; DefaultAction: unknown; Rules: Array<Record<string, unknown>>; CustomResponseBodies: Record<string, { Content: string }> } };
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const [rule] = acl.Properties.Rules;
    expect(rule).toMatchObject({
      Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'TooManyLookups', ResponseHeaders: expect.arrayContaining([{ Name: 'retry-after', Value: '300' }]) } } },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: 100 } },
    });
    const scoped = ((rule?.Statement as Statement).RateBasedStatement as Statement).ScopeDownStatement as { OrStatement: { Statements: Statement[] } };
    const [pages, lookup] = scoped.OrStatement.Statements;
    expect(pages).toMatchObject({ ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/r/' } });
    const parts = (lookup as { AndStatement: { Statements: Statement[] } }).AndStatement.Statements;
    const regex = new RegExp(((parts[1] as Statement).RegexMatchStatement as { RegexString: string }).RegexString);
    expect(['/issuers/mingjian-testing/reports/MJ2025-000342'].every((p) => regex.test(p))).toBe(true);
    expect(['/issuers/mingjian-testing/reports/MJ2025-000342/passport', '/issuers/mingjian-testing', '/reports/MJ2025-000342/verifications'].some((p) => regex.test(p))).toBe(false);
    expect(parts[0]).toMatchObject({ ByteMatchStatement: { FieldToMatch: { Method: {} }, SearchString: 'GET' } });
    expect(parts[2]).toMatchObject({ NotStatement: { Statement: { SizeConstraintStatement: { FieldToMatch: { SingleHeader: { Name: 'authorization' } }, ComparisonOperator: 'GT', Size: 0 } } } });
    const body = JSON.parse(acl.Properties.CustomResponseBodies.TooManyLookups?.Content ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ status: 429, code: 'TOO_MANY_LOOKUPS', type: 'https://certverify.dev/problems/too-many-lookups' });
  });

  it('fronts the HTTP API with an uncached CloudFront distribution that carries the WebACL', () => {
    const aclId = logicalId(synth.stack, { node: { defaultChild: synth.stack.lookupFirewall?.webAcl } });
    synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: { 'Fn::GetAtt': [aclId, 'Arn'] },
        DefaultCacheBehavior: Match.objectLike({ CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', ViewerProtocolPolicy: 'https-only' }),
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::Join': ['', [{ Ref: logicalId(synth.stack, synth.stack.api.httpApi) }, Match.stringLikeRegexp('^\\.execute-api\\.'), Match.anyValue(), Match.anyValue(), Match.anyValue()]] },
          }),
        ],
      }),
    });
  });
});
