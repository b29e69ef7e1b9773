/**
 * Turns the lines of a document (any text engine) into the named fields of
 * API.md, "Extracted field names". One strategy per layout, each in its own
 * file under layouts/ (plus prose.ts), all feeding one Collector: "label:
 * value" lines and grids, ruled tables, prose sentences, the cover page, the
 * certificate wording, accreditation marks, unlabelled values and an engine's
 * key–value pairs. Every field carries a confidence and its page, line and box.
 */
import type { ExtractedFields } from '#shared/domain/verification.ts';
import type { Box, TextResult } from '#shared/text/types.ts';
import { Collector, type Values } from './collector.ts';
import { accreditations } from './layouts/accreditations.ts';
import { certificatePhrases } from './layouts/certificate.ts';
import { documentType, documentTypeByLabels, letterhead } from './layouts/cover-page.ts';
import { keyValueFields } from './layouts/key-values.ts';
import { labelledFields } from './layouts/labelled-lines.ts';
import { unlabelled } from './layouts/unlabelled.ts';
import { hasBox, prepareLines } from './lines.ts';
import { proseFields } from './prose.ts';

const NAMES: readonly (keyof Values)[] = [
  'documentType', 'reportNumber', 'issuerName', 'accreditationNumbers', 'productName', 'model', 'client',
  'manufacturer', 'standards', 'conclusion', 'issueDate', 'sampleReceivedDate', 'validUntil', 'certificateHolder',
  'certificationScope', 'caratWeight', 'gemIdentification',
];

/** Every strategy over one document; the collector holds every candidate. */
export const collectFields = (text: TextResult): Collector => {
  const pages = prepareLines(text);
  const out = new Collector();
  documentType(pages, out);
  documentTypeByLabels(pages, out);
  keyValueFields(text, pages, out);
  labelledFields(pages, out);
  proseFields(pages, out);
  certificatePhrases(pages, out);
  letterhead(pages, out);
  accreditations(pages, out);
  unlabelled(pages, out);
  return out;
};

/**
 * Parses the fields named in API.md out of the text of one document.
 * Absent fields are left out; nothing here throws on odd input.
 */
export const parseFields = (text: TextResult): ExtractedFields => {
  const out = collectFields(text);
  const fields: ExtractedFields = {};
  for (const name of NAMES) {
    const best = out.best(name);
    if (best) (fields as Record<string, unknown>)[name] = best;
  }
  return fields;
};

/** Every place the report number is printed (page headers, the cover, the results pages), as read. */
export const reportNumberReadings = (text: TextResult): string[] => [...new Set(collectFields(text).all('reportNumber').map((c) => c.value))];

export interface NumberFragment {
  /** What stands after a report-number label, up to where a number ends (normalised, dashes unified). */
  text: string;
  confidence: number;
  source: { page: number; line: number; box?: Box };
}

/** Dash-like marks OCR reads for a hyphen, or for a hyphen with a seal's ink on it ("XX→25", "XX一2025"). */
const DASH_LIKE = /[‐‑‒–—―−→⟶一~]/gu;
/** A number's characters, with the marks OCR makes of it where ink or a seal lies over it. */
const NUMBER_RUN = /^[A-Za-z0-9\-/._|‐‑‒–—―−→⟶一~ ]+/u;

/**
 * What stands after each report-number label, raw: the number as far as it could be read,
 * also when the field parser rejected it (a seal over two of its characters leaves
 * "XX→25-00d23"). The QR code reconciliation (services/reconcile-ocr.ts) matches these
 * against the QR code's number.
 */
export const reportNumberFragments = (text: TextResult): NumberFragment[] =>
  prepareLines(text).flatMap((page) =>
    page.flatMap((l) =>
      l.labels
        .filter((m) => m.field === 'reportNumber')
        .flatMap((m) => {
          const run = NUMBER_RUN.exec(l.text.slice(m.end))?.[0] ?? '';
          const fragment = run.replace(DASH_LIKE, '-').replace(/\s+/gu, '').toUpperCase();
          return /\d/u.test(fragment) && fragment.length >= 4
            ? [{ text: fragment, confidence: l.confidence, source: { page: l.page, line: l.line, ...(hasBox(l.box) ? { box: l.box } : {}) } }]
            : [];
        }),
    ),
  );
