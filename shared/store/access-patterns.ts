/**
 * Every access pattern of the single table, with its key template. Write a row
 * here before writing a query. Nothing in the code reads the table by Scan.
 *
 * | # | access pattern                                  | index | key condition                                        |
 * |---|-------------------------------------------------|-------|------------------------------------------------------|
 * | 1 | issuer by id                                    | table | pk = ISSUER#<id>, sk = PROFILE                        |
 * | 2 | issuer by printed accreditation number          | table | pk = ACCRED#<NUMBER>, sk = POINTER (issuer snapshot)  |
 * | 3 | issuer by normalised name or alias              | table | pk = ISSUERNAME#<name>, sk = POINTER (snapshot)       |
 * | 4 | issuers, all or by name prefix                  | gsi1  | gsi1pk = ISSUERS, gsi1sk begins_with <name>           |
 * | 5 | report by issuer and number                     | table | pk = ISSUER#<id>, sk = REPORT#<NUMBER>                |
 * | 6 | reports and presentations of a report number    | gsi6  | gsi6pk = RN#<NUMBER>; ~REPORT#<issuer>, V#<time>#<id>  |
 * | 7 | api key by id                                   | table | pk = APIKEY#<keyId>, sk = KEY                         |
 * | 8 | api keys, newest first                          | gsi1  | gsi1pk = APIKEYS                                      |
 * | 9 | fraud pattern by kind and exact value           | table | pk = FRAUD#<KIND>#<value>, sk = PATTERN               |
 * |10 | text fraud patterns (PHRASE, REGEX)             | table | pk = FRAUDTEXT, sk = <kind>#<id>                      |
 * |11 | fraud patterns, all or by kind                  | gsi1  | gsi1pk = FRAUDPATTERNS, gsi1sk begins_with <kind>#    |
 * |12 | fraud pattern by id                             | gsi2  | gsi2pk = FRAUDPATTERN#<id>                            |
 * |13 | verification by id                              | table | pk = VERIFICATION#<id>, sk = RESULT                   |
 * |14 | verifications by verdict, time range            | gsi2  | gsi2pk = VERDICT#<verdict>, gsi2sk between times      |
 * |15 | verifications by issuer, time range             | gsi3  | gsi3pk = ISSUER#<id>, gsi3sk between times            |
 * |16 | verifications by seller, time range             | gsi4  | gsi4pk = SELLER#<sellerId>, gsi4sk between times      |
 * |17 | verifications by month, time range              | gsi5  | gsi5pk = VMONTH#<yyyy-mm>, gsi5sk between times       |
 * |18 | textract result by document sha256              | table | pk = TEXTRACT#<sha256>, sk = RESULT                   |
 * |19 | idempotency record (Powertools, per route)      | table | pk = IDEMPOTENCY#<scope>, sk = <scope>#<md5 of key>   |
 * |20 | reference-data version (issuers, fraud patterns)| table | pk = REFVERSION, sk = COUNTER (in the lookup batch)   |
 * |21 | failed public lookups per number / per client   | table | pk = LOOKUPGUESS#N#<issuer>#<number> / #IP#<addr>, sk = <window> (TTL) |
 * |W1 | webhook by id (config, sealed secret)           | table | pk = WEBHOOK#<id>, sk = CONFIG                        |
 * |W2 | webhooks of an owner (GET /webhooks)            | gsi1  | gsi1pk = WEBHOOKS#<owner>, gsi1sk = <time>#<id>       |
 * |W3 | webhooks that hear an audience (fan-out)        | gsi2  | gsi2pk = WEBHOOKAUDIENCE#<audience>                   |
 * |W4 | deliveries of a webhook, newest first           | table | pk = WEBHOOK#<id>, sk begins_with DELIVERY#<time>#    |
 * |W5 | AUTHENTIC verifications of a document sha256    | gsi1  | gsi1pk = VSHA#<sha256>, gsi1sk = <time>#<id>          |
 * |W6 | AUTHENTIC presentations of a number (fan-out)   | gsi6  | #6 with begins_with V#, filter verdict (+ issuerId)   |
 * |W7 | AUTHENTIC verifications of a seller / issuer    | gsi4 / gsi3 | #16 / #15, filter verdict                       |
 *
 * Verification filters beyond the chosen index (e.g. verdict with issuerId)
 * are applied as a FilterExpression on that index's Query; the index is
 * chosen by selectivity: reportNumber, sellerId, issuerId, verdict, month.
 */
