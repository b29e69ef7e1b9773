import { describe, expect, it } from 'vitest';
import type { Check } from '#shared/checks/check.ts';
import { results } from '#shared/checks/check.ts';
import type { CheckContext } from '#shared/checks/context.ts';
import { ALL_CHECKS, runCheck, runChecks } from '#shared/checks/run-checks.ts';
import { decideVerdict } from '#shared/checks/verdict-policy.ts';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { Verdict } from '#shared/domain/verification.ts';
import { field, fraudPattern, gemFields, gemReport, genuineReport, makeContext, prior, SHA_GENUINE, SHA_OTHER, withFields } from './fixtures.ts';

const probe = (over: Partial<Check>): Check => ({
  name: 'probe',
  needs: [],
  applies: () => true,
  run: () => results('probe').pass('OK', 'fine'),
  ...over,
});

describe('runCheck', () => {
  it('returns what the check returns', () => {
    // Act & Assess
    expect(runCheck(probe({}), makeContext())).toStrictEqual({ name: 'probe', status: 'PASS', code: 'OK', message: 'fine' });
  });

  it('turns applies() === false into SKIPPED', () => {
    // Act & Assess
    expect(runCheck(probe({ applies: () => false }), makeContext())).toStrictEqual({
      name: 'probe',
      status: 'SKIPPED',
      code: 'NOT_APPLICABLE',
      message: 'Nothing on the document for this check to look at.',
    });
  });

  it('turns anything thrown into ERROR, never FAIL, and leaks no message', () => {
    // Prepare
    const check = probe({
      run: () => {
        throw new TypeError('secret table name in message');
      },
    });
    // Act & Assess
    expect(runCheck(check, makeContext())).toStrictEqual({
      name: 'probe',
      status: 'ERROR',
      code: 'CHECK_ERROR',
      message: 'The check could not be completed.',
      evidence: { error: 'TypeError' },
    });
  });

  it('turns a dependency outage thrown inside a check into ERROR DEPENDENCY_UNAVAILABLE', () => {
    // Prepare
    const check = probe({
      applies: () => {
        throw new DependencyUnavailableError('dynamodb', 'throttled');
      },
    });
    // Act & Assess
    expect(runCheck(check, makeContext())).toStrictEqual({
      name: 'probe',
      status: 'ERROR',
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'The check could not run: dynamodb is unavailable.',
      evidence: { dependency: 'dynamodb' },
    });
  });

  it('does not run a check whose prefetched data could not be fetched', () => {
    // Prepare
    const check = probe({ needs: ['history'], run: () => results('probe').fail('NEVER', 'must not run') });
    // Act & Assess
    expect(runCheck(check, makeContext({ unavailable: ['history'] }))).toStrictEqual({
      name: 'probe',
      status: 'ERROR',
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'The check could not run: data it needs could not be fetched.',
      evidence: { unavailable: ['history'] },
    });
  });
});

describe('runChecks', () => {
  it('runs every check once, in order, and never throws', () => {
    // Prepare
    const out = runChecks(makeContext());
    // Act & Assess
    expect(out.map((r) => r.name)).toStrictEqual(ALL_CHECKS.map((c) => c.name));
    expect(new Set(ALL_CHECKS.map((c) => c.name)).size).toBe(ALL_CHECKS.length);
  });

  it('gives every check of the genuine report PASS or SKIPPED', () => {
    // Prepare
    const out = runChecks(makeContext());
    // Act & Assess
    expect(out.filter((r) => r.status !== 'PASS' && r.status !== 'SKIPPED')).toStrictEqual([]);
  });
});

/** The pure half of a verification: prefetched context → checks → verdict. */
const verdictOf = (ctx: CheckContext) => decideVerdict(runChecks(ctx));
const SCAN = { textSource: 'tesseract', forensics: undefined, document: { sha256: SHA_OTHER, contentType: 'image/png', pages: 1, sizeBytes: 812345 } } as const;

/** Without the registrations every check that resolves the issuer or the registered report is an ERROR, and only those decide. */
const REGISTRY_DOWN = [
  'issuer-known', 'issuer-name', 'accreditation-matches-issuer', 'accreditation-valid-at-issue', 'accreditation-scope',
  'report-number-pattern', 'report-registered', 'fields-match', 'document-hash', 'validity', 'qr-code', 'claimed-product', 'reuse',
].map((name) => `${name}:DEPENDENCY_UNAVAILABLE`);

