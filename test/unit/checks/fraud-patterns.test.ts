import { describe, expect, it } from 'vitest';
import { fraudPatterns, matchFraudPatterns } from '#shared/checks/fraud-patterns.ts';
import type { FraudPattern } from '#shared/domain/fraud-pattern.ts';
import { field, fraudPattern, makeContext, SHA_GENUINE, withFields } from './fixtures.ts';

describe('check: fraud-patterns', () => {
  it('passes when no pattern matches', () => {
    // Prepare
    const ctx = makeContext({ fraudPatterns: { keyed: [], text: [fraudPattern({ id: 'fp1', kind: 'PHRASE', value: '代办检测报告' })] } });
    // Act & Assess
    expect(fraudPatterns.run(ctx)).toStrictEqual({
      name: 'fraud-patterns',
      status: 'PASS',
      code: 'NO_MATCH',
      message: 'None of 1 fraud patterns matches.',
      evidence: { checked: 1 },
    });
  });

  it('fails on a HIGH-severity hit, after normalisation, with every hit and its severity in the evidence', () => {
    // Prepare
    const ctx = makeContext({
      fraudPatterns: {
        keyed: [fraudPattern({ id: 'fp1', kind: 'REPORT_NUMBER', value: 'qs2025-000123', note: 'sold online' })],
        text: [fraudPattern({ id: 'fp2', kind: 'PHRASE', value: '青石 检测', severity: 'LOW' })],
      },
    });
    // Act & Assess
    expect(fraudPatterns.run(ctx)).toStrictEqual({
      name: 'fraud-patterns',
      status: 'FAIL',
      code: 'MATCHED_HIGH',
      message: 'Known fraud pattern: REPORT_NUMBER "QS2025-000123" (HIGH), PHRASE "青石 检测" (LOW).',
      evidence: {
        hits: [
          { id: 'fp1', kind: 'REPORT_NUMBER', match: 'EXACT', severity: 'HIGH', value: 'qs2025-000123', matched: 'QS2025-000123', note: 'sold online' },
          { id: 'fp2', kind: 'PHRASE', match: 'EXACT', severity: 'LOW', value: '青石 检测', matched: '青石 检测' },
        ],
      },
    });
  });

  it('warns on a MEDIUM hit: an ISSUER_NAME pattern matches after the legal suffix is stripped', () => {
    // Prepare
    const ctx = makeContext({ fraudPatterns: { keyed: [fraudPattern({ id: 'fp3', kind: 'ISSUER_NAME', value: '青石检测技术', severity: 'MEDIUM' })], text: [] } });
    // Act & Assess
    expect(fraudPatterns.run(ctx)).toStrictEqual({
      name: 'fraud-patterns',
      status: 'WARN',
      code: 'MATCHED',
      message: 'Fraud pattern of lower severity: ISSUER_NAME "青石检测技术" (MEDIUM).',
      evidence: { hits: [{ id: 'fp3', kind: 'ISSUER_NAME', match: 'EXACT', severity: 'MEDIUM', value: '青石检测技术', matched: '青石检测技术' }] },
    });
  });

  it('reports a regular expression that does not compile instead of throwing', () => {
    // Prepare
    const ctx = makeContext({ fraudPatterns: { keyed: [], text: [fraudPattern({ id: 'bad', kind: 'PHRASE', match: 'REGEX', value: '([' })] } });
    // Act & Assess
    expect(fraudPatterns.run(ctx)).toStrictEqual({
      name: 'fraud-patterns',
      status: 'PASS',
      code: 'NO_MATCH',
      message: 'None of 1 fraud patterns matches.',
      evidence: { checked: 1, invalidPatterns: ['bad'] },
    });
  });
});

describe('matchFraudPatterns', () => {
  const hit = (p: FraudPattern, ctx = makeContext()) => {
    const keyed = p.match === 'EXACT' && p.kind !== 'PHRASE' ? [p] : [];
    const text = keyed.length ? [] : [p];
    return matchFraudPatterns({ ...ctx, fraudPatterns: { keyed, text } }).hits.map((h) => h.matched);
  };
  const fakeQr = { qr: field({ payload: 'https://check.fake-verify.example/q?n=QS2025-000123' }) };
  it.each<[string, FraudPattern, ReturnType<typeof makeContext>, string[]]>([
    ['DOCUMENT_SHA256 exact', fraudPattern({ id: 'h', kind: 'DOCUMENT_SHA256', value: SHA_GENUINE.toUpperCase() }), makeContext(), [SHA_GENUINE]],
    ['ACCREDITATION_NUMBER with its scheme', fraudPattern({ id: 'a', kind: 'ACCREDITATION_NUMBER', value: 'CNAS L9901' }), makeContext(), ['CNASL9901']],
    ['QR_DOMAIN catches subdomains', fraudPattern({ id: 'q', kind: 'QR_DOMAIN', value: 'fake-verify.example' }), withFields(fakeQr), ['fake-verify.example']],
    ['QR_DOMAIN regex on the host', fraudPattern({ id: 'qr', kind: 'QR_DOMAIN', match: 'REGEX', value: 'fake-.*\\.example$' }), withFields(fakeQr), ['fake-verify.example']],
    ['SELLER exact', fraudPattern({ id: 's', kind: 'SELLER', value: ' seller-1 ' }), makeContext(), ['seller-1']],
    ['REPORT_NUMBER regex', fraudPattern({ id: 'r', kind: 'REPORT_NUMBER', match: 'REGEX', value: '^QS2025-0001\\d{2}$' }), makeContext(), ['QS2025-000123']],
    ['PHRASE regex on the full text', fraudPattern({ id: 'p', kind: 'PHRASE', match: 'REGEX', value: '检验结论[:：]\\s*合格' }), makeContext(), ['检验结论: 合格']],
    ['PHRASE on typed-in fields', fraudPattern({ id: 't', kind: 'PHRASE', value: '电动玩具' }), makeContext({ fullText: '', textSource: 'fields' }), ['电动玩具']],
    ['a keyed pattern that does not match this document is ignored', fraudPattern({ id: 'x', kind: 'REPORT_NUMBER', value: 'QS2025-000999' }), makeContext(), []],
  ])('%s', (_title, pattern, ctx, matched) => {
    // Act & Assess
    expect(hit(pattern, ctx)).toStrictEqual(matched);
  });
});
