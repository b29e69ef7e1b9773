import { hostAndParents, hostWithin, normaliseFraudValue } from '#shared/domain/normalise.ts';
import { describe, expect, it } from 'vitest';
import {
  fraudPatternLookupKeys,
  normaliseAccreditationNumber,
  qrHost,
  resolveIssuer,
  selectRegisteredReport,
} from '#shared/checks/context.ts';
import { bluepeak, field, genuineFields, genuineReport, makeContext, qingshi, withFields } from './fixtures.ts';

describe('resolveIssuer', () => {
  it('prefers the printed accreditation number over a name that is not registered', () => {
    // Prepare
    const ctx = withFields({ issuerName: field('青石检测（深圳）分部') });
    // Act & Assess
    expect(resolveIssuer(ctx)).toStrictEqual({ issuer: qingshi, matchedBy: 'accreditation', matchedValue: 'CNAS L9901' });
  });

  it("takes the issuer a document names when it prints another issuer's accreditation number", () => {
    // Prepare
    const ctx = withFields({ issuerName: field('蓝峰认证有限公司') });
    // Act & Assess
    expect(resolveIssuer(ctx)).toStrictEqual({ issuer: bluepeak, matchedBy: 'name', matchedValue: '蓝峰认证有限公司' });
  });

  it('uses the name (or alias) when no printed number is registered', () => {
    // Prepare
    const ctx = withFields({ accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L0000' }]), issuerName: field('蓝峰认证 有限公司') });
    // Act & Assess
    expect(resolveIssuer(ctx)).toStrictEqual({ issuer: bluepeak, matchedBy: 'name', matchedValue: '蓝峰认证 有限公司' });
  });

  it("uses the caller's keyed name lookup", () => {
    // Prepare
    const ctx = withFields(
      { accreditationNumbers: undefined, issuerName: field('Qingshi Testing Technology') },
      { issuers: { byAccreditation: [], byName: qingshi, directory: [] } },
    );
    // Act & Assess
    expect(resolveIssuer(ctx)).toStrictEqual({ issuer: qingshi, matchedBy: 'alias', matchedValue: 'Qingshi Testing Technology' });
  });

  it('falls back to the one issuer that registered the number, and gives up when several did', () => {
    // Prepare
    const bare = withFields({ accreditationNumbers: undefined, issuerName: undefined });
    // Act & Assess
    expect(resolveIssuer(bare)).toStrictEqual({ issuer: qingshi, matchedBy: 'registered-report', matchedValue: 'QS2025-000123' });
    const two = { ...bare, registeredReports: [genuineReport, { ...genuineReport, issuerId: 'bluepeak-cert' }] };
    expect(resolveIssuer(two)).toBeUndefined();
    expect(selectRegisteredReport(two)).toBeUndefined();
  });

  it('selects the registration of the resolved issuer only', () => {
    // Prepare
    const other = { ...genuineReport, issuerId: 'bluepeak-cert', productName: '别的产品' };
    // Act & Assess
    expect(selectRegisteredReport(makeContext({ registeredReports: [other, genuineReport] }))).toBe(genuineReport);
    expect(selectRegisteredReport(makeContext({ registeredReports: [other] }))).toBeUndefined();
  });
});

describe('fraudPatternLookupKeys', () => {
  it('lists every keyed candidate, normalised as the store keys patterns', () => {
    // Prepare
    const fields = {
      ...genuineFields(),
      reportNumber: field(' qs2025-000123 '),
      issuerName: field('青石检测技术 有限公司'),
      accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'l 9901' }]),
    };
    // Act
    const keys = fraudPatternLookupKeys(
      fields,
      { sha256: 'A'.repeat(64) },
      [{ payload: 'https://www.m.fake-verify.example/x' }],
      { sellerId: 'seller-1' },
    );
    // As printed: the store normalises each value once (normaliseFraudValue), so no key is normalised twice.
    // Assess
    expect(keys).toStrictEqual([
      { kind: 'REPORT_NUMBER', value: 'qs2025-000123' },
      { kind: 'DOCUMENT_SHA256', value: 'A'.repeat(64) },
      { kind: 'ISSUER_NAME', value: '青石检测技术 有限公司' },
      { kind: 'ACCREDITATION_NUMBER', value: 'l 9901' },
      { kind: 'ACCREDITATION_NUMBER', value: 'CNASl 9901' },
      { kind: 'QR_DOMAIN', value: 'verify.qingshi-test.example' },
      { kind: 'QR_DOMAIN', value: 'qingshi-test.example' },
      { kind: 'QR_DOMAIN', value: 'm.fake-verify.example' },
      { kind: 'QR_DOMAIN', value: 'fake-verify.example' },
      { kind: 'SELLER', value: 'seller-1' },
    ]);
  });

  it('is empty for empty input', () => {
    // Act & Assess
    expect(fraudPatternLookupKeys({}, undefined, [], {})).toStrictEqual([]);
  });
});

