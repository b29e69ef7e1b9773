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
 * |   | -- review (console, issue 10) --                |       |                                                      |
 * |20 | reviews of a verification, oldest first         | table | pk = VERIFICATION#<id>, sk begins_with REVIEW#        |
 * |21 | a platform's queue line of a verification       | table | pk = VERIFICATION#<id>, sk = QUEUE#P#<platform>       |
 * |22 | review queue of a scope and state, by risk      | gsi1  | gsi1pk = REVIEWQ#<ALL|P#platform>#<OPEN|DECIDED>,     |
 * |   |   (ALL: the verification item is its own line)  |       |                                                      |
 * |   |                                                 |       |   gsi1sk = <100-risk, 3 digits>#<createdAt>#<id>     |
 * |23 | stored document of a verification (S3 / .data)  | -     | documents/<verificationId> (not in the table)        |
 * |P1 | passport (token, credential, status index)      | table | pk = ISSUER#<id>, sk = PASSPORT#<NUMBER>              |
 * |P2 | status list (encodedList, signed credential)    | table | pk = STATUSLIST#<purpose>-<n>, sk = LIST              |
 * |P3 | status index allocator of list n (ADD counter)  | table | pk = STATUSINDEX#<n>, sk = COUNTER                    |
 * |B1 | verification batch header                       | table | pk = VBATCH#<batchId>, sk = HEADER                    |
 * |B2 | a batch's results, one item per chunk, in order | table | pk = VBATCH#<batchId>, sk begins_with CHUNK#<first>   |
 * |R1 | reference-data version (issuers, fraud patterns)| table | pk = REFVERSION, sk = COUNTER (in the lookup batch)   |
 * |R2 | failed public lookups per number / per client   | table | pk = LOOKUPGUESS#N#<issuer>#<number> / #IP#<addr>, sk = <window> (TTL) |
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

const reportNumberIndex = (reportNumber: string) => `RN#${normaliseNumber(reportNumber)}`;

export const Keys = {
  issuer: (issuerId: string) => ({ pk: `ISSUER#${issuerId}`, sk: 'PROFILE' }),
  issuerByAccreditation: (number: string) => ({ pk: `ACCRED#${normaliseAccreditationNumber(number)}`, sk: 'POINTER' }),
  issuerByName: (name: string) => ({ pk: `ISSUERNAME#${normaliseIssuerName(name)}`, sk: 'POINTER' }),
  issuerListing: (issuerId: string, name: string) => ({ gsi1pk: 'ISSUERS', gsi1sk: `${normaliseIssuerName(name)}#${issuerId}` }),
  issuerListingPartition: 'ISSUERS',

  report: (issuerId: string, reportNumber: string) => ({ pk: `ISSUER#${issuerId}`, sk: `REPORT#${normaliseNumber(reportNumber)}` }),
  reportNumberIndex,
  /** A registration on gsi6: sorts after every presentation (~ > V), so a newest-first Query reads it first. */
  reportRegistration: (issuerId: string, reportNumber: string) => ({ gsi6pk: reportNumberIndex(reportNumber), gsi6sk: `~REPORT#${issuerId}` }),

  apiKey: (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: 'KEY' }),
  apiKeyListing: (createdAt: string, keyId: string) => ({ gsi1pk: 'APIKEYS', gsi1sk: `${createdAt}#${keyId}` }),
  apiKeyListingPartition: 'APIKEYS',

  keyedFraudPattern: (kind: FraudPatternKind, normalisedValue: string) => ({ pk: `FRAUD#${kind}#${normalisedValue}`, sk: 'PATTERN' }),
  textFraudPattern: (kind: FraudPatternKind, id: string) => ({ pk: 'FRAUDTEXT', sk: `${kind}#${id}` }),
  textFraudPatternPartition: 'FRAUDTEXT',
  fraudPatternListing: (kind: FraudPatternKind, id: string) => ({ gsi1pk: 'FRAUDPATTERNS', gsi1sk: `${kind}#${id}` }),
  fraudPatternListingPartition: 'FRAUDPATTERNS',
  fraudPatternById: (id: string) => ({ gsi2pk: `FRAUDPATTERN#${id}`, gsi2sk: 'PATTERN' }),

  verification: (verificationId: string) => ({ pk: `VERIFICATION#${verificationId}`, sk: 'RESULT' }),
  /** The time sort key every verification index shares: `<createdAt>#<id>`, so ranges are BETWEEN two times. */
  verificationTime: (createdAt: string, verificationId: string) => `${createdAt}#${verificationId}`,
  /** A verification's line on gsi6 under its report number (`V#` sorts before `~REPORT#`). */
  presentationPrefix: 'V#',
  verificationsByVerdict: (verdict: string) => `VERDICT#${verdict}`,
  verificationsByIssuer: (issuerId: string) => `ISSUER#${issuerId}`,
  verificationsBySeller: (sellerId: string) => `SELLER#${sellerId}`,
  verificationsByMonth: (month: string) => `VMONTH#${month}`,

  review: (verificationId: string, createdAt: string, reviewId: string) => ({ pk: `VERIFICATION#${verificationId}`, sk: `REVIEW#${createdAt}#${reviewId}` }),
  reviewQueueLine: (verificationId: string, scope: string) => ({ pk: `VERIFICATION#${verificationId}`, sk: `QUEUE#${scope}` }),
  reviewQueuePartition: (scope: string, state: string) => `REVIEWQ#${scope}#${state}`,
  /** Ascending gsi1sk = highest risk first, then oldest first. */
  reviewQueueListing: (scope: string, state: string, riskScore: number, createdAt: string, verificationId: string) => ({
    gsi1pk: `REVIEWQ#${scope}#${state}`,
    gsi1sk: `${String(100 - riskScore).padStart(3, '0')}#${createdAt}#${verificationId}`,
  }),
  verificationBatch: (batchId: string) => ({ pk: `VBATCH#${batchId}`, sk: 'HEADER' }),
  /** One result item per chunk, keyed by the chunk's first index (zero-padded, so the sort key orders the chunks). */
  verificationBatchChunk: (batchId: string, first: number) => ({ pk: `VBATCH#${batchId}`, sk: `CHUNK#${String(first).padStart(6, '0')}` }),

  textractResult: (sha256: string) => ({ pk: `TEXTRACT#${sha256.toLowerCase()}`, sk: 'RESULT' }),

  // webhooks (issue 12): an owner is PLATFORM#<platformId> or KEY#<keyId>; an audience is an owner or STAFF
  webhook: (webhookId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: 'CONFIG' }),
  webhookListing: (owner: string, createdAt: string, webhookId: string) => ({ gsi1pk: `WEBHOOKS#${owner}`, gsi1sk: `${createdAt}#${webhookId}` }),
  webhookAudience: (audience: string, createdAt: string, webhookId: string) => ({ gsi2pk: `WEBHOOKAUDIENCE#${audience}`, gsi2sk: `${createdAt}#${webhookId}` }),
  webhookDelivery: (webhookId: string, createdAt: string, deliveryId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: `DELIVERY#${createdAt}#${deliveryId}` }),
  verificationsByDocument: (sha256: string) => `VSHA#${sha256.toLowerCase()}`,
  /** Powertools writes the sort key itself: `<scope>#<md5 of the Idempotency-Key and Authorization headers>`. */
  idempotencyPartition: (scope: string) => `IDEMPOTENCY#${scope}`,

  // digital passport (issue 11)
  passport: (issuerId: string, reportNumber: string) => ({ pk: `ISSUER#${issuerId}`, sk: `PASSPORT#${normaliseNumber(reportNumber)}` }),
  statusList: (listId: string) => ({ pk: `STATUSLIST#${listId}`, sk: 'LIST' }),
  statusIndexAllocator: (listNumber: number) => ({ pk: `STATUSINDEX#${listNumber}`, sk: 'COUNTER' }),

  // reference data and the public-lookup throttle (issue 14)
  referenceVersion: () => ({ pk: 'REFVERSION', sk: 'COUNTER' }),
  lookupGuessesByNumber: (issuerId: string, reportNumber: string, window: string) => ({
    pk: `LOOKUPGUESS#N#${issuerId}#${normaliseNumber(reportNumber)}`,
    sk: window,
  }),
  lookupGuessesByClient: (client: string, window: string) => ({ pk: `LOOKUPGUESS#IP#${client}`, sk: window }),
} as const;

