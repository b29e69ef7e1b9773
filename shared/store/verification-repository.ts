import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FraudPattern, FraudPatternKind } from '#shared/domain/fraud-pattern.ts';
import type { Issuer } from '#shared/domain/issuer.ts';
import type { RegisteredReport } from '#shared/domain/report.ts';
import type { PendingVerification, Presentation, Verification, VerificationListQuery } from '#shared/domain/verification.ts';
import { normaliseFraudValue } from '#shared/domain/normalise.ts';
import { IdempotencyInProgressError } from '#shared/domain/errors.ts';
import { Entity, Keys, verificationIndexKeys } from './access-patterns.ts';
import { BatchGetCoalescer } from './batch.ts';
import { ReferenceVersion, versionOf } from './reference-version.ts';
import { projectionOf, TableSpec } from './table-spec.ts';
import { ownQueueAttributes, platformQueueItem } from './review-repository.ts';
import { dynamo, isConditionFailed, putNew, queryAll, stripKeys, type Table } from './table.ts';

/** Everything one verification reads from the store, fetched with one Query and one BatchGetItem. */
export interface VerificationLookup {
  /** Per printed accreditation number (as given), the issuer that owns it. */
  issuersByAccreditation: Map<string, Issuer | undefined>;
  issuerByName?: Issuer;
  keyedFraudPatterns: FraudPattern[];
  registeredReports: RegisteredReport[];
  /** The most recent presentations of the number (see HISTORY_LIMIT). */
  history: Presentation[];
  /** The reference-data counter, read in the same batch: a cache older than it reloads. */
  referenceVersion: number;
}

export interface LookupRequest {
  reportNumber?: string;
  accreditationNumbers: string[];
  issuerName?: string;
  fraudKeys: Array<{ kind: FraudPatternKind; value: string }>;
}

/** A stored PENDING/REJECTED upload placeholder carries who submitted it and the submission context. */
export type StoredPending = PendingVerification & { submittedBy: Verification['submittedBy']; submission: Record<string, unknown> };
type StoredVerification = Verification | StoredPending;

/**
 * How many items of a report number's partition one verification reads: its
 * registrations plus the most recent presentations. Reuse detection looks at
 * these; the full history stays queryable through GET /reports/{n}/verifications.
 */
export const HISTORY_LIMIT = 50;

/**
 * What the history Query returns: the attributes gsi6 projects, without the
 * keys, so that a popular number's 50 lines cost less to parse (bench:sdk-floor:
 * the 50-line Query is the costliest call of a verification). Names go
 * through placeholders: status, history and fields are reserved words.
 */
