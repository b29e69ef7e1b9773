import { describe, expect, it } from 'vitest';
import { qrCode } from '#shared/checks/qr-code.ts';
import { field, fraudPattern, gemFields, gemReport, makeContext, QR_GENUINE, withFields } from './fixtures.ts';

const OFFICIAL = ['verify.qingshi-test.example'];
const qr = (payload: string) => ({ qr: field({ payload }) });

describe('check: qr-code', () => {
  it("passes when the QR code points to the issuer's domain and carries the number", () => {
    // Act & Assess
    expect(qrCode.run(makeContext())).toStrictEqual({
      name: 'qr-code',
      status: 'PASS',
      code: 'CONSISTENT',
      message: "The QR code points to the issuer's official verification domain and carries the printed report number.",
      evidence: { officialDomains: OFFICIAL, qrCodes: [{ payload: QR_GENUINE.payload, host: 'verify.qingshi-test.example', page: 1, finding: 'CONSISTENT' }] },
    });
  });

  it('accepts a subdomain of an official domain', () => {
    // Prepare
    const ctx = withFields(qr('https://m.verify.qingshi-test.example/r/QS2025-000123'));
    // Act & Assess
    expect(qrCode.run(ctx)).toMatchObject({ status: 'PASS', code: 'CONSISTENT' });
  });

  it('fails when the host is a known fake verification domain', () => {
    // Prepare
    const payload = 'https://check.fake-verify.example/q?n=QS2025-000123';
    const ctx = withFields(qr(payload), {
      fraudPatterns: { keyed: [fraudPattern({ id: 'fq', kind: 'QR_DOMAIN', value: 'fake-verify.example' })], text: [] },
    });
    // Act & Assess
    expect(qrCode.run(ctx)).toStrictEqual({
      name: 'qr-code',
      status: 'FAIL',
      code: 'KNOWN_FAKE_DOMAIN',
      message: 'The QR code leads to a known fake verification site.',
      evidence: { officialDomains: OFFICIAL, qrCodes: [{ payload, host: 'check.fake-verify.example', page: 1, finding: 'KNOWN_FAKE_DOMAIN', fraudPatternId: 'fq' }] },
    });
  });

  it("fails when the host is not one of the issuer's domains, and the worst of several codes counts", () => {
    // Prepare
    const payload = 'https://qingshi-verify.example/q?n=QS2025-000123';
    const ctx = makeContext({ qrCodes: [{ payload, host: 'qingshi-verify.example' }] });
    // Act & Assess
    expect(qrCode.run(ctx)).toStrictEqual({
      name: 'qr-code',
      status: 'FAIL',
      code: 'UNOFFICIAL_DOMAIN',
      message: "The QR code leads to a site that is not one of the issuer's official verification domains.",
      evidence: {
        officialDomains: OFFICIAL,
        qrCodes: [
          { payload: QR_GENUINE.payload, host: 'verify.qingshi-test.example', page: 1, finding: 'CONSISTENT' },
          { payload, host: 'qingshi-verify.example', finding: 'UNOFFICIAL_DOMAIN' },
        ],
      },
    });
  });

  it('fails when the QR code points to a bare IP address', () => {
    // Prepare
    const payload = 'http://203.0.113.7/verify?n=QS2025-000123';
    // Act & Assess
    expect(qrCode.run(withFields(qr(payload)))).toMatchObject({ status: 'FAIL', code: 'UNOFFICIAL_DOMAIN', evidence: { qrCodes: [{ host: '203.0.113.7' }] } });
  });

  it("fails when the payload carries another of the issuer's report numbers", () => {
    // Prepare
    const payload = 'https://verify.qingshi-test.example/r?no=QS2024-000777';
    // Act & Assess
    expect(qrCode.run(withFields(qr(payload)))).toStrictEqual({
      name: 'qr-code',
      status: 'FAIL',
      code: 'OTHER_REPORT_NUMBER',
      message: 'The QR code carries a different report number of the same issuer.',
      evidence: {
        officialDomains: OFFICIAL,
        qrCodes: [{ payload, host: 'verify.qingshi-test.example', page: 1, finding: 'OTHER_REPORT_NUMBER', otherNumber: 'QS2024-000777' }],
      },
    });
  });

  it('warns when the payload does not carry the number (an opaque id)', () => {
    // Prepare
    const payload = 'https://verify.qingshi-test.example/r?id=8f3a9c';
    // Act & Assess
    expect(qrCode.run(withFields(qr(payload)))).toStrictEqual({
      name: 'qr-code',
      status: 'WARN',
      code: 'NUMBER_ABSENT',
      message: 'The QR code does not carry the printed report number.',
      evidence: { officialDomains: OFFICIAL, qrCodes: [{ payload, host: 'verify.qingshi-test.example', page: 1, finding: 'NUMBER_ABSENT' }] },
    });
  });

  it('warns when the issuer has no official domain on record', () => {
    // Prepare
    const payload = 'northstar-gem.example/check/NS20250042';
    const ctx = makeContext({ fields: { ...gemFields(), ...qr(payload) }, registeredReports: [gemReport] });
    // Act & Assess
    expect(qrCode.run(ctx)).toStrictEqual({
      name: 'qr-code',
      status: 'WARN',
      code: 'DOMAIN_UNVERIFIABLE',
      message: 'The QR code host cannot be checked: no official verification domain is on record for the issuer.',
      evidence: { officialDomains: [], qrCodes: [{ payload, host: 'northstar-gem.example', page: 1, finding: 'DOMAIN_UNVERIFIABLE' }] },
    });
  });

  it('names the page each code was found on: fields.qr by its source, a decoded code by its own page', () => {
    // Prepare: the reading found the code on page 2 of a cover + results report
    const onPage2 = { ...QR_GENUINE, payload: `${QR_GENUINE.payload}&p=2` };
    const ctx = withFields({ qr: { value: QR_GENUINE, confidence: 1, source: { page: 3 } } }, { qrCodes: [{ ...onPage2, page: 2 }] });
    // Act
    const result = qrCode.run(ctx);
    // Assess
    expect(result.evidence).toMatchObject({
      qrCodes: [
        { payload: QR_GENUINE.payload, page: 3, finding: 'CONSISTENT' },
        { payload: onPage2.payload, page: 2, finding: 'CONSISTENT' },
      ],
    });
  });

  it('warns when the printed number was partly illegible and completed from the QR code, with what was printed', () => {
    // Prepare: services/reconcile-ocr.ts took the QR's number for a number a seal covered
    const ctx = withFields(
      { reportNumber: { value: 'QS2025-000123', confidence: 0.7, source: { page: 1, line: 2 } } },
      { textSource: 'paddle', reportNumberReconciled: { printed: 'QS25-00D23', value: 'QS2025-000123', how: 'partly-legible' } },
    );
    // Act & Assess
    expect(qrCode.run(ctx)).toMatchObject({
      status: 'WARN',
      code: 'NUMBER_PARTLY_LEGIBLE',
      evidence: { qrCodes: [{ payload: QR_GENUINE.payload, finding: 'NUMBER_PARTLY_LEGIBLE', printedAs: 'QS25-00D23' }] },
    });
    // A look-alike correction (I/1, O/0) is a misreading, not an illegible number: consistent.
    const lookalike = withFields({}, { textSource: 'paddle', reportNumberReconciled: { printed: 'QS2O25-000123', value: 'QS2025-000123', how: 'lookalike' } });
    expect(qrCode.run(lookalike)).toMatchObject({ status: 'PASS', code: 'CONSISTENT' });
  });

  it('does not apply without a QR code', () => {
    // Act & Assess
    expect(qrCode.applies(withFields({ qr: undefined }))).toBe(false);
  });
});
