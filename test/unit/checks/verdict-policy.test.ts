import { describe, expect, it } from 'vitest';
import { summarise } from '#shared/checks/summary.ts';
import { decideVerdict, HARD_EVIDENCE } from '#shared/checks/verdict-policy.ts';
import type { CheckResult, Verdict } from '#shared/domain/verification.ts';

const res = (name: string, status: CheckResult['status'], code: string, evidence?: unknown): CheckResult => ({
  name,
  status,
  code,
  message: `${name}: ${code}`,
  ...(evidence !== undefined ? { evidence } : {}),
});

const REGISTERED = res('report-registered', 'PASS', 'REGISTERED_VALID', { issuerId: 'qingshi-testing', reportNumber: 'QS2025-000123', status: 'VALID' });
const GENUINE: CheckResult[] = [
  res('issuer-known', 'PASS', 'KNOWN_BY_ACCREDITATION'),
  REGISTERED,
  res('fields-match', 'PASS', 'MATCH'),
  res('accreditation-valid-at-issue', 'PASS', 'ACTIVE_AT_ISSUE'),
  res('fraud-patterns', 'PASS', 'NO_MATCH'),
];
const AUTHENTIC_BASIS = ['report-registered:REGISTERED_VALID', 'fields-match:MATCH', 'accreditation-valid-at-issue:ACTIVE_AT_ISSUE'];

/** GENUINE with results replaced by name, or added. */
const genuineWith = (...changes: CheckResult[]): CheckResult[] => [
  ...GENUINE.map((r) => changes.find((c) => c.name === r.name) ?? r),
  ...changes.filter((c) => !GENUINE.some((r) => r.name === c.name)),
];
const NA = (name: string) => res(name, 'SKIPPED', 'NOT_APPLICABLE');
const ERR = (name: string) => res(name, 'ERROR', 'DEPENDENCY_UNAVAILABLE');
const hardResult = (k: string) => {
  const [name = '', code = ''] = k.split(':');
  return res(name, 'FAIL', code);
};

