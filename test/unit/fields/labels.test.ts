import { describe, expect, it } from 'vitest';
import { fieldOfKey, findLabels } from '#shared/fields/labels.ts';

const fieldsOf = (text: string) => findLabels(text).map((m) => [m.field, text.slice(m.end, m.end + 3)]);

describe('findLabels', () => {
  it('finds Chinese labels with OCR spaces and either colon', () => {
    // Act & Assess
    expect(fieldsOf('样 品 名 称 : 电热水壶')).toStrictEqual([['productName', '电热水']]);
    expect(fieldsOf('报告编号：HX1')).toStrictEqual([['reportNumber', 'HX1']]);
  });

  it('finds several labels in one merged table row, longest label first', () => {
    // Prepare
    const found = findLabels('Sample Received March 27, 2025 Date of Issue April 18, 2025');
    // Act & Assess
    expect(found.map((m) => m.field)).toStrictEqual(['sampleReceivedDate', 'issueDate']);
    expect(found.map((m) => m.label)).toStrictEqual(['Sample Received', 'Date of Issue']);
  });

  it('takes a generic word as a label only with a colon, alone in its cell or opening a line', () => {
    // Act & Assess
    expect(findLabels('Product: Kettle').map((m) => m.field)).toStrictEqual(['productName']);
    expect(findLabels('Client').map((m) => m.field)).toStrictEqual(['client']);
    expect(findLabels('Client Sunny Path Ltd.').map((m) => m.field)).toStrictEqual(['client']);
    expect(findLabels('Northgate Product Testing')).toStrictEqual([]);
    expect(findLabels('产品质量管理').map((m) => m.field)).toStrictEqual([]);
  });

  it('marks labels that carry no field, which end the value before them', () => {
    // Act & Assess
    expect(findLabels('样品名称 电饭煲 商标 华信').map((m) => m.field)).toStrictEqual(['productName', null]);
  });

  it('tells a dotted leader from a colon', () => {
    // Act
    const [m] = findLabels('Carat Weight ........ 1.02 carat');
    // Assess
    expect(m).toMatchObject({ field: 'caratWeight', hasColon: true, leader: true });
  });

  it('tolerates O/0 in English labels', () => {
    // Act & Assess
    expect(findLabels('Report N0.: 123').map((m) => m.field)).toStrictEqual(['reportNumber']);
  });
});

describe('fieldOfKey', () => {
  it('maps an engine key to its field', () => {
    // Act & Assess
    expect(fieldOfKey('Report No.:')).toBe('reportNumber');
    expect(fieldOfKey('报告编号 Report No.')).toBe('reportNumber');
    expect(fieldOfKey('检验类别')).toBeNull();
    expect(fieldOfKey('Something else')).toBeUndefined();
  });
});
