import { z } from 'zod';

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
  })
  .meta({ id: 'PdfForensics' });

export type PdfForensics = z.infer<typeof PdfForensics>;