import { normaliseAccreditationNumber, normaliseIssuerName, normaliseNumber } from '#shared/domain/normalise.ts';
import type { FraudPatternKind } from '#shared/domain/fraud-pattern.ts';

export const Keys = {
  issuer: (issuerId: string) => ({ pk: `ISSUER#${issuerId}`, sk: 'PROFILE' }),
  issuerByAccreditation: (number: string) => ({ pk: `ACCRED#${normaliseAccreditationNumber(number)}`, sk: 'POINTER' }),
  issuerByName: (name: string) => ({ pk: `ISSUERNAME#${normaliseIssuerName(name)}`, sk: 'POINTER' }),
  issuerListing: (issuerId: string, name: string) => ({ gsi1pk: 'ISSUERS', gsi1sk: `${normaliseIssuerName(name)}#${issuerId}` }),

  report: (issuerId: string, reportNumber: string) => ({ pk: `ISSUER#${issuerId}`, sk: `REPORT#${normaliseNumber(reportNumber)}` }),
  reportNumberIndex: (reportNumber: string) => `RN#${normaliseNumber(reportNumber)}`,

  apiKey: (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: 'KEY' }),
  apiKeyListing: (createdAt: string, keyId: string) => ({ gsi1pk: 'APIKEYS', gsi1sk: `${createdAt}#${keyId}` }),

  keyedFraudPattern: (kind: FraudPatternKind, normalisedValue: string) => ({ pk: `FRAUD#${kind}#${normalisedValue}`, sk: 'PATTERN' }),
  textFraudPattern: (kind: FraudPatternKind, id: string) => ({ pk: 'FRAUDTEXT', sk: `${kind}#${id}` }),
  fraudPatternListing: (kind: FraudPatternKind, id: string) => ({ gsi1pk: 'FRAUDPATTERNS', gsi1sk: `${kind}#${id}` }),
  fraudPatternById: (id: string) => ({ gsi2pk: `FRAUDPATTERN#${id}`, gsi2sk: 'PATTERN' }),

  verification: (verificationId: string) => ({ pk: `VERIFICATION#${verificationId}`, sk: 'RESULT' }),

  textractResult: (sha256: string) => ({ pk: `TEXTRACT#${sha256.toLowerCase()}`, sk: 'RESULT' }),

  // webhooks (issue 12): an owner is PLATFORM#<platformId> or KEY#<keyId>; an audience is an owner or STAFF
  webhook: (webhookId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: 'CONFIG' }),
  webhookListing: (owner: string, createdAt: string, webhookId: string) => ({ gsi1pk: `WEBHOOKS#${owner}`, gsi1sk: `${createdAt}#${webhookId}` }),
  webhookAudience: (audience: string, createdAt: string, webhookId: string) => ({ gsi2pk: `WEBHOOKAUDIENCE#${audience}`, gsi2sk: `${createdAt}#${webhookId}` }),
  webhookDelivery: (webhookId: string, createdAt: string, deliveryId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: `DELIVERY#${createdAt}#${deliveryId}` }),
  verificationsByDocument: (sha256: string) => `VSHA#${sha256.toLowerCase()}`,
  verificationsBySeller: (sellerId: string) => `SELLER#${sellerId}`,
  verificationsByIssuer: (issuerId: string) => `ISSUER#${issuerId}`,
  /** Powertools writes the sort key itself: `<scope>#<md5 of the Idempotency-Key and Authorization headers>`. */
  idempotencyPartition: (scope: string) => `IDEMPOTENCY#${scope}`,
  referenceVersion: () => ({ pk: 'REFVERSION', sk: 'COUNTER' }),
  lookupGuessesByNumber: (issuerId: string, reportNumber: string, window: string) => ({
    pk: `LOOKUPGUESS#N#${issuerId}#${normaliseNumber(reportNumber)}`,
    sk: window,
  }),
  lookupGuessesByClient: (client: string, window: string) => ({ pk: `LOOKUPGUESS#IP#${client}`, sk: window }),
} as const;

export const Entity = {
  Issuer: 'Issuer',
  IssuerPointer: 'IssuerPointer',
  Report: 'Report',
  ApiKey: 'ApiKey',
  FraudPattern: 'FraudPattern',
  Verification: 'Verification',
  TextractResult: 'TextractResult',
  Webhook: 'Webhook',
  WebhookDelivery: 'WebhookDelivery',
} as const;