/**
 * The index attributes of a stored verification: every index a GET
 * /verifications filter may use (patterns 6, 14-17).
 */
export const verificationIndexKeys = (v: {
  verificationId: string;
  createdAt: string;
  verdict: string;
  reportNumber?: string;
  issuerId?: string;
  sellerId?: string;
  document?: { sha256: string };
}) => {
  const time = Keys.verificationTime(v.createdAt, v.verificationId);
  return {
    ...(v.reportNumber ? { gsi6pk: Keys.reportNumberIndex(v.reportNumber), gsi6sk: `${Keys.presentationPrefix}${time}` } : {}),
    gsi2pk: Keys.verificationsByVerdict(v.verdict),
    gsi2sk: time,
    ...(v.issuerId ? { gsi3pk: Keys.verificationsByIssuer(v.issuerId), gsi3sk: time } : {}),
    ...(v.sellerId ? { gsi4pk: Keys.verificationsBySeller(v.sellerId), gsi4sk: time } : {}),
    // by document sha256, for the webhook fan-out when a HIGH DOCUMENT_SHA256 pattern is added
    ...(v.document?.sha256 ? { gsi1pk: Keys.verificationsByDocument(v.document.sha256), gsi1sk: time } : {}),
    gsi5pk: Keys.verificationsByMonth(v.createdAt.slice(0, 7)),
    gsi5sk: time,
  };
};

export const Entity = {
  Issuer: 'Issuer',
  IssuerPointer: 'IssuerPointer',
  Report: 'Report',
  ApiKey: 'ApiKey',
  FraudPattern: 'FraudPattern',
  Verification: 'Verification',
  TextractResult: 'TextractResult',
  Review: 'Review',
  ReviewQueueLine: 'ReviewQueueLine',
  Passport: 'Passport',
  StatusList: 'StatusList',
  StatusIndexAllocator: 'StatusIndexAllocator',
  VerificationBatch: 'VerificationBatch',
  VerificationBatchChunk: 'VerificationBatchChunk',
  Webhook: 'Webhook',
  WebhookDelivery: 'WebhookDelivery',
} as const;
