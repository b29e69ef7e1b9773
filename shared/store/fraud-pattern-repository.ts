import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { FraudPatternExistsError, FraudPatternNotFoundError } from '#shared/domain/errors.ts';
import {
  isKeyedPattern,
  type FraudPattern,
  type FraudPatternInput,
  type FraudPatternKind,
} from '#shared/domain/fraud-pattern.ts';
import { normaliseFraudValue } from '#shared/domain/normalise.ts';
import { Entity, Keys } from './access-patterns.ts';
import type { ReferenceVersion } from './reference-version.ts';
import { dynamo, isConditionFailed, putNew, queryAll, stripKeys, type Table } from './table.ts';

const primaryKey = (p: Pick<FraudPattern, 'kind' | 'match' | 'value' | 'id'>) =>
  isKeyedPattern(p) ? Keys.keyedFraudPattern(p.kind, normaliseFraudValue(p.kind, p.value)) : Keys.textFraudPattern(p.kind, p.id);

/**
 * Fraud patterns. EXACT patterns of the keyed kinds live under their
 * normalised value, so a verification fetches every candidate in the same
 * BatchGetItem as the issuer pointers (VerificationRepository.lookup). PHRASE and REGEX patterns are matched
 * against text and are read as one partition (FRAUDTEXT).
 */
export class FraudPatternRepository {
  constructor(
    private readonly table: Table,
    /** Bumped after every write: the next verification in every process sees it (reference-version.ts). */
    private readonly version?: ReferenceVersion,
  ) {}

  async create(
    input: FraudPatternInput,
    createdBy: string,
    options: { demo?: boolean; now?: Date; source?: FraudPattern['source'] } = {},
  ): Promise<FraudPattern> {
    const pattern: FraudPattern = {
      id: `fp_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
      kind: input.kind,
      value: input.value,
      match: input.match,
      severity: input.severity,
      ...(input.note ? { note: input.note } : {}),
      createdAt: (options.now ?? new Date()).toISOString(),
      createdBy,
      ...(options.source ? { source: options.source } : {}),
      ...(options.demo ? { demo: true } : {}),
    };
    try {
      await putNew(this.table, {
        ...primaryKey(pattern),
        ...Keys.fraudPatternListing(pattern.kind, pattern.id),
        ...Keys.fraudPatternById(pattern.id),
        entity: Entity.FraudPattern,
        ...pattern,
      });
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      throw new FraudPatternExistsError(`A ${input.kind} pattern for this value already exists.`, { cause: e });
    }
    await this.version?.bump();
    return pattern;
  }

  async list(kind?: FraudPatternKind): Promise<FraudPattern[]> {
    return this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: kind ? 'gsi1pk = :pk AND begins_with(gsi1sk, :kind)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: kind ? { ':pk': Keys.fraudPatternListingPartition, ':kind': `${kind}#` } : { ':pk': Keys.fraudPatternListingPartition },
    });
  }

  /** Every PHRASE and REGEX pattern: one partition. */
  async listTextPatterns(): Promise<FraudPattern[]> {
    return this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': Keys.textFraudPatternPartition } });
  }

  async delete(id: string): Promise<void> {
    const [found] = await this.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.fraudPatternById(id).gsi2pk },
    });
    if (!found) throw new FraudPatternNotFoundError(`No fraud pattern ${id}.`);
    try {
      await dynamo('DeleteItem', () =>
        this.table.doc.send(
          new DeleteCommand({ TableName: this.table.name, Key: primaryKey(found), ConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': id } }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      throw new FraudPatternNotFoundError(`No fraud pattern ${id}.`, { cause: e });
    }
    await this.version?.bump();
  }

  private async queryAll(query: Parameters<typeof queryAll>[1]): Promise<FraudPattern[]> {
    return (await queryAll(this.table, query)).map((i) => stripKeys<FraudPattern>(i));
  }
}
