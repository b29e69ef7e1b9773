import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';

const name = 'pdf-forensics';
const r = results(name);

export const PdfForensicsCodes = {
  CLEAN: 'CLEAN',
  /** Text painted over by an opaque box or other text (a white-out edit); evidence: hidden and visible values, page, box. */
  COVERED_TEXT: 'COVERED_TEXT',
  /** Text that an incremental update rewrote (the first revision against what a reader shows); evidence: before and after, page, box. */
  REWRITTEN_IN_UPDATE: 'REWRITTEN_IN_UPDATE',
  EDITED_WITH_TOOL: 'EDITED_WITH_TOOL',
  INCREMENTAL_UPDATES: 'INCREMENTAL_UPDATES',
  MODIFIED_AFTER_CREATION: 'MODIFIED_AFTER_CREATION',
  EDITING_TOOL: 'EDITING_TOOL',
} as const;
const Codes = PdfForensicsCodes;

/** The evidence of every result: what the PDF says of its own history (null where it says nothing). */
export const forensicsEvidence = (f: PdfForensics) => ({
  producer: f.producer ?? null,
  creator: f.creator ?? null,
  creationDate: f.creationDate ?? null,
  modificationDate: f.modificationDate ?? null,
  modifiedAfterCreation: f.modifiedAfterCreation,
  incrementalUpdates: f.incrementalUpdates,
  editingTools: f.editingTools,
});

/**
 * What the PDF's structure says about its history. Evidence, never proof:
 * labs produce reports with Acrobat, and digital signatures append
 * incremental updates. Findings are WARNs, the strongest gives the code:
 * - EDITED_WITH_TOOL: an editing tool is named AND the file changed after
 *   creation (modified date or incremental updates): the signature of someone
 *   opening a finished report in PDFelement and changing it;
 * - INCREMENTAL_UPDATES: revisions appended after the first save;
 * - MODIFIED_AFTER_CREATION: modification date after creation date;
 * - EDITING_TOOL: an editing tool produced the file, nothing changed since.
 * COVERED_TEXT comes first: text painted over by a box or other text is an
 * edit of the page itself (a white-out). It is a WARN, never hard evidence on
 * its own: a lab's template may hide placeholders the same way. When the
 * hidden value was a registered field value, fields-match reads the visible
 * one and fails on it (hard); otherwise the verdict is SUSPICIOUS, with both
 * values and the box for the reviewer.
 * REWRITTEN_IN_UPDATE next: an incremental update replaced printed text (the
 * first revision's page said one thing, the page a reader sees says another).
 * An edit signal of the same weight as COVERED_TEXT, for the same reason: labs
 * correct a page that way too, so it is a WARN (SUSPICIOUS, for a person), and
 * the fields are read from what is shown now, so a changed registered value
 * fails fields-match on its own. Both lists are in the evidence of either code.
 */
export const pdfForensics: Check = {
  name,
  needs: [],
  applies: (ctx) => ctx.forensics !== undefined,
  run: (ctx) => {
    const f = ctx.forensics;
    if (!f) throw new Error('applies() guarantees forensics');
    const evidence = forensicsEvidence(f);
    const tools = f.editingTools.join(', ');
    const covered = f.coveredText ?? [];
    const rewritten = f.rewrittenText ?? [];
    const edits = { ...(covered.length > 0 ? { coveredText: covered } : {}), ...(rewritten.length > 0 ? { rewrittenText: rewritten } : {}) };
    if (covered.length > 0) {
      const first = covered[0];
      return r.warn(
        Codes.COVERED_TEXT,
        `The PDF paints over printed text on page ${first?.page ?? 1} ("${first?.hidden ?? ''}" under "${first?.visible ?? ''}"): an edit of the page.`,
        { ...evidence, ...edits },
      );
    }
    if (rewritten.length > 0) {
      const first = rewritten[0];
      return r.warn(
        Codes.REWRITTEN_IN_UPDATE,
        `An incremental update rewrote printed text on page ${first?.page ?? 1} ("${first?.before ?? ''}" became "${first?.after ?? ''}"): an edit of the page.`,
        { ...evidence, ...edits },
      );
    }
    const changed = f.modifiedAfterCreation || f.incrementalUpdates > 0;
    if (f.editingTools.length > 0 && changed) {
      return r.warn(Codes.EDITED_WITH_TOOL, `The PDF was changed after creation with an editing tool (${tools}).`, evidence);
    }
    if (f.incrementalUpdates > 0) {
      return r.warn(Codes.INCREMENTAL_UPDATES, `The PDF has ${f.incrementalUpdates} revision(s) appended after its first save.`, evidence);
    }
    if (f.modifiedAfterCreation) return r.warn(Codes.MODIFIED_AFTER_CREATION, 'The PDF was modified after it was created.', evidence);
    if (f.editingTools.length > 0) return r.warn(Codes.EDITING_TOOL, `The PDF was produced with an editing tool (${tools}).`, evidence);
    return r.pass(Codes.CLEAN, 'The PDF shows no sign of editing after creation.', evidence);
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const PdfForensicsCopy: SummaryCopy = {
  [Codes.EDITED_WITH_TOOL]: says('the PDF was changed with an editing tool after it was created', 'PDF生成后被编辑软件修改过'),
  [Codes.COVERED_TEXT]: says('the PDF paints over printed text (a white-out edit)', 'PDF中有文字被遮盖后改写（涂改）'),
  [Codes.REWRITTEN_IN_UPDATE]: says('an incremental update of the PDF rewrote printed text', 'PDF的增量更新改写了印刷文字'),
  [Codes.INCREMENTAL_UPDATES]: says('the PDF was changed after it was created', 'PDF生成后被修改过'),
  [Codes.MODIFIED_AFTER_CREATION]: says('the PDF was changed after it was created', 'PDF生成后被修改过'),
};
