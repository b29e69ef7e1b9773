/** Accreditation marks: CNAS numbers, CNCA numbers, and the CMA number printed under its mark. */
import type { AccreditationScheme } from '#shared/domain/issuer.ts';
import { at, type Collector } from '../collector.ts';
import { below, hasBox, type ParsedLine } from '../lines.ts';
import { normaliseCmaNumber, normaliseCnasNumber, normaliseCncaNumber } from '../number-formats.ts';

const CNAS = /CNAS\s*(?:No\.?|注册号|编号)?\s*[:：]?\s*([LlCcIi1|]\s*-?\s*[0-9OoIlSB]{3,4}(?:\s*-\s*[A-Za-z])?)(?![0-9A-Za-z])/gu;
const CMA_MARK = /(?<![A-Za-z])CMA(?![A-Za-z])|资\s*质\s*认\s*定|计\s*量\s*认\s*证/u;
const TWELVE = /(?<![0-9A-Za-z])([0-9OoIlSB](?:\s?[0-9OoIlSB]){11})(?![0-9A-Za-z])/gu;

export const accreditations = (pages: ParsedLine[][], out: Collector): void => {
  const found: { scheme: AccreditationScheme; number: string; confidence: number; page: number; line: number; at: number; l: ParsedLine }[] = [];
  const push = (scheme: AccreditationScheme, number: string | undefined, raw: string, l: ParsedLine, factor: number, atChar = 0) => {
    if (!number || found.some((f) => f.scheme === scheme && f.number === number)) return;
    const repaired = raw.replace(/\s+/g, '') !== number ? 0.95 : 1;
    found.push({ scheme, number, confidence: l.confidence * factor * repaired, page: l.page, line: l.line, at: atChar, l });
  };
  for (const page of pages) {
    for (const l of page) {
      for (const m of l.text.matchAll(CNAS)) push('CNAS', normaliseCnasNumber(m[1] ?? ''), m[1] ?? '', l, 0.97, m.index);
      const cnca = normaliseCncaNumber(l.text);
      if (cnca) push('CNCA', cnca, cnca, l, 0.97, l.text.indexOf('CNCA'));
      if (CMA_MARK.test(l.text)) {
        const next = below(l, page);
        const near = [l, next, next ? below(next, page) : undefined];
        for (const cand of near) {
          if (!cand) continue;
          for (const m of cand.text.matchAll(TWELVE)) {
            const raw = m[1] ?? '';
            if (raw.replace(/\D/g, '').length < 9) continue;
            push('CMA', normaliseCmaNumber(raw), raw, cand, cand === l ? 0.96 : 0.9, m.index);
          }
        }
      }
    }
  }
  // The CMA number printed under its mark may be read on a line of its own, away from the mark.
  for (const page of pages) {
    if (!page.some((l) => CMA_MARK.test(l.text))) continue;
    for (const l of page) {
      if (l.labels.length > 0 || (hasBox(l.box) && l.box.top > 0.2)) continue;
      for (const m of l.text.matchAll(TWELVE)) {
        const raw = m[1] ?? '';
        if (raw.replace(/\D/g, '').length >= 10) push('CMA', normaliseCmaNumber(raw), raw, l, 0.85, m.index);
      }
    }
  }
  // In reading order, as printed.
  found.sort((a, b) => a.page - b.page || a.line - b.line || a.at - b.at);
  const first = found[0];
  if (!first) return;
  const confidence = Math.min(...found.map((f) => f.confidence));
  out.add('accreditationNumbers', found.map(({ scheme, number }) => ({ scheme, number })), confidence, at([first.l]));
};