const gsi6 = TableSpec.globalSecondaryIndexes.find((g) => g.indexName === 'gsi6');
const HISTORY_ATTRIBUTES = gsi6 ? projectionOf(gsi6) : 'ALL';
// An index that projects every attribute is read whole (an empty ProjectionExpression is invalid).
const HISTORY_PROJECTION =
  HISTORY_ATTRIBUTES === 'ALL'
    ? {}
    : {
        ProjectionExpression: HISTORY_ATTRIBUTES.map((_, i) => `#h${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(HISTORY_ATTRIBUTES.map((name, i) => [`#h${i}`, name])),
      };

/** The months a time range spans, newest first (the by-month index is bucketed per month). */
const monthsBetween = (from: string, to: string): string[] => {
  const out: string[] = [];
  let y = Number(to.slice(0, 4));
  let m = Number(to.slice(5, 7));
  const stop = from.slice(0, 7);
  for (let i = 0; i < 1200; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month <= stop) break;
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
};

export class VerificationRepository {
  constructor(
    private readonly table: Table,
    /** The lookups' BatchGetItem reads, strongly consistent, coalesced across concurrent requests (batch.ts, repositories.ts). */
    private readonly batchGet: BatchGetCoalescer = new BatchGetCoalescer(table, { consistentRead: true }),
  ) {}

  /**
   * The store reads of one verification, at the same time: a Query on the
   * report number (the registrations under it and its earlier presentations)
   * and one BatchGetItem for the issuer pointers and the keyed fraud patterns
   * (coalesced with the lookups of concurrent verifications).
   */
  async lookup(request: LookupRequest): Promise<VerificationLookup> {
    const registeredReports: RegisteredReport[] = [];
    const history: Presentation[] = [];
    const accreditationKeys = request.accreditationNumbers.map((n) => ({ printed: n, key: Keys.issuerByAccreditation(n) }));
    const nameKey = request.issuerName ? Keys.issuerByName(request.issuerName) : undefined;
    const fraudKeys = request.fraudKeys.map((k) => Keys.keyedFraudPattern(k.kind, normaliseFraudValue(k.kind, k.value)));
    const keys = dedupe([ReferenceVersion.key, ...accreditationKeys.map((a) => a.key), ...(nameKey ? [nameKey] : []), ...fraudKeys]);
    // The number's history (one Query) and the keyed items (one BatchGetItem, shared with concurrent lookups) are read at once.
    const [page, found] = await Promise.all([
      request.reportNumber
        ? // Newest first: the registrations sort last in the key space (~REPORT#),
          // so they come first, then the most recent presentations. One page.
          dynamo('Query', () =>
            this.table.doc.send(
              new QueryCommand({
                TableName: this.table.name,
                IndexName: 'gsi6',
                KeyConditionExpression: 'gsi6pk = :pk',
                ExpressionAttributeValues: { ':pk': Keys.reportNumberIndex(request.reportNumber ?? '') },
                ...HISTORY_PROJECTION,
                ScanIndexForward: false,
                Limit: HISTORY_LIMIT,
              }),
            ),
          )
        : undefined,
      this.batchGet.get(keys),
    ]);
    for (const item of page?.Items ?? []) {
      if (item.entity === Entity.Report) registeredReports.push(stripKeys<RegisteredReport>(item));
      else if (item.entity === Entity.Verification && item.verdict) history.push(stripKeys<Presentation>(item));
    }
    const items = new Map(found.map((item) => [`${String(item.pk)}|${String(item.sk)}`, item]));
    const at = (key: { pk: string; sk: string }) => items.get(`${key.pk}|${key.sk}`);
    return {
      issuersByAccreditation: new Map(accreditationKeys.map((a) => [a.printed, at(a.key)?.issuer as Issuer | undefined])),
      ...(nameKey && at(nameKey) ? { issuerByName: at(nameKey)?.issuer as Issuer } : {}),
      keyedFraudPatterns: fraudKeys.flatMap((k) => {
        const item = at(k);
        return item ? [stripKeys<FraudPattern>(item)] : [];
      }),
      registeredReports,
      history,
      referenceVersion: versionOf(at(ReferenceVersion.key)),
    };
  }

  /**
   * Writes a finished verification: one PutItem, which also makes it its own
   * line in the all-platforms review queue when the verdict is not AUTHENTIC;
   * then the platform's queue line (review-repository.ts). It may replace only
   * its own PENDING placeholder.
   */
  async put(verification: Verification): Promise<void> {
    const put = {
      TableName: this.table.name,
      Item: {
        ...Keys.verification(verification.verificationId),
        ...verificationIndexKeys(verification),
        ...ownQueueAttributes(verification),
        entity: Entity.Verification,
        ...verification,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'PENDING' },
    };
    try {
      await dynamo('PutItem', () => this.table.doc.send(new PutCommand(put)));
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      throw new IdempotencyInProgressError(`Verification ${verification.verificationId} is already stored.`, { cause: e });
    }
    const line = platformQueueItem(verification);
    if (line) await dynamo('PutItem', () => this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: line })));
  }

  /** The placeholder of an upload that is verified asynchronously. */
  async putPending(pending: StoredPending): Promise<void> {
    await putNew(this.table, { ...Keys.verification(pending.verificationId), entity: Entity.Verification, ...pending });
  }

  /** An upload whose file was refused: the placeholder becomes REJECTED with the problem. */
  async reject(verificationId: string, problem: NonNullable<PendingVerification['problem']>): Promise<void> {
    try {
      await dynamo('UpdateItem', () =>
        this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: Keys.verification(verificationId),
            UpdateExpression: 'SET #status = :rejected, problem = :problem',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':rejected': 'REJECTED', ':pending': 'PENDING', ':problem': problem },
          }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
  }

  async get(verificationId: string): Promise<StoredVerification | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: Keys.verification(verificationId), ConsistentRead: true })),
    );
    return Item ? stripKeys(Item) : undefined;
  }

  /** Every presentation of a report number, newest first. */
  async byReportNumber(reportNumber: string): Promise<Presentation[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi6',
      KeyConditionExpression: 'gsi6pk = :pk AND begins_with(gsi6sk, :v)',
      ExpressionAttributeValues: { ':pk': Keys.reportNumberIndex(reportNumber), ':v': Keys.presentationPrefix },
      ScanIndexForward: false,
    });
    return items.map((i) => stripKeys<Presentation>(i));
  }

  /**
   * GET /verifications: always a Query. The index is the most selective
   * filter given (report number, seller, issuer, verdict, else month); the
   * time range is the sort-key condition; the other filters are a
   * FilterExpression on that Query. Without a filter the by-month index is
   * walked month by month, newest first.
   */
  async search(query: VerificationListQuery, now: Date = new Date()): Promise<{ items: Verification[]; nextCursor?: string }> {
    const from = query.from ?? '0000';
    const to = query.to ? (query.to.length === 10 ? `${query.to}T23:59:59.999Z` : query.to) : now.toISOString();
    const upper = `${to}#~`;
    const prefix = (p: string) => ({ low: `${p}${from}`, high: `${p}${upper}` });

    type Choice = { index: string; pk: string; skPrefix: string; used: keyof VerificationListQuery };
    const choice: Choice | undefined = query.reportNumber
      ? { index: 'gsi6', pk: Keys.reportNumberIndex(query.reportNumber), skPrefix: Keys.presentationPrefix, used: 'reportNumber' }
      : query.sellerId
        ? { index: 'gsi4', pk: Keys.verificationsBySeller(query.sellerId), skPrefix: '', used: 'sellerId' }
        : query.issuerId
          ? { index: 'gsi3', pk: Keys.verificationsByIssuer(query.issuerId), skPrefix: '', used: 'issuerId' }
          : query.verdict
            ? { index: 'gsi2', pk: Keys.verificationsByVerdict(query.verdict), skPrefix: '', used: 'verdict' }
            : undefined;

    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    for (const field of ['verdict', 'issuerId', 'sellerId'] as const) {
      if (query[field] === undefined || choice?.used === field) continue;
      filters.push(`#${field} = :${field}`);
      names[`#${field}`] = field;
      values[`:${field}`] = query[field];
    }

    const scope = `verifications:${JSON.stringify([query.verdict, query.issuerId, query.reportNumber, query.sellerId, query.from, query.to])}`;
    const cursor = this.table.cursors.decode(scope, query.cursor);
    const months: Array<string | undefined> = choice ? [undefined] : monthsBetween(query.from ?? '2020-01', to);
    let monthIndex = cursor?.month ? Math.max(0, months.indexOf(cursor.month)) : 0;
    let start: Record<string, string> | undefined = cursor ? Object.fromEntries(Object.entries(cursor).filter(([k]) => k !== 'month')) : undefined;
    if (start && Object.keys(start).length === 0) start = undefined;

    const items: Verification[] = [];
    while (items.length < query.limit && monthIndex < months.length) {
      const month = months[monthIndex];
      const index = choice?.index ?? 'gsi5';
      const pk = choice?.pk ?? Keys.verificationsByMonth(month ?? '');
      const range = prefix(choice?.skPrefix ?? '');
      const { Items, LastEvaluatedKey } = await dynamo('Query', () =>
        this.table.doc.send(
          new QueryCommand({
            TableName: this.table.name,
            IndexName: index,
            KeyConditionExpression: `#pk = :pk AND #sk BETWEEN :low AND :high`,
            ExpressionAttributeNames: { '#pk': `${index}pk`, '#sk': `${index}sk`, ...names },
            ExpressionAttributeValues: { ':pk': pk, ':low': range.low, ':high': range.high, ...values },
            ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
            ScanIndexForward: false,
            Limit: query.limit - items.length,
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(Items ?? []).map((i) => stripKeys<Verification>(i)));
      if (LastEvaluatedKey) {
        start = LastEvaluatedKey as Record<string, string>;
        if (items.length >= query.limit) {
          return { items, nextCursor: this.table.cursors.encode(scope, { ...start, ...(month ? { month } : {}) }) };
        }
      } else {
        start = undefined;
        monthIndex += 1;
        if (items.length >= query.limit && monthIndex < months.length) {
          return { items, nextCursor: this.table.cursors.encode(scope, { month: months[monthIndex] ?? '' }) };
        }
      }
    }
    return { items };
  }
}

const dedupe = <T extends { pk: string; sk: string }>(keys: T[]): T[] => [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