describe('decideVerdict', () => {
  it.each<[string, CheckResult[], Verdict, number, string[]]>([
    // AUTHENTIC
    ['registered, every field matching, accredited on the issue date', GENUINE, 'AUTHENTIC', 0, AUTHENTIC_BASIS],
    ['… and the registered original file', genuineWith(res('document-hash', 'PASS', 'HASH_MATCHES')), 'AUTHENTIC', 0, [...AUTHENTIC_BASIS, 'document-hash:HASH_MATCHES']],
    [
      'with warnings that may stand beside AUTHENTIC',
      genuineWith(
        res('document-hash', 'WARN', 'HASH_DIFFERS'),
        res('pdf-forensics', 'WARN', 'EDITING_TOOL'),
        res('reuse', 'WARN', 'SAME_PRODUCT_OTHER_SELLERS'),
        res('accreditation-scope', 'WARN', 'OUT_OF_SCOPE'),
        res('claimed-product', 'WARN', 'WORDING_DIFFERS'),
        res('qr-code', 'WARN', 'NUMBER_ABSENT'),
      ),
      'AUTHENTIC',
      2,
      AUTHENTIC_BASIS,
    ],
    [
      'no accreditation claimed or held',
      genuineWith(res('accreditation-valid-at-issue', 'SKIPPED', 'NO_ACCREDITATION_CLAIMED')),
      'AUTHENTIC',
      0,
      ['report-registered:REGISTERED_VALID', 'fields-match:MATCH', 'accreditation-valid-at-issue:NO_ACCREDITATION_CLAIMED'],
    ],
    [
      'an edited-looking PDF that is byte-identical to the registered one',
      genuineWith(res('document-hash', 'PASS', 'HASH_MATCHES'), res('pdf-forensics', 'WARN', 'EDITED_WITH_TOOL')),
      'AUTHENTIC',
      0,
      [...AUTHENTIC_BASIS, 'document-hash:HASH_MATCHES'],
    ],
    // FRAUDULENT
    ['two pieces of hard evidence', genuineWith(res('fields-match', 'FAIL', 'FIELDS_DIFFER'), res('qr-code', 'FAIL', 'KNOWN_FAKE_DOMAIN')), 'FRAUDULENT', 100, ['fields-match:FIELDS_DIFFER', 'qr-code:KNOWN_FAKE_DOMAIN']],
    ['hard evidence beside an ERROR elsewhere', genuineWith(res('fraud-patterns', 'FAIL', 'MATCHED_HIGH'), ERR('reuse')), 'FRAUDULENT', 91, ['fraud-patterns:MATCHED_HIGH']],
    // SUSPICIOUS
    ['a PDF that differs from the registered one and was changed after creation', genuineWith(res('document-hash', 'WARN', 'HASH_DIFFERS'), res('pdf-forensics', 'WARN', 'INCREMENTAL_UPDATES')), 'SUSPICIOUS', 54, ['pdf-forensics:INCREMENTAL_UPDATES']],
    ['edited with a tool, no registered hash', genuineWith(res('pdf-forensics', 'WARN', 'EDITED_WITH_TOOL')), 'SUSPICIOUS', 53, ['pdf-forensics:EDITED_WITH_TOOL']],
    ['a withdrawn report', genuineWith(res('report-registered', 'FAIL', 'WITHDRAWN')), 'SUSPICIOUS', 57, ['report-registered:WITHDRAWN']],
    ['a superseded report', genuineWith(res('report-registered', 'FAIL', 'SUPERSEDED')), 'SUSPICIOUS', 57, ['report-registered:SUPERSEDED']],
    ['an expired certificate', genuineWith(res('validity', 'FAIL', 'EXPIRED')), 'SUSPICIOUS', 57, ['validity:EXPIRED']],
    ['accreditation suspended on the issue date', genuineWith(res('accreditation-valid-at-issue', 'FAIL', 'SUSPENDED_AT_ISSUE')), 'SUSPICIOUS', 57, ['accreditation-valid-at-issue:SUSPENDED_AT_ISSUE']],
    ['a clearly different listed product', genuineWith(res('claimed-product', 'FAIL', 'DIFFERENT_PRODUCT')), 'SUSPICIOUS', 57, ['claimed-product:DIFFERENT_PRODUCT']],
    ['a field OCR read with low confidence differs', genuineWith(res('fields-match', 'WARN', 'FIELDS_DIFFER_UNCERTAIN_READ')), 'SUSPICIOUS', 53, ['fields-match:FIELDS_DIFFER_UNCERTAIN_READ']],
    // misread genuine field → never FRAUDULENT (reading-policy.ts turns an uncertain reading into these WARNs)
    [
      'misread genuine field: not read at its label, registered value printed elsewhere',
      genuineWith(res('fields-match', 'WARN', 'FIELDS_DIFFER_UNCERTAIN_READ', [{ field: 'manufacturer', printed: 'Zhongshan', registered: 'Zhongshan Everbright Co., Ltd.', uncertain: 'NOT_READ_AT_LABEL' }])),
      'SUSPICIOUS',
      53,
      ['fields-match:FIELDS_DIFFER_UNCERTAIN_READ'],
    ],
    [
      'misread genuine number: unregistered as read, the QR code carries a shorter form',
      genuineWith(res('report-registered', 'WARN', 'NOT_REGISTERED_UNCERTAIN_READ'), res('fields-match', 'SKIPPED', 'NOT_APPLICABLE')),
      'SUSPICIOUS',
      53,
      ['report-registered:NOT_REGISTERED_UNCERTAIN_READ'],
    ],
    [
      'misread genuine number: off-pattern as read and unregistered as read',
      genuineWith(res('report-number-pattern', 'WARN', 'OFF_PATTERN_UNCERTAIN_READ'), res('report-registered', 'WARN', 'NOT_REGISTERED_UNCERTAIN_READ'), res('fields-match', 'SKIPPED', 'NOT_APPLICABLE')),
      'SUSPICIOUS',
      57,
      ['report-registered:NOT_REGISTERED_UNCERTAIN_READ', 'report-number-pattern:OFF_PATTERN_UNCERTAIN_READ'],
    ],
    ['a MEDIUM fraud pattern', genuineWith(res('fraud-patterns', 'WARN', 'MATCHED')), 'SUSPICIOUS', 53, ['fraud-patterns:MATCHED']],
    ['an OCR near miss of an issuer name', genuineWith(res('issuer-name', 'WARN', 'POSSIBLE_IMPERSONATION_OCR')), 'SUSPICIOUS', 53, ['issuer-name:POSSIBLE_IMPERSONATION_OCR']],
    ['a WARN code the policy does not know', genuineWith(res('new-check', 'WARN', 'SOMETHING')), 'SUSPICIOUS', 53, ['new-check:SOMETHING']],
    ['a problem beside an ERROR', genuineWith(res('validity', 'FAIL', 'EXPIRED'), ERR('reuse')), 'SUSPICIOUS', 58, ['validity:EXPIRED']],
    // UNVERIFIABLE
    [
      'an unknown issuer with no other evidence',
      [res('issuer-known', 'WARN', 'UNKNOWN_ISSUER'), res('issuer-name', 'WARN', 'UNKNOWN_NAME'), res('report-registered', 'WARN', 'UNREGISTERED_UNVERIFIABLE'), NA('fields-match'), NA('accreditation-valid-at-issue'), res('fraud-patterns', 'PASS', 'NO_MATCH')],
      'UNVERIFIABLE',
      31,
      ['issuer-known:UNKNOWN_ISSUER', 'issuer-name:UNKNOWN_NAME', 'report-registered:UNREGISTERED_UNVERIFIABLE'],
    ],
    [
      'an issuer that does not register its reports',
      [res('issuer-known', 'PASS', 'KNOWN_BY_NAME'), res('report-registered', 'WARN', 'UNREGISTERED_UNVERIFIABLE'), NA('fields-match'), res('accreditation-valid-at-issue', 'PASS', 'ACTIVE_AT_ISSUE')],
      'UNVERIFIABLE',
      27,
      ['report-registered:UNREGISTERED_UNVERIFIABLE'],
    ],
    [
      'an unreadable document',
      [res('issuer-known', 'WARN', 'UNKNOWN_ISSUER'), NA('report-registered'), NA('fields-match'), NA('accreditation-valid-at-issue'), res('fraud-patterns', 'PASS', 'NO_MATCH')],
      'UNVERIFIABLE',
      27,
      ['report-registered:NOT_APPLICABLE', 'issuer-known:UNKNOWN_ISSUER'],
    ],
    ['a typed-in number with nothing to compare', genuineWith(res('fields-match', 'SKIPPED', 'NO_PRINTED_FIELDS')), 'UNVERIFIABLE', 25, ['fields-match:NO_PRINTED_FIELDS']],
    ['a genuine report while the history Query failed', genuineWith(ERR('reuse')), 'UNVERIFIABLE', 26, ['reuse:DEPENDENCY_UNAVAILABLE']],
    [
      'a genuine report while the registry read failed',
      [ERR('issuer-known'), ERR('report-registered'), ERR('fields-match'), ERR('accreditation-valid-at-issue'), res('fraud-patterns', 'PASS', 'NO_MATCH')],
      'UNVERIFIABLE',
      29,
      ['issuer-known:DEPENDENCY_UNAVAILABLE', 'report-registered:DEPENDENCY_UNAVAILABLE', 'fields-match:DEPENDENCY_UNAVAILABLE', 'accreditation-valid-at-issue:DEPENDENCY_UNAVAILABLE'],
    ],
  ])('%s → %s (%i)', (_title, results, verdict, riskScore, decisive) => {
    // Prepare
    const decision = decideVerdict(results);
    // Act & Assess
    expect({ verdict: decision.verdict, riskScore: decision.riskScore, decisive: decision.decisive.map((r) => `${r.name}:${r.code}`) }).toStrictEqual({
      verdict,
      riskScore,
      decisive,
    });
  });

  it.each([...HARD_EVIDENCE])('hard evidence %s → FRAUDULENT (90)', (k) => {
    // Act
    const decision = decideVerdict(genuineWith(hardResult(k)));
    // Assess
    expect(decision).toStrictEqual({ verdict: 'FRAUDULENT', riskScore: 90, decisive: [hardResult(k)] });
  });

  it.each([...HARD_EVIDENCE])('the same check in ERROR instead of %s is never FRAUDULENT', (k) => {
    // Prepare
    const [name = ''] = k.split(':');
    // Act
    const decision = decideVerdict(genuineWith(ERR(name)));
    // Assess
    expect(decision.verdict).toBe('UNVERIFIABLE');
  });

  it('is never FRAUDULENT when every check errored', () => {
    // Prepare
    const names = ['issuer-known', 'issuer-name', 'report-registered', 'fields-match', 'accreditation-valid-at-issue', 'fraud-patterns', 'qr-code', 'reuse'];
    // Act & Assess
    expect(decideVerdict(names.map(ERR)).verdict).toBe('UNVERIFIABLE');
  });
});

