import { z } from 'zod';
import { PageBox } from './common.ts';

/** What the PDF's own structure says about its history. Evidence for the checks, never a verdict. */
export const PdfForensics = z
  .object({
    producer: z.string().optional(),
    creator: z.string().optional(),
    /** ISO 8601 when the PDF date parses */
    creationDate: z.string().optional(),
    modificationDate: z.string().optional(),
    modifiedAfterCreation: z.boolean(),
    /** Revisions appended after the first save (count of %%EOF / startxref beyond the first). */
    incrementalUpdates: z.number().int().min(0),
    /** Editing tools named in Producer/Creator/XMP that fraud analysts look for, e.g. "Adobe Acrobat", "PDFelement", "Foxit PhantomPDF". */
    editingTools: z.array(z.string()),
    /**
     * Text the PDF draws and then paints over (white-out: an opaque box on top, or other
     * text drawn over it): what is hidden, what is visible at that place, and where.
     */
    coveredText: z
      .array(
        z.object({
          page: z.number().int().min(1),
          hidden: z.string(),
          visible: z.string(),
          box: PageBox,
        }),
      )
      .optional(),
    /**
     * Text that an incremental update changed: the pages of the file's first revision
     * against what a reader shows now (the last revision), the words before and after,
     * and where (a fraction of the page, as `source.box`).
     */
    rewrittenText: z
      .array(
        z.object({
          page: z.number().int().min(1),
          before: z.string(),
          after: z.string(),
          box: PageBox,
        }),
      )
      .optional(),
  })
  .meta({ id: 'PdfForensics' });

export type PdfForensics = z.infer<typeof PdfForensics>;
