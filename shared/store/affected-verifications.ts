import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Presentation } from '#shared/domain/verification.ts';
import { Keys } from './access-patterns.ts';
import { dynamo, stripKeys, type Table } from './table.ts';

/**
 * The AUTHENTIC verifications a change may invalidate, found by Query on the
 * indexes that exist (access patterns W5-W7), never by Scan: one Query per
 * changed report or pattern, plus its pages. Pages are yielded as they
 * come, so the fan-out starts delivering before the last page is read.
 */
export type AffectedVerification = Presentation & { document?: { sha256: string } };

export type AffectedBy =
  | { by: 'report'; issuerId: string; reportNumber: string }
  | { by: 'reportNumber'; reportNumber: string }
  | { by: 'document'; sha256: string }
  | { by: 'seller'; sellerId: string }
  | { by: 'issuer'; issuerId: string };

const PROJECTION = ['verificationId', 'verdict', 'issuerId', 'reportNumber', 'sellerId', 'listingId', 'submittedBy', 'createdAt'];

export class AffectedVerifications {
  constructor(private readonly table: Table) {}

  async *find(affected: AffectedBy, pageSize?: number): AsyncGenerator<AffectedVerification[]> {
    const query = this.queryOf(affected);
    let start: Record<string, unknown> | undefined;
    do {
      const names: Record<string, string> = { '#verdict': 'verdict', ...Object.fromEntries(PROJECTION.map((p) => [`#${p}`, p])) };
      const out = await dynamo('Query', () =>
        this.table.doc.send(
          new QueryCommand({
            TableName: this.table.name,
            IndexName: query.index,
            KeyConditionExpression: query.keyCondition,
            FilterExpression: ['#verdict = :authentic', ...(query.filter ? [query.filter] : [])].join(' AND '),
            ProjectionExpression: PROJECTION.map((p) => `#${p}`).join(', '),
            ExpressionAttributeNames: { ...names, ...query.names },
            ExpressionAttributeValues: { ':authentic': 'AUTHENTIC', ...query.values },
            ExclusiveStartKey: start,
            ...(pageSize ? { Limit: pageSize } : {}),
          }),
        ),
      );
      const items = (out.Items ?? []).map((i) => stripKeys<AffectedVerification>(i));
      if (items.length > 0) yield items;
      start = out.LastEvaluatedKey;
    } while (start);
  }

  private queryOf(a: AffectedBy): { index: string; keyCondition: string; filter?: string; names: Record<string, string>; values: Record<string, unknown> } {
    switch (a.by) {
      case 'report':
      case 'reportNumber':
        return {
          index: 'gsi6',
          keyCondition: 'gsi6pk = :pk AND begins_with(gsi6sk, :v)',
          ...(a.by === 'report' ? { filter: '#issuerId = :issuerId' } : {}),
          names: {},
          values: { ':pk': Keys.reportNumberIndex(a.reportNumber), ':v': 'V#', ...(a.by === 'report' ? { ':issuerId': a.issuerId } : {}) },
        };
      case 'document':
        return { index: 'gsi1', keyCondition: 'gsi1pk = :pk', names: {}, values: { ':pk': Keys.verificationsByDocument(a.sha256) } };
      case 'seller':
        return { index: 'gsi4', keyCondition: 'gsi4pk = :pk', names: {}, values: { ':pk': Keys.verificationsBySeller(a.sellerId) } };
      case 'issuer':
        return { index: 'gsi3', keyCondition: 'gsi3pk = :pk', names: {}, values: { ':pk': Keys.verificationsByIssuer(a.issuerId) } };
    }
  }
}