describe('summarise', () => {
  it.each<[string, CheckResult[], { en: string; zh: string }]>([
    [
      'AUTHENTIC',
      genuineWith(res('document-hash', 'PASS', 'HASH_MATCHES')),
      {
        en: 'Authentic: report QS2025-000123 is registered by qingshi-testing and valid; every printed field matches the registration; the accreditation was active on the issue date; and 1 more finding.',
        zh: '真实：报告QS2025-000123已由qingshi-testing登记且有效；所有印刷字段与登记记录一致；签发之日资质有效；另有1项发现。',
      },
    ],
    [
      'FRAUDULENT',
      genuineWith(
        res('fields-match', 'FAIL', 'FIELDS_DIFFER', [
          { field: 'productName', printed: 'A', registered: 'B' },
          { field: 'conclusion', printed: '合格', registered: '不合格' },
        ]),
      ),
      {
        en: "Fraudulent: the printed product name, conclusion differ from the issuer's registered record.",
        zh: '伪造：印刷的产品名称、检验结论与出具机构的登记记录不一致。',
      },
    ],
    [
      'SUSPICIOUS',
      genuineWith(res('validity', 'FAIL', 'EXPIRED', { validUntil: '2025-05-31', source: 'printed', today: '2025-06-01' })),
      {
        en: 'Suspicious: the document expired on 2025-05-31. There is no proof of forgery; review it before relying on it.',
        zh: '存疑：该文件已于2025-05-31过期。尚无伪造的确凿证据，请人工复核。',
      },
    ],
    [
      'UNVERIFIABLE',
      [res('issuer-known', 'WARN', 'UNKNOWN_ISSUER'), NA('report-registered')],
      { en: 'Unverifiable: no report number could be read; the issuer is not in the registry.', zh: '无法核验：未能读取报告编号；出具机构不在登记库中。' },
    ],
    [
      'an ERROR',
      genuineWith(ERR('reuse')),
      { en: 'Unverifiable: the reuse check could not be completed.', zh: '无法核验：reuse检查未能完成。' },
    ],
  ])('names the decisive evidence in English and Chinese: %s', (_title, results, expected) => {
    // Act & Assess
    expect(summarise(decideVerdict(results))).toStrictEqual(expected);
  });

  it('quotes the check message when the evidence is not the shape the copy reads', () => {
    // Prepare
    const expired = res('validity', 'FAIL', 'EXPIRED', { validUntil: 20250531 });

    // Act
    const summary = summarise({ verdict: 'SUSPICIOUS', decisive: [expired] });

    // Assess
    expect(summary).toStrictEqual({
      en: 'Suspicious: validity: EXPIRED. There is no proof of forgery; review it before relying on it.',
      zh: '存疑：validity检查结果为EXPIRED。尚无伪造的确凿证据，请人工复核。',
    });
  });

  it('falls back to the check message for a code without a phrase', () => {
    // Act & Assess
    expect(summarise({ verdict: 'SUSPICIOUS', decisive: [res('new-check', 'WARN', 'SOMETHING')] })).toStrictEqual({
      en: 'Suspicious: new-check: SOMETHING. There is no proof of forgery; review it before relying on it.',
      zh: '存疑：new-check检查结果为SOMETHING。尚无伪造的确凿证据，请人工复核。',
    });
  });
});
