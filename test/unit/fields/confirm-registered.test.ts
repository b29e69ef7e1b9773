import { describe, expect, it } from 'vitest';
import { registeredAtAnyLabel, registeredAtPlace, startsWithValue } from '#shared/fields/confirm-registered.ts';
import type { TextPage } from '#shared/text/types.ts';

const page = (...lines: string[]): TextPage[] => [
  { pageNumber: 1, lines: lines.map((text, i) => ({ text, confidence: 1, box: { left: 0.1, top: 0.1 + i * 0.03, width: 0.8, height: 0.015 } })) },
];
const line = (n: number) => ({ page: 1, line: n, box: { left: 0.1, top: 0.1 + (n - 1) * 0.03, width: 0.8, height: 0.015 } });

describe('startsWithValue', () => {
  it.each<[string, string, boolean]>([
    ['Bluewave Co., Ltd. Manufacturer Zhongshan Everbright', 'Bluewave Co., Ltd.', true],
    ['Bluewave Co., Ltd.', 'Bluewave Co', true],
    ['BLUEWAVE  CO LTD', 'Bluewave Co., Ltd.', true],
    ['Bluewave Homes Ltd.', 'Bluewave', false],
    ['TC-2000', 'TC-200', false],
    ['TC-200-B', 'TC-200', false],
    ['TC-200 委托单位：X', 'TC-200', true],
    ['杭州青禾电器有限公司委托，对其送检的', '杭州青禾电器有限公司', true],
    ['杭州青禾电器有限公司生产单位：宁波', '杭州青禾电器有限公司', true],
    ['青禾电器有限公司', '青禾电器', false],
    ['Forged Co. Manufacturer Bluewave Co., Ltd.', 'Bluewave Co., Ltd.', false],
  ])('%s starts with %s → %s', (text, registered, expected) => {
    // Act & Assess
    expect(startsWithValue(text, registered)).toBe(expected);
  });
});

describe('registeredAtPlace', () => {
  const grid = page('Report No.: QS2025-000123', 'Client Bluewave Co., Ltd. Manufacturer Zhongshan Everbright Co., Ltd.', 'Conclusion: 不合格 Date of Issue: 18.04.2025');

  it('finds the registered value right after the field label on the line the field was read from', () => {
    // Act & Assess
    expect(registeredAtPlace(grid, 'client', line(2), 'Bluewave Co., Ltd.')).toBe(true);
    expect(registeredAtPlace(grid, 'manufacturer', line(2), 'Zhongshan Everbright Co., Ltd.')).toBe(true);
    expect(registeredAtPlace(grid, 'issueDate', line(3), '2025-04-18')).toBe(true);
    expect(registeredAtPlace(grid, 'conclusion', line(3), '不合格')).toBe(true);
  });

  it('does not confirm a value printed after another label, another date, or the opposite conclusion', () => {
    // Act & Assess
    expect(registeredAtPlace(grid, 'client', line(2), 'Zhongshan Everbright Co., Ltd.')).toBe(false);
    expect(registeredAtPlace(grid, 'issueDate', line(3), '2025-04-17')).toBe(false);
    expect(registeredAtPlace(grid, 'conclusion', line(3), '合格')).toBe(false);
  });

  it('reads a cell value at the start of its own line, a prose value after its phrase, and nothing without a text', () => {
    // Prepare
    const table = page('样品名称', '儿童安全座椅', 'This report was issued to Bluewave Co., Ltd. for the sample Rice Cooker, model RC-40A');
    // Act & Assess
    expect(registeredAtPlace(table, 'productName', line(2), '儿童安全座椅')).toBe(true);
    expect(registeredAtPlace(table, 'client', line(3), 'Bluewave Co., Ltd.')).toBe(true);
    expect(registeredAtPlace(table, 'model', line(3), 'RC-40A')).toBe(true);
    expect(registeredAtPlace([], 'model', line(3), 'RC-40A')).toBeUndefined();
  });

  it('tells whether the registered value is printed at any label of the field in the document', () => {
    // Prepare
    const pages = page('产品名称：儿童电动平衡车', '样品名称', '儿童电动玩具车');
    // Act & Assess
    expect(registeredAtAnyLabel(pages, 'productName', '儿童电动玩具车')).toBe(true);
    expect(registeredAtAnyLabel(pages, 'productName', '电饭煲')).toBe(false);
  });
});
