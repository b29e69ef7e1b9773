/**
 * The cover page: the kind of document from its title (or, without a
 * readable title, from the labels printed), and the issuing body's name
 * printed as a letterhead. A report with a cover page prints its number on
 * every page; the candidates agree and raise the number's confidence
 * (collector.ts), and the fields on the results pages are read like any others.
 */
import type { DocumentType } from '#shared/domain/report.ts';
import { at, type Collector, MatchMethods } from '../collector.ts';
import type { LabelledField } from '../labels.ts';
import { hasBox, startsWithLabel, type ParsedLine } from '../lines.ts';
import { cleanValue } from '../normalisers.ts';

const DOCUMENT_TYPE_RULES: readonly { type: DocumentType; re: RegExp }[] = [
  {
    type: 'GEM_REPORT',
    re: /\bgem(?:ological|stones?|s)?\b|\bdiamond\s+(?:grading|dossier|report)|珠\s*宝|玉\s*石|钻\s*石\s*分\s*级|宝\s*石|翡\s*翠/iu,
  },
  { type: 'INSPECTION_REPORT', re: /检\s*验\s*检\s*测\s*报\s*告|检\s*[验测]\s*报\s*告|测\s*试\s*报\s*告|(?:test|testing|inspection|analysis)\s+report/iu },
  {
    type: 'CERTIFICATE',
    re: /证\s*书|认\s*证|certificate|certification|this\s+is\s+to\s+certify|management\s+system/iu,
  },
  { type: 'GEM_REPORT', re: /\bcarats?\b|克\s*拉|\bdiamond\b|钻\s*石/iu },
];

/** Without a readable title: the labels printed tell the kind of document. */
const KIND_BY_LABELS: readonly { type: DocumentType; fields: readonly LabelledField[] }[] = [
  { type: 'GEM_REPORT', fields: ['caratWeight', 'gemIdentification'] },
  { type: 'CERTIFICATE', fields: ['certificationScope', 'certificateHolder', 'validUntil'] },
  { type: 'INSPECTION_REPORT', fields: ['productName', 'sampleReceivedDate', 'conclusion', 'client', 'manufacturer'] },
];

export const documentTypeByLabels = (pages: ParsedLine[][], out: Collector): void => {
  if (out.has('documentType')) return;
  const lines = pages.flat();
  for (const rule of KIND_BY_LABELS) {
    const hits = lines.filter((l) => l.labels.some((m) => m.field !== null && rule.fields.includes(m.field)));
    const first = hits[0];
    if (first) {
      out.add('documentType', rule.type, first.confidence * MatchMethods.SCAN, at([first]));
      return;
    }
  }
};

export const documentType = (pages: ParsedLine[][], out: Collector): void => {
  const first = pages[0] ?? [];
  const byTop = hasBox(first[0]?.box)
    ? [...first].sort((a, b) => a.box.top - b.box.top)
    : first;
  const head = byTop.slice(0, 10);
  for (const scope of [head, pages.flat()]) {
    for (const rule of DOCUMENT_TYPE_RULES) {
      const hit = scope.find((l) => rule.re.test(l.text));
      if (hit) {
        out.add('documentType', rule.type, hit.confidence * (scope === head ? 0.95 : 0.8), at([hit]));
        return;
      }
    }
  }
};

export const ORG_NAME =
  /(?:有限责任公司|有限公司|公司|中心|研究院|研究所|检测站|检验所|实验室|鉴定站|Co\.?,?\s*Ltd\.?|Ltd\.?|Limited|Inc\.?|GmbH|LLC|Laborator(?:y|ies)|Institute|Cent(?:er|re)|Certification(?:\s+\w+)?|Services?|Testing|Registrar)\s*$/iu;
const MARKS_AFTER = /(?:\s+(?:CNAS|CMA|ILAC(?:-MRA)?|IAF|MRA|CNCA)\b.*)$/u;
const NOT_ISSUER = /报\s*告|证\s*书|report|certificate|certify|client|applicant|manufacturer|委\s*托|生\s*产|获\s*证/iu;

/** The issuing body's name printed as a letterhead: the first organisation-like line at the top of page 1. */
export const letterhead = (pages: ParsedLine[][], out: Collector): void => {
  const first = pages[0] ?? [];
  const boxed = first.some((l) => hasBox(l.box));
  const head = boxed ? [...first].filter((l) => l.box.top < 0.25).sort((a, b) => a.box.top - b.box.top) : first.slice(0, 8);
  for (const l of head) {
    if (startsWithLabel(l) || NOT_ISSUER.test(l.text)) continue;
    // Accreditation marks printed beside the letterhead end up on its line.
    const v = cleanValue(l.text.replace(MARKS_AFTER, ''));
    if (v.length >= 4 && v.length <= 120 && ORG_NAME.test(v)) {
      out.add('issuerName', v, l.confidence * MatchMethods.HEADER, at([l]));
      return;
    }
  }
};

