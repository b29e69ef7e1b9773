import { describe, expect, it } from 'vitest';
import { fieldsMatch, normaliseConclusion, numbersMatch } from '#shared/checks/fields-match.ts';
import { field, gemFields, gemReport, makeContext, withFields } from './fixtures.ts';

const ALL_PRINTED = ['productName', 'model', 'client', 'manufacturer', 'standards', 'conclusion', 'issueDate', 'sampleReceivedDate'];

describe('check: fields-match', () => {
  it('passes when every printed field equals the registration, free-form fields included', () => {
    // Act & Assess
    expect(fieldsMatch.run(makeContext())).toStrictEqual({
      name: 'fields-match',
      status: 'PASS',
      code: 'MATCH',
      message: `Every printed field (${ALL_PRINTED.join(', ')}) matches the registered record.`,
      evidence: { compared: ALL_PRINTED },
    });
  });

  it('passes after normalisation: width, spacing, legal suffix, conclusion wording, standards as a subset', () => {
    // Prepare
    const ctx = withFields({
      model: field('ｔｃ 200'),
      client: field('星河玩具 股份有限公司'),
      manufacturer: field('星河玩具有限公司'),
      conclusion: field('符合要求'),
      standards: field(['GB 6675.2-2014']),
      sampleReceivedDate: undefined,
    });
    // Act & Assess
    expect(fieldsMatch.run(ctx)).toStrictEqual({
      name: 'fields-match',
      status: 'PASS',
      code: 'MATCH',
      message: 'Every printed field (productName, model, client, manufacturer, standards, conclusion, issueDate) matches the registered record.',
      evidence: { compared: ['productName', 'model', 'client', 'manufacturer', 'standards', 'conclusion', 'issueDate'] },
    });
  });

  it('fails with a field-level diff when printed fields were edited', () => {
    // Prepare
    const ctx = withFields({
      productName: field('儿童电动平衡车'),
      conclusion: field('不合格'),
      standards: field(['GB 6675.1-2014', 'GB 4706.1-2005']),
      sampleReceivedDate: field('2025-03-02'),
    });
    // Act & Assess
    expect(fieldsMatch.run(ctx)).toStrictEqual({
      name: 'fields-match',
      status: 'FAIL',
      code: 'FIELDS_DIFFER',
      message: 'Printed productName, standards, conclusion, sampleReceivedDate differ from the registered record.',
      evidence: [
        { field: 'productName', printed: '儿童电动平衡车', registered: '儿童电动玩具车' },
        { field: 'standards', printed: ['GB 6675.1-2014', 'GB 4706.1-2005'], registered: ['GB 6675.1-2014', 'GB 6675.2-2014'] },
        { field: 'conclusion', printed: '不合格', registered: '合格' },
        { field: 'sampleReceivedDate', printed: '2025-03-02', registered: '2025-03-01' },
      ],
    });
  });

  it('compares the free-form caratWeight with a tolerance', () => {
    // Prepare
    const ok = makeContext({ fields: { ...gemFields(), caratWeight: field(1.024) }, registeredReports: [gemReport] });
    // Act & Assess
    expect(fieldsMatch.run(ok)).toMatchObject({ status: 'PASS', evidence: { compared: ['productName', 'issueDate', 'caratWeight', 'gemIdentification'] } });
    const edited = makeContext({ fields: { ...gemFields(), caratWeight: field(1.2) }, registeredReports: [gemReport] });
    expect(fieldsMatch.run(edited)).toStrictEqual({
      name: 'fields-match',
      status: 'FAIL',
      code: 'FIELDS_DIFFER',
      message: 'Printed caratWeight differs from the registered record.',
      evidence: [{ field: 'caratWeight', printed: 1.2, registered: 1.02 }],
    });
  });

  it('forgives characters OCR confuses (O for 0), but not in a text PDF', () => {
    // Prepare
    const ocr = withFields({ model: field('TC-2OO', 0.7) }, { textSource: 'tesseract' });
    // Act & Assess
    expect(fieldsMatch.run(ocr)).toMatchObject({ status: 'PASS', code: 'MATCH' });
    const text = withFields({ model: field('TC-2OO') });
    expect(fieldsMatch.run(text)).toMatchObject({ status: 'FAIL', evidence: [{ field: 'model', printed: 'TC-2OO', registered: 'TC-200' }] });
  });

  it('holds an OCR misreading read with low confidence as a warning, and a confident one as hard evidence', () => {
    // Prepare
    const misread = withFields({ conclusion: field('FAIL', 0.62) }, { textSource: 'tesseract' });
    const confident = withFields({ conclusion: field('FAIL', 0.93) }, { textSource: 'tesseract' });

    // Act & Assess
    expect(fieldsMatch.run(misread)).toStrictEqual({
      name: 'fields-match',
      status: 'WARN',
      code: 'FIELDS_DIFFER_UNCERTAIN_READ',
      message: 'Printed conclusion differs from the registered record, but the reading is uncertain: possibly a misreading.',
      evidence: [{ field: 'conclusion', printed: 'FAIL', registered: '合格', uncertain: 'NOT_READ_AT_LABEL' }],
    });
    expect(fieldsMatch.run(confident)).toMatchObject({ status: 'FAIL', code: 'FIELDS_DIFFER' });
  });

  it('never holds a conclusion OCR read as neither PASS nor FAIL (a seal over 不合格) as hard evidence', () => {
    // Prepare
    const sealed = withFields({ conclusion: field('不合榜衡正质量检验中心', 0.93) }, { textSource: 'paddle' });
    // Act & Assess
    expect(fieldsMatch.run(sealed)).toMatchObject({ status: 'WARN', code: 'FIELDS_DIFFER_UNCERTAIN_READ', evidence: [{ field: 'conclusion', uncertain: 'OCR_UNCERTAIN' }] });
  });

  it('tolerates one OCR-misread character in a long company name, warns on a Chinese product name, and fails a changed model', () => {
    // Prepare
    const [report] = makeContext().registeredReports;
    const registered = { ...report, manufacturer: '东莞市优能电子科技有限公司' } as NonNullable<typeof report>;
    const company = { ...withFields({ manufacturer: field('东欧市优能电子科技有限公司', 0.91) }, { textSource: 'tesseract' }), registeredReports: [registered] };
    const charger = { ...registered, manufacturer: report?.manufacturer, productName: '快速充电器' };
    const product = { ...withFields({ productName: field('快速充电宝', 0.91) }, { textSource: 'tesseract' }), registeredReports: [charger] };
    const model = withFields({ model: field('TC-800', 0.95) }, { textSource: 'tesseract' });

    // Act & Assess
    expect(fieldsMatch.run(company)).toMatchObject({
      status: 'PASS',
      code: 'MATCH',
      evidence: { ocrMisreadsTolerated: [{ field: 'manufacturer', printed: '东欧市优能电子科技有限公司', registered: '东莞市优能电子科技有限公司' }] },
    });
    expect(fieldsMatch.run(product)).toMatchObject({ status: 'WARN', code: 'FIELDS_DIFFER_UNCERTAIN_READ' });
    expect(fieldsMatch.run(model)).toMatchObject({ status: 'FAIL', code: 'FIELDS_DIFFER' });
  });

  it('is skipped when nothing besides the number was printed or typed', () => {
    // Prepare
    const ctx = makeContext({ fields: { reportNumber: field('QS2025-000123') }, textSource: 'fields', fullText: '' });
    // Act & Assess
    expect(fieldsMatch.run(ctx)).toStrictEqual({
      name: 'fields-match',
      status: 'SKIPPED',
      code: 'NO_PRINTED_FIELDS',
      message: 'No printed field besides the number can be compared with the registration of QS2025-000123.',
      evidence: { issuerId: 'qingshi-testing', reportNumber: 'QS2025-000123' },
    });
  });

  it('does not apply without a registration', () => {
    // Act & Assess
    expect(fieldsMatch.applies(makeContext({ registeredReports: [] }))).toBe(false);
  });
});

describe('normaliseConclusion', () => {
  it.each([
    ['合格', 'PASS'],
    ['不合格', 'FAIL'],
    ['符合', 'PASS'],
    ['不符合要求', 'FAIL'],
    ['Pass', 'PASS'],
    ['Does not conform', 'FAIL'],
    ['Non-conforming', 'FAIL'],
    ['见附页', '见附页'],
  ])('%s → %s', (text, expected) => {
    // Act & Assess
    expect(normaliseConclusion(text)).toBe(expected);
  });
});

describe('numbersMatch', () => {
  it.each([
    [1.02, 1.02, true],
    [1.024, 1.02, true],
    [1.026, 1.02, false],
    [1500, 1501, true],
    [1500, 1502, false],
  ])('%d vs %d → %s', (a, b, expected) => {
    // Act & Assess
    expect(numbersMatch(a, b)).toBe(expected);
  });
});
