import { describe, expect, it } from 'vitest';
import { judgeFieldReading, judgeNumberReading, type FieldReading } from '#shared/checks/reading-policy.ts';
import { runChecks } from '#shared/checks/run-checks.ts';
import { decideVerdict } from '#shared/checks/verdict-policy.ts';
import type { Verdict } from '#shared/domain/verification.ts';
import type { ExtractedFields } from '#shared/domain/verification.ts';
import type { TextPage } from '#shared/text/types.ts';
import { field, genuineFields, makeContext, QR_GENUINE } from './fixtures.ts';

const reading = (over: Partial<FieldReading>): FieldReading => ({
  textSource: 'pdf-text',
  confidence: 0.97,
  registeredAtPlace: false,
  registeredElsewhere: false,
  lookalike: 'differs',
  ...over,
});

describe('reading policy: when a printed field that differs from its registration is hard evidence', () => {
  it.each<[string, Partial<FieldReading>, string, string]>([
    ['a forged value at its label on a text layer', {}, 'hard', 'CONFIDENT'],
    ['typed-in fields (nothing to misread)', { textSource: 'fields', registeredAtPlace: undefined }, 'hard', 'CONFIDENT'],
    ['misread genuine field: the registered value is printed where it was read', { registeredAtPlace: true }, 'match', 'REGISTERED_VALUE_AT_PLACE'],
    ['misread genuine field on a scan: registered value at its place', { textSource: 'tesseract', confidence: 0.5, registeredAtPlace: true }, 'match', 'REGISTERED_VALUE_AT_PLACE'],
    ['not read at a label (a letterhead or lone-date guess)', { confidence: 0.7 }, 'uncertain', 'NOT_READ_AT_LABEL'],
    ['OCR below OCR_CONFIDENT', { textSource: 'tesseract', confidence: 0.78 }, 'uncertain', 'OCR_UNCERTAIN'],
    ['OCR one character off a Chinese text', { textSource: 'paddle' as never, confidence: 0.95, lookalike: 'uncertain' }, 'uncertain', 'OCR_UNCERTAIN'],
    ['OCR one character off a long company name', { textSource: 'tesseract', lookalike: 'tolerated' }, 'match', 'OCR_LOOKALIKE_TOLERATED'],
    ['confident OCR, a real difference', { textSource: 'textract', confidence: 0.93 }, 'hard', 'CONFIDENT'],
    ['the registered value printed at another label of the field', { registeredElsewhere: true }, 'uncertain', 'REGISTERED_VALUE_ELSEWHERE'],
    ['confident OCR under the ink of a seal (a fax keeps it)', { textSource: 'paddle' as never, confidence: 0.93, underSeal: true }, 'uncertain', 'UNDER_SEAL'],
    ['a text layer under a seal image (the text is read, not the picture)', { underSeal: true }, 'hard', 'CONFIDENT'],
  ])('%s → %s (%s)', (_, over, outcome, reason) => {
    // Act & Assess
    expect(judgeFieldReading(reading(over))).toStrictEqual({ outcome, reason });
  });
});

describe('reading policy: when an unregistered or off-pattern number is hard evidence', () => {
  it.each<[string, Parameters<typeof judgeNumberReading>[0], string, string[]]>([
    ['read cleanly, the QR code agrees', { value: 'MJ2025-000999', confidence: 0.97, textSource: 'pdf-text', others: ['MJ2025-000999', 'VERIFY'] }, 'hard', []],
    ['read cleanly, another report in the QR code (the qr-code check judges that)', { value: 'MJ2025-000999', confidence: 0.97, textSource: 'pdf-text', others: ['MJ2024-111111'] }, 'hard', []],
    ['the parser ran on: the QR code carries a shorter form', { value: 'XX-2025-000123由', confidence: 0.97, textSource: 'pdf-text', others: ['XX-2025-000123'] }, 'uncertain', ['XX-2025-000123']],
    ['cut short: a page header carries the longer form', { value: 'HTS2025-0314', confidence: 0.97, textSource: 'pdf-text', others: ['HTS2025-031400127'] }, 'uncertain', ['HTS2025-031400127']],
    ['OCR look-alike of the QR number', { value: 'MI2025-000127', confidence: 0.9, textSource: 'tesseract', others: ['MJ2025-000127'] }, 'uncertain', ['MJ2025-000127']],
    ['not read at a label', { value: 'MJ2025-000999', confidence: 0.7, textSource: 'pdf-text', others: [] }, 'uncertain', []],
    ['OCR under a seal lost characters: the QR number holds them', { value: 'XX-25-00D23', confidence: 0.9, textSource: 'paddle', others: ['XX-2025-000123'] }, 'uncertain', ['XX-2025-000123']],
    ['OCR under the ink of a seal', { value: 'MJ2025-000999', confidence: 0.9, textSource: 'paddle', others: [], underSeal: true }, 'uncertain', []],
    ['a changed character is no lost one', { value: 'MJ2025-000998', confidence: 0.9, textSource: 'paddle', others: ['MJ2025-000999'] }, 'hard', []],
  ])('%s → %s', (_, input, outcome, conflicting) => {
    // Act & Assess
    expect(judgeNumberReading(input)).toMatchObject({ outcome, conflicting });
  });
});

/** A text layer of one page: each line at its own row, full width. */
const page = (...lines: string[]): TextPage[] => [
  { pageNumber: 1, lines: lines.map((text, i) => ({ text, confidence: 1, box: { left: 0.1, top: 0.1 + i * 0.03, width: 0.8, height: 0.015 } })) },
];
const at = (line: number) => ({ page: 1, line, box: { left: 0.1, top: 0.1 + (line - 1) * 0.03, width: 0.8, height: 0.015 } });
const read = <T>(value: T, line: number, confidence = 0.97) => ({ value, confidence, source: at(line) });

