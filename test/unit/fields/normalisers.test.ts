import { describe, expect, it } from 'vitest';
import {
  cleanValue,
  normaliseConclusion,
  parseCaratWeight,
  parseDate,
  parseStandards,
  stripOcrJunk,
} from '#shared/fields/normalisers.ts';

describe('cleanValue', () => {
  it('turns full-width into half-width, drops table borders and the spaces OCR puts between Chinese characters', () => {
    // Prepare
    const raw = '：  深 圳 华 信（ 集 团 ）有限公司 | ';
    // Act
    const value = cleanValue(raw);
    // Assess
    expect(value).toBe('深圳华信(集团)有限公司');
  });

  it('keeps the spaces between Latin words and trims separators and leaders', () => {
    // Act & Assess
    expect(cleanValue(' ....... Bluewave  Home Appliances Co., Ltd. ;')).toBe('Bluewave Home Appliances Co., Ltd.');
    expect(cleanValue('ＨＸ－１７２０')).toBe('HX-1720');
  });
});

describe('parseDate', () => {
  it.each([
    ['2025年3月14日', '2025-03-14'],
    ['2025 年 3 月 14 日', '2025-03-14'],
    ['２０２５年３月１４日', '2025-03-14'],
    ['2025.03.14', '2025-03-14'],
    ['2025-03-14', '2025-03-14'],
    ['2025/3/4', '2025-03-04'],
    ['14 March 2025', '2025-03-14'],
    ['14th Mar. 2025', '2025-03-14'],
    ['March 14, 2025', '2025-03-14'],
    ['Sept 1, 2024', '2024-09-01'],
    ['03/14/2025', '2025-03-14'],
    ['14/03/2025', '2025-03-14'],
    ['05/05/2025', '2025-05-05'],
    ['Date of Issue: April 18,2025', '2025-04-18'],
    ['2O25.O3.14', '2025-03-14'],
  ])('reads %s as %s', (raw, iso) => {
    // Act & Assess
    expect(parseDate(raw)).toBe(iso);
  });

  it('returns undefined for an ambiguous day/month order, an impossible date and text without a date', () => {
    // Act & Assess
    expect(parseDate('03/04/2025')).toBeUndefined();
    expect(parseDate('2025-02-30')).toBeUndefined();
    expect(parseDate('31 June 2025')).toBeUndefined();
    expect(parseDate('Commissioned test')).toBeUndefined();
  });

  it('takes the first date when several are printed', () => {
    // Act & Assess
    expect(parseDate('有效期：2025-03-14至2028-03-13')).toBe('2025-03-14');
  });
});

describe('normaliseConclusion', () => {
  it.each([
    ['合格', 'PASS'],
    ['符合', 'PASS'],
    ['判定为合格。', 'PASS'],
    ['经检验，该样品所检项目符合GB 4706.19-2008的要求，判定为合格。', 'PASS'],
    ['PASS', 'PASS'],
    ['Pass', 'PASS'],
    ['The sample complies with the requirements.', 'PASS'],
    ['Conforms to ISO 9001:2015', 'PASS'],
    ['不合格', 'FAIL'],
    ['判定为不合格', 'FAIL'],
    ['所检项目不符合标准要求', 'FAIL'],
    ['FAIL', 'FAIL'],
    ['The sample does not comply with clause 5.2.', 'FAIL'],
    ['Failed', 'FAIL'],
    // OCR of a photo or a 200-dpi page drops the spaces between English words
    ['Thesamplecomplieswith therequirementsof the standards', 'PASS'],
    ['The sampledoesnotcomplywith therequirementsof the', 'FAIL'],
    // ... and splits one word where a capital follows a small letter
    ['PAs S', 'PASS'],
    ['Fai L', 'FAIL'],
    ['Passing through', 'Passing through'],
  ])('%s → %s', (raw, expected) => {
    // Act & Assess
    expect(normaliseConclusion(raw)).toBe(expected);
  });

  it('keeps the printed text when it is neither', () => {
    // Act & Assess
    expect(normaliseConclusion(' 见检验结果汇总 ')).toBe('见检验结果汇总');
    expect(normaliseConclusion('For information only')).toBe('For information only');
  });
});

describe('parseCaratWeight', () => {
  it.each([
    ['1.02 ct', 1.02],
    ['1.02ct', 1.02],
    ['1.02 carat', 1.02],
    ['0.512 carats', 0.512],
    ['1.02克拉', 1.02],
    ['1.020 克 拉', 1.02],
    ['1,02 ct', 1.02],
    ['Carat Weight ..... 1.O2 carat', 1.02],
  ])('%s → %d', (raw, expected) => {
    // Act & Assess
    expect(parseCaratWeight(raw)).toBe(expected);
  });

  it('returns undefined without a carat unit', () => {
    // Act & Assess
    expect(parseCaratWeight('52.36 g')).toBeUndefined();
    expect(parseCaratWeight('6.45 - 6.48 x 3.98 mm')).toBeUndefined();
  });
});

describe('parseStandards', () => {
  it('finds every standard code in canonical spacing, in order, without repeats', () => {
    // Prepare
    const text = 'GB/T2828.1—2012；GB 4706.1-2005、IEC 60335-2-15:2012 and EN 71-1:2014, ASTM F963-17, UL 94, GB 4706.1-2005';
    // Act
    const codes = parseStandards(text);
    // Assess
    expect(codes).toStrictEqual(['GB/T 2828.1-2012', 'GB 4706.1-2005', 'IEC 60335-2-15:2012', 'EN 71-1:2014', 'ASTM F963-17', 'UL 94']);
  });

  it('repairs the OCR misreadings of ISO and of digits, and reads full-width text', () => {
    // Act & Assess
    expect(parseStandards('1SO 9001:2015')).toStrictEqual(['ISO 9001:2015']);
    expect(parseStandards('IS0 9OO1:2015')).toStrictEqual(['ISO 9001:2015']);
    expect(parseStandards('ＧＢ／Ｔ １９００１－２０１６')).toStrictEqual(['GB/T 19001-2016']);
  });

  it('finds nothing in ordinary words', () => {
    // Act & Assess
    expect(parseStandards('ISO Olympic General Manager ENgland')).toStrictEqual([]);
  });
});

describe('stripOcrJunk', () => {
  it('drops letters read from a dotted leader before the value', () => {
    // Act & Assess
    expect(stripOcrJunk('ccocvevevieviececienreennns 2141234567', { leader: true })).toBe('2141234567');
    expect(stripOcrJunk('.seessseseseeseees Natural Diamond')).toBe('Natural Diamond');
  });

  it('drops short tokens read from a QR code or seal after the value on unsure lines and after Chinese values', () => {
    // Act & Assess
    expect(stripOcrJunk('Round Brilliant dss', { lineConfidence: 0.5 })).toBe('Round Brilliant');
    expect(stripOcrJunk('天然钻石 Rs i', { lineConfidence: 0.95 })).toBe('天然钻石');
    expect(stripOcrJunk('天然钻石 <1', { lineConfidence: 0.95 })).toBe('天然钻石');
  });

  it('leaves confident values alone', () => {
    // Act & Assess
    expect(stripOcrJunk('Sunny Path Trading Ltd.', { lineConfidence: 0.96 })).toBe('Sunny Path Trading Ltd.');
    expect(stripOcrJunk('Electric kettle cx', { lineConfidence: 0.96 })).toBe('Electric kettle cx');
  });
});
