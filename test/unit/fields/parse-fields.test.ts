import { describe, expect, it } from 'vitest';
import { parseFields } from '#shared/fields/parse-fields.ts';
import type { Box, KeyValue, Line, TextResult } from '#shared/text/types.ts';

const NO_BOX: Box = { left: 0, top: 0, width: 0, height: 0 };
/** A line at (left, top) as page fractions, one text line high. */
const line = (text: string, left = 0, top = 0, width = 0.3, confidence = 1): Line => ({
  text,
  confidence,
  box: width === 0 ? NO_BOX : { left, top, width, height: 0.015 },
});
const doc = (pages: Line[][], keyValues: KeyValue[] = []): TextResult => ({
  engine: 'tesseract',
  pages: pages.map((lines, i) => ({ pageNumber: i + 1, lines })),
  keyValues,
});
const values = (text: TextResult) =>
  Object.fromEntries(Object.entries(parseFields(text)).map(([k, v]) => [k, (v as { value: unknown }).value]));

describe('parseFields', () => {
  it('reads "label: value" lines in English with the value, confidence and source of each field', () => {
    // Prepare
    const text = doc([
      [
        line('Harbourline Testing Services Co., Ltd.', 0.08, 0.05, 0.5, 0.95),
        line('TEST REPORT', 0.35, 0.2),
        line('Report No.: HTS2025-031400127', 0.35, 0.27),
        line('Sample Name: Electric Rice Cooker', 0.14, 0.36),
        line('Model/Type: RC-40A', 0.14, 0.39, 0.3, 0.8),
        line('Date of Issue: 14 March 2025', 0.14, 0.42),
      ],
    ]);
    // Act
    const fields = parseFields(text);
    // Assess
    expect(fields.reportNumber).toStrictEqual({ value: 'HTS2025-031400127', confidence: 0.97, source: { page: 1, line: 3, box: { left: 0.4741, top: 0.27, width: 0.1759, height: 0.015 } } });
    expect(fields.model).toStrictEqual({ value: 'RC-40A', confidence: 0.776, source: expect.objectContaining({ page: 1, line: 5 }) });
    expect(fields.issuerName).toStrictEqual({ value: 'Harbourline Testing Services Co., Ltd.', confidence: 0.684, source: expect.objectContaining({ page: 1, line: 1 }) });
    expect(values(text)).toStrictEqual({
      documentType: 'INSPECTION_REPORT',
      reportNumber: 'HTS2025-031400127',
      issuerName: 'Harbourline Testing Services Co., Ltd.',
      productName: 'Electric Rice Cooker',
      model: 'RC-40A',
      issueDate: '2025-03-14',
    });
  });

  it('reads a ruled table: label and value in cells side by side, told apart by their boxes', () => {
    // Prepare
    const text = doc([
      [
        line('检验检测报告', 0.35, 0.15),
        line('样品名称', 0.1, 0.3, 0.1),
        line('儿童安全座椅', 0.3, 0.301, 0.15),
        line('规格型号', 0.55, 0.3, 0.1),
        line('BS-360', 0.72, 0.3, 0.1),
        line('委托单位', 0.1, 0.34, 0.1),
        line('苏 州 童 安 婴 童 用 品 有 限 公 司', 0.3, 0.34, 0.4),
        line('检验结论', 0.1, 0.38, 0.1),
        line('不合格', 0.3, 0.38, 0.1),
      ],
    ]);
    // Act
    const fields = parseFields(text);
    // Assess
    expect(values(text)).toStrictEqual({
      documentType: 'INSPECTION_REPORT',
      productName: '儿童安全座椅',
      model: 'BS-360',
      client: '苏州童安婴童用品有限公司',
      conclusion: 'FAIL',
    });
    expect(fields.model?.source).toStrictEqual({ page: 1, line: 5, box: { left: 0.72, top: 0.3, width: 0.1, height: 0.015 } });
    expect(fields.model?.confidence).toBe(0.93);
  });

  it('reads a merged table row (OCR) with several labels and no colons', () => {
    // Prepare
    const text = doc([[line('Sample Name Ride-on Toy Car Model/Type TC-8800', 0.1, 0.26, 0.64), line('Conclusion FAIL', 0.1, 0.3)]]);
    // Act & Assess
    expect(values(text)).toStrictEqual({ documentType: 'INSPECTION_REPORT', productName: 'Ride-on Toy Car', model: 'TC-8800', conclusion: 'FAIL' });
  });

  it('reads a grid row whose value OCR glued to the next label ("Co., Ltd.Manufacturer")', () => {
    const text = doc([[line('Report No. EQT-2025-04-1187'), line('Client Bluewave Home Appliances Co., Ltd.Manufacturer Zhongshan Everbright Electric Co., Ltd.')]]);
    expect(values(text)).toMatchObject({ client: 'Bluewave Home Appliances Co., Ltd.', manufacturer: 'Zhongshan Everbright Electric Co., Ltd.' });
  });

  it('reads bilingual labels that OCR glued together ("型号Model: ET-5")', () => {
    const text = doc([[line('报告编号 Report No.: SH-JC-2025-1043'), line('型号Model: ET-5'), line('委托单位Client: 上海洁齿日用品有限公司')]]);
    expect(values(text)).toMatchObject({ reportNumber: 'SH-JC-2025-1043', model: 'ET-5', client: '上海洁齿日用品有限公司' });
  });

  it('reads values printed under their label, continued over several lines', () => {
    // Prepare
    const text = doc([
      [
        line('Test Standards:', 0.14, 0.55, 0.13),
        line('GB 4706.1-2005', 0.36, 0.575, 0.13),
        line('GB 4706.19-2008', 0.36, 0.595, 0.14),
        line('Conclusion:', 0.14, 0.63, 0.1),
        line('The sample does not comply with the', 0.36, 0.655, 0.5),
        line('requirements of clause 19.', 0.36, 0.675, 0.3),
      ],
    ]);
    // Act
    const fields = parseFields(text);
    // Assess
    expect(fields.standards).toStrictEqual({ value: ['GB 4706.1-2005', 'GB 4706.19-2008'], confidence: 0.86, source: expect.objectContaining({ page: 1, line: 2 }) });
    expect(fields.conclusion?.value).toBe('FAIL');
  });

  it('reads the next line in order when the engine gives no boxes', () => {
    // Prepare
    const text = doc([[line('签发日期：', 0, 0, 0), line('2025年3月14日', 0, 0, 0)]]);
    // Act & Assess
    expect(parseFields(text).issueDate).toStrictEqual({ value: '2025-03-14', confidence: 0.86, source: expect.objectContaining({ page: 1, line: 2 }) });
  });

  it('uses the key-value pairs of an engine, with the line where the value is printed', () => {
    // Prepare
    const text = doc([[line('Some heading', 0.1, 0.1), line('HX-1720', 0.5, 0.3)]], [
      { key: 'Model/Type:', value: 'HX-1720', confidence: 0.9, pageNumber: 1 },
      { key: 'Weight', value: '1.02 ct', confidence: 0.5, pageNumber: 1 },
      { key: 'Unrelated', value: 'x', confidence: 1, pageNumber: 1 },
    ]);
    // Act
    const fields = parseFields(text);
    // Assess
    expect(fields.model).toStrictEqual({ value: 'HX-1720', confidence: 0.864, source: expect.objectContaining({ page: 1, line: 2 }) });
    expect(fields.caratWeight).toStrictEqual({ value: 1.02, confidence: 0.48, source: { page: 1 } });
  });

  it('finds accreditation marks and numbers anywhere, with O/0 repaired', () => {
    // Prepare
    const text = doc([
      [
        line('深圳华信检测技术有限公司 CNAS CMA', 0.09, 0.06, 0.78),
        line('CNAS L6I2O 2024 1900 4512', 0.7, 0.1, 0.2),
        line('CNCA-R-2011-052', 0.7, 0.12, 0.1),
      ],
    ]);
    // Act
    const fields = parseFields(text);
    // Assess
    expect(fields.accreditationNumbers?.value).toStrictEqual([
      { scheme: 'CNAS', number: 'L6120' },
      { scheme: 'CMA', number: '202419004512' },
      { scheme: 'CNCA', number: 'CNCA-R-2011-052' },
    ]);
    expect(fields.accreditationNumbers?.source).toMatchObject({ page: 1, line: 2 });
    expect(fields.issuerName?.value).toBe('深圳华信检测技术有限公司');
  });

  it('reads certificate wording: holder, scope over several lines, standards without a label', () => {
    // Prepare
    const text = doc([
      [
        line('CERTIFICATE', 0.35, 0.2),
        line('Certificate No.: 12325Q30471R1M', 0.3, 0.27, 0.4),
        line('This is to certify that the Quality Management System of', 0.15, 0.33, 0.7),
        line('Bluewave Home Appliances Co., Ltd.', 0.3, 0.37, 0.4),
        line('has been assessed and found to conform to the requirements of', 0.15, 0.41, 0.7),
        line('ISO 9001:2015', 0.4, 0.45, 0.2),
        line('for the following scope:', 0.35, 0.49, 0.3),
        line('Design and production of rice cookers', 0.2, 0.52, 0.6),
        line('and electric kettles', 0.3, 0.543, 0.4),
        line('Date of Issue: 03/14/2025', 0.15, 0.62, 0.3),
        line('Valid Until: 03/13/2028', 0.15, 0.65, 0.3),
      ],
    ]);
    // Act & Assess
    expect(values(text)).toStrictEqual({
      documentType: 'CERTIFICATE',
      reportNumber: '12325Q30471R1M',
      certificateHolder: 'Bluewave Home Appliances Co., Ltd.',
      certificationScope: 'Design and production of rice cookers and electric kettles',
      standards: ['ISO 9001:2015'],
      issueDate: '2025-03-14',
      validUntil: '2028-03-13',
    });
  });

  it('reads a gem report through OCR noise: dotted leaders read as letters, a mangled label', () => {
    // Prepare
    const text = doc([
      [
        line('Aurelian Gemological Laboratory', 0.09, 0.06, 0.37),
        line('GEM IDENTIFICATION REPORT', 0.24, 0.17, 0.5),
        line('DALE eevee March 14,2025', 0.11, 0.25, 0.4, 0.44),
        line('Report NUMber .......ccocvevevieviececienreennns 2141234567 dss', 0.11, 0.26, 0.7, 0.32),
        line('Carat Weight o.oo, 1.02 carat', 0.11, 0.42, 0.45, 0.76),
        line('Identification .....cccooveevevevreeeenieennne Natural Diamond', 0.11, 0.45, 0.45, 0.5),
      ],
    ]);
    // Act & Assess
    expect(values(text)).toStrictEqual({
      documentType: 'GEM_REPORT',
      reportNumber: '2141234567',
      issuerName: 'Aurelian Gemological Laboratory',
      issueDate: '2025-03-14',
      caratWeight: 1.02,
      gemIdentification: 'Natural Diamond',
    });
  });

  it('reads prose and certificate wording whose spaces OCR of a photo dropped', () => {
    // Prepare: PaddleOCR lines of phone photos (spaces between words missing, 0 read as o)
    const prose = doc([
      [
        line('Test Report No.LTL25-118204', 0.1, 0.22, 0.8),
        line('Thisreportwas issued to Sunny Path Trading Ltd.for thesample Ride-on Toy Car, model', 0.1, 0.26, 0.8),
        line('TC-88o0, manufacturedby Jinhua Merrytoys Manufacturing Co., Ltd.The samplewas', 0.1, 0.28, 0.8),
        line('receivedon February26,2025andtestedaccordingto GB6675.2-2014.', 0.1, 0.3, 0.8),
      ],
    ]);
    const certificate = doc([
      [
        line('Certificate No.:12325Q30471R1M', 0.3, 0.25, 0.4),
        line('This is tocertify that the Quality Management System of', 0.2, 0.3, 0.6),
        line('Bluewave Home Appliances Co., Ltd.', 0.25, 0.33, 0.5),
        line('hasbeen assessed and found toconform to therequirementsof', 0.2, 0.36, 0.6),
        line('for the followingscope:', 0.3, 0.42, 0.4),
        line('Design and production of electric kettles', 0.2, 0.45, 0.6),
      ],
    ]);
    // Act & Assess
    expect(values(prose)).toMatchObject({
      client: 'Sunny Path Trading Ltd.',
      productName: 'Ride-on Toy Car',
      model: 'TC-8800',
      manufacturer: 'Jinhua Merrytoys Manufacturing Co., Ltd.',
      sampleReceivedDate: '2025-02-26',
    });
    expect(values(certificate)).toMatchObject({ certificateHolder: 'Bluewave Home Appliances Co., Ltd.', certificationScope: 'Design and production of electric kettles' });
  });

  it('tells the kind of document from its labels when the title is unreadable', () => {
    // Act & Assess
    expect(values(doc([[line('A ig 告', 0.3, 0.2), line('样品名称: 电热水壶', 0.2, 0.38)]])).documentType).toBe('INSPECTION_REPORT');
    expect(values(doc([[line('鉴定结果: 天然翡翠', 0.2, 0.3)]]))).toStrictEqual({ documentType: 'GEM_REPORT', gemIdentification: '天然翡翠' });
  });

  it('prefers the specific label and raises the confidence when two places agree', () => {
    // Prepare: the report number is printed on both pages; "Date" is generic, "Date of Issue" is specific.
    const text = doc([
      [line('报告编号：HX-1', 0.1, 0.1), line('Date: 2025-01-02', 0.1, 0.2), line('Date of Issue: 2025-03-14', 0.1, 0.3)],
      [line('报告编号：HX-1', 0.1, 0.1)],
    ]);
    // Act
    const fields = parseFields(text);
    // Assess
    expect(fields.reportNumber).toStrictEqual({ value: 'HX-1', confidence: 0.976, source: expect.objectContaining({ page: 1, line: 1 }) });
    expect(fields.issueDate?.value).toBe('2025-03-14');
  });

  it('returns no fields for an empty or unrelated text and never throws', () => {
    // Act & Assess
    expect(parseFields({ engine: 'pdf-text', pages: [], keyValues: [] })).toStrictEqual({});
    expect(parseFields(doc([[line('Lorem ipsum dolor sit amet', 0.1, 0.1), line(':::|||', 0.1, 0.2), line('', 0, 0, 0)]]))).toStrictEqual({});
  });
});