const GRID = page(
  '报告编号：QS2025-000123',
  '样品名称：儿童电动玩具车 规格型号：TC-200',
  '委托单位：星河玩具有限公司 生产单位：星河玩具有限公司',
  '检验结论：合格 签发日期：2025年3月14日',
);

describe('verdict safety over the checks: misreadings are never FRAUDULENT, forgeries at their place still are', () => {
  it.each<[string, Partial<ExtractedFields>, TextPage[], Verdict]>([
    ['genuine, read right', {}, GRID, 'AUTHENTIC'],
    ['misread genuine field: the client ran into the next pair', { client: read('星河玩具有限公司 生产单位 星河', 3) }, GRID, 'AUTHENTIC'],
    ['misread genuine field: the model swallowed what follows', { model: read('TC-200 委托', 2) }, GRID, 'AUTHENTIC'],
    ['misread genuine field, not at its place and not printed anywhere the parser looked', { productName: read('玩具', 1, 0.7) }, GRID, 'SUSPICIOUS'],
    [
      'forged product at its label on a text layer',
      { productName: read('儿童电动平衡车', 2) },
      page('报告编号：QS2025-000123', '样品名称：儿童电动平衡车 规格型号：TC-200', '委托单位：星河玩具有限公司 生产单位：星河玩具有限公司', '检验结论：合格'),
      'FRAUDULENT',
    ],
    [
      'forged client while the manufacturer (the same company) keeps the registered name on the same line',
      { client: read('明日玩具有限公司', 3) },
      page('报告编号：QS2025-000123', '样品名称：儿童电动玩具车', '委托单位：明日玩具有限公司 生产单位：星河玩具有限公司'),
      'FRAUDULENT',
    ],
    ['forged conclusion 合格 → 不合格 at its label: 合格 is not confirmed inside 不合格', { conclusion: read('FAIL', 2) }, page('报告编号：QS2025-000123', '检验结论：不合格'), 'FRAUDULENT'],
    ['misread conclusion where 合格 is printed', { conclusion: read('见附页', 2) }, page('报告编号：QS2025-000123', '检验结论：合格 见附页'), 'AUTHENTIC'],
    [
      'an edited field on one page while another page still prints the registered value at its label',
      { productName: read('儿童电动平衡车', 2) },
      page('报告编号：QS2025-000123', '样品名称：儿童电动平衡车', '委托单位：星河玩具有限公司', '产品名称：儿童电动玩具车'),
      'SUSPICIOUS',
    ],
  ])('%s → %s', (_, fields, pages, expected) => {
    // Prepare
    const ctx = makeContext({ fields: { ...genuineFields(), ...fields }, pages });
    // Act & Assess
    expect(decideVerdict(runChecks(ctx)).verdict).toBe(expected);
  });

  it('never calls a field misread under a seal on a fax FRAUDULENT; the same misreading where no seal lies still is', () => {
    // Prepare: the seal's words under its star, its ring over the standard (27887 read 27287)
    const lines = (seal: boolean): TextPage[] => [
      {
        pageNumber: 1,
        lines: [
          { text: '报告编号：QS2025-000123', confidence: 0.98, box: { left: 0.1, top: 0.1, width: 0.5, height: 0.015 } },
          { text: '检验依据：GB 27287-2011', confidence: 0.95, box: { left: 0.12, top: 0.317, width: 0.3, height: 0.017 } },
          ...(seal ? [{ text: '检验检测专用章', confidence: 0.98, box: { left: 0.266, top: 0.38, width: 0.118, height: 0.016 } }] : []),
        ],
      },
    ];
    const standards = { value: ['GB 27287-2011'], confidence: 0.93, source: { page: 1, line: 2, box: { left: 0.19, top: 0.317, width: 0.22, height: 0.017 } } };
    const ctx = (seal: boolean, redInkRemoved = false) =>
      makeContext({
        textSource: 'paddle',
        fields: { ...genuineFields(), standards },
        pages: lines(seal).map((p) => (redInkRemoved ? { ...p, redInkRemoved } : p)),
      });
    // Act & Assess
    expect(decideVerdict(runChecks(ctx(true))).verdict).toBe('SUSPICIOUS');
    expect(runChecks(ctx(true)).find((c) => c.name === 'fields-match')).toMatchObject({ code: 'FIELDS_DIFFER_UNCERTAIN_READ', evidence: [{ field: 'standards', uncertain: 'UNDER_SEAL' }] });
    expect(decideVerdict(runChecks(ctx(false))).verdict).toBe('FRAUDULENT');
    // A red seal the OCR turned into paper lies over nothing: the reading under it is hard evidence again.
    expect(decideVerdict(runChecks(ctx(true, true))).verdict).toBe('FRAUDULENT');
  });

  it('holds an unregistered number that the QR code reads shorter as SUSPICIOUS, and a clean unregistered one as FRAUDULENT', () => {
    // Prepare
    const swallowed = makeContext({
      fields: { ...genuineFields(), reportNumber: read('QS2025-0001230', 1) },
      pages: page('报告编号：QS2025-0001230'),
      qrCodes: [QR_GENUINE],
      registeredReports: [],
    });
    const clean = makeContext({
      fields: { ...genuineFields(), reportNumber: read('QS2025-000999', 1), qr: field({ payload: 'https://verify.qingshi-test.example/r?no=QS2025-000999' }) },
      pages: page('报告编号：QS2025-000999'),
      registeredReports: [],
    });
    // Act & Assess
    expect(decideVerdict(runChecks(swallowed)).verdict).toBe('SUSPICIOUS');
    expect(decideVerdict(runChecks(clean)).verdict).toBe('FRAUDULENT');
  });
});