describe('checks and verdict together', () => {
  it.each<[string, CheckContext, Verdict, string[]]>([
    ['genuine PDF', makeContext(), 'AUTHENTIC', []],
    ['genuine scan (OCR, other hash, an OCR misread in the model)', withFields({ model: field('TC-2OO', 0.8) }, SCAN), 'AUTHENTIC', []],
    ['genuine gem report without accreditation', makeContext({ fields: gemFields(), registeredReports: [gemReport], forensics: undefined, document: undefined, textSource: 'fields', fullText: '' }), 'AUTHENTIC', []],
    ['genuine report sold by a distributor too', makeContext({ history: [prior({ verificationId: 'v1', sellerId: 'seller-9', presentedProduct: '儿童电动玩具车' })] }), 'AUTHENTIC', []],
    ['tampered product name', withFields({ productName: field('儿童电动平衡车') }), 'FRAUDULENT', ['fields-match:FIELDS_DIFFER']],
    ['fake number from an issuer that registers everything', withFields({ reportNumber: field('QS2025-777777'), qr: undefined }, { registeredReports: [] }), 'FRAUDULENT', ['report-registered:NOT_REGISTERED']],
    ['off-pattern number', withFields({ reportNumber: field('QS-77'), qr: undefined }, { registeredReports: [] }), 'FRAUDULENT', ['report-number-pattern:OFF_PATTERN', 'report-registered:NOT_REGISTERED']],
    ['wrong accreditation number', withFields({ accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L1234' }]) }), 'FRAUDULENT', ['accreditation-matches-issuer:NOT_ISSUERS']],
    ['revoked report', makeContext({ registeredReports: [{ ...genuineReport, status: 'REVOKED' }] }), 'FRAUDULENT', ['report-registered:REVOKED']],
    ['known forgery hash', makeContext({ fraudPatterns: { keyed: [fraudPattern({ id: 'h', kind: 'DOCUMENT_SHA256', value: SHA_GENUINE })], text: [] } }), 'FRAUDULENT', ['fraud-patterns:MATCHED_HIGH']],
    [
      'fake QR domain',
      withFields({ qr: field({ payload: 'https://fake-verify.example/q?n=QS2025-000123' }) }, { fraudPatterns: { keyed: [fraudPattern({ id: 'd', kind: 'QR_DOMAIN', value: 'fake-verify.example' })], text: [] } }),
      'FRAUDULENT',
      ['fraud-patterns:MATCHED_HIGH', 'qr-code:KNOWN_FAKE_DOMAIN'],
    ],
    [
      'reuse for another product',
      makeContext({ submission: { sellerId: 'seller-2', claimedProduct: '不锈钢保温杯' }, history: [prior({ verificationId: 'v1', sellerId: 'seller-1', presentedProduct: '儿童电动玩具车' })] }),
      'FRAUDULENT',
      ['reuse:DIFFERENT_PRODUCT'],
    ],
    ['impersonated issuer name', withFields({ issuerName: field('青石捡测技术有限公司') }), 'FRAUDULENT', ['issuer-name:IMPERSONATION']],
    ['suspended accreditation at issue', makeContext({ registeredReports: [{ ...genuineReport, issueDate: '2024-04-10', fields: { sampleReceivedDate: '2024-04-01' } }], fields: { ...withFields({}).fields, issueDate: field('2024-04-10'), sampleReceivedDate: field('2024-04-01') } }), 'SUSPICIOUS', ['accreditation-valid-at-issue:SUSPENDED_AT_ISSUE']],
    ['expired certificate', makeContext({ registeredReports: [{ ...genuineReport, validUntil: '2025-04-30' }] }), 'SUSPICIOUS', ['validity:EXPIRED']],
    [
      'unknown issuer',
      makeContext({ fields: { reportNumber: field('ZX-2025-01'), issuerName: field('某某产品检测中心'), productName: field('保温杯') }, registeredReports: [] }),
      'UNVERIFIABLE',
      ['issuer-known:UNKNOWN_ISSUER', 'issuer-name:UNKNOWN_NAME', 'report-registered:UNREGISTERED_UNVERIFIABLE'],
    ],
    ['registry read failed for a genuine report', makeContext({ unavailable: ['issuers', 'registeredReports'] }), 'UNVERIFIABLE', REGISTRY_DOWN],
    ['registry read failed for an unregistered number (never FRAUDULENT)', withFields({ reportNumber: field('QS2025-777777') }, { registeredReports: [], unavailable: ['registeredReports'] }), 'UNVERIFIABLE', REGISTRY_DOWN],
  ])('%s', (_title, ctx, verdict, hard) => {
    // Act
    const decision = verdictOf(ctx);
    // Assess: the verdict, and exactly the checks that decided it
    expect(decision.verdict).toBe(verdict);
    if (verdict !== 'AUTHENTIC') expect(decision.decisive.map((r) => `${r.name}:${r.code}`)).toStrictEqual(hard);
  });
});
