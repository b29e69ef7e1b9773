/** Test helper: the pdf-text engine on PDF bytes, as the pipeline runs it. */
import { openPdf } from '#shared/text/pdf-document.ts';
import { extractPdfText } from '#shared/text/pdf-text.ts';
import type { TextResult } from '#shared/text/types.ts';

export const readPdfText = async (bytes: Uint8Array): Promise<TextResult> => {
  const pdf = await openPdf(bytes, { timeoutMs: 20_000, maxImagePixels: 50_000_000 });
  try {
    return await extractPdfText(pdf, { timeoutMs: 20_000 });
  } finally {
    await pdf.loadingTask.destroy();
  }
};