describe('QR and accreditation helpers', () => {
  it.each([
    [{ payload: 'https://Verify.Example.cn/r?n=1' }, 'verify.example.cn'],
    [{ payload: 'verify.example.cn/r/1' }, 'verify.example.cn'],
    [{ payload: 'QS2025-000123' }, undefined],
    [{ payload: 'anything', host: 'WWW.Example.cn' }, 'example.cn'],
    [{ payload: 'http://203.0.113.7/verify?n=QS2025-000123' }, '203.0.113.7'],
  ])('qrHost(%o) = %s', (qr, host) => {
    // Act & Assess
    expect(qrHost(qr)).toBe(host);
  });

  it('lists parent domains down to the registrable domain and matches subdomains', () => {
    // Act & Assess
    expect(hostAndParents('a.b.example.cn')).toStrictEqual(['a.b.example.cn', 'b.example.cn', 'example.cn']);
    expect(hostWithin('m.verify.example.cn', 'verify.example.cn')).toBe(true);
    expect(hostWithin('verify.example.cn.evil.example', 'verify.example.cn')).toBe(false);
    expect(hostWithin('fakeverify.example.cn', 'verify.example.cn')).toBe(false);
  });

  it('compares accreditation numbers without the scheme prefix', () => {
    // Act & Assess
    expect(['CNAS L9901', 'ＣＮＡＳ－Ｌ９９０１', 'l9901'].map(normaliseAccreditationNumber)).toStrictEqual(['L9901', 'L9901', 'L9901']);
  });
});

describe('hostAndParents: never a public suffix', () => {
  it.each<[string, string[]]>([
    ['verify.example.com.cn', ['verify.example.com.cn', 'example.com.cn']],
    ['a.b.lab.gov.cn', ['a.b.lab.gov.cn', 'b.lab.gov.cn', 'lab.gov.cn']],
    ['shop.example.co.uk', ['shop.example.co.uk', 'example.co.uk']],
    // a private suffix (Public Suffix List, private section): one user's pages never key another's
    ['fake-lab.github.io', ['fake-lab.github.io']],
    ['com.cn', []],
    ['localhost', []],
    ['203.0.113.7', ['203.0.113.7']],
  ])('%s → %j', (host, expected) => {
    // Act
    const hosts = hostAndParents(host);

    // Assess
    expect(hosts).toStrictEqual(expected);
  });

  it('emits no public suffix as a QR_DOMAIN lookup key', () => {
    // Prepare
    const qr = [{ payload: 'https://m.verify.fake-lab.com.cn/r?n=1' }, { payload: 'http://com.cn/x' }];

    // Act
    const keys = fraudPatternLookupKeys({}, undefined, qr, {}).filter((k) => k.kind === 'QR_DOMAIN');

    // Assess
    expect(keys.map((k) => k.value)).toStrictEqual(['m.verify.fake-lab.com.cn', 'verify.fake-lab.com.cn', 'fake-lab.com.cn']);
  });
});

describe('fraud lookup keys: normalised once, at the store', () => {
  it('sends the printed issuer name once, and the store key it normalises to is the key of the stored pattern (suffix or not)', () => {
    // Prepare
    const fields = { ...genuineFields(), issuerName: field('ＦＡＫＥ ＬＡＢ CO LTD') };
    // Act
    const keys = fraudPatternLookupKeys(fields, undefined, [], {}).filter((k) => k.kind === 'ISSUER_NAME');
    // Assess
    const storeKeys = keys.map((k) => normaliseFraudValue(k.kind, k.value));
    expect(keys).toHaveLength(1);
    expect(storeKeys).toStrictEqual([normaliseFraudValue('ISSUER_NAME', 'Fake Lab Co., Ltd.')]);
    expect(storeKeys).toStrictEqual([normaliseFraudValue('ISSUER_NAME', 'Fake Lab')]);
  });
});
