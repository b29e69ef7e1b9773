/**
 * Which labelled corpus documents the e2e tests drive through the API as scans,
 * photos and faxes. In `npm test` a stratified sample (stratifiedSample); with
 * CORPUS_E2E=all (`npm run e2e:corpus`) every labelled document in every degradation.
 */
import { composeDocument } from '../../scripts/documents/compose.ts';
import { degrade, Degradations, stampSealOverText, type Degradation } from '../../scripts/documents/degrade.ts';
import type { LabelledDocument } from '../../scripts/documents/labelled-corpus.ts';

export interface DegradedCase {
  entry: LabelledDocument;
  degradation: Degradation;
  seed: number;
}

export const wholeCorpus = (env: NodeJS.ProcessEnv = process.env): boolean => env.CORPUS_E2E === 'all';

/**
 * CORPUS_E2E_ONLY=id,id…: with CORPUS_E2E=all, only the degraded documents whose corpus id
 * (forgeries included: `en-iso-certificate` takes `en-iso-certificate--edited` too) is listed,
 * to look again at a few after a whole run.
 */
export const onlyDocuments = (cases: DegradedCase[], env: NodeJS.ProcessEnv = process.env): DegradedCase[] => {
  const ids = (env.CORPUS_E2E_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return ids.length === 0 ? cases : cases.filter((c) => ids.some((id) => c.entry.id === id || c.entry.id.startsWith(`${id}--`)));
};

const ROLE_ORDER = ['genuine', 'edited', 'white-out', 'fake-number'] as const;

/**
 * Every degradation in both languages (12 documents), the layout turning round so that
 * every layout is seen, and genuine documents and each kind of forgery taking turns:
 * `npm test` has to stay within minutes on a loaded 2-core machine (48 documents, every
 * layout × every degradation, took over 10 minutes at a load average of 15–19).
 */
export const stratifiedSample = (corpus: readonly LabelledDocument[]): DegradedCase[] => {
  const layouts = [...new Set(corpus.map((e) => e.layout))];
  const cases: DegradedCase[] = [];
  Degradations.forEach((degradation, d) => {
    (['en', 'zh'] as const).forEach((language, g) => {
      const i = 2 * d + g;
      const layout = layouts[i % layouts.length];
      const roles = corpus
        .filter((e) => e.layout === layout && e.language === language)
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
      const forgeries = roles.filter((e) => e.role !== 'genuine');
      // Genuine and forged in turn; the forgeries turn round their kinds.
      const entry = (d + g) % 2 === 0 || forgeries.length === 0 ? roles[0] : forgeries[d % forgeries.length];
      if (entry) cases.push({ entry, degradation, seed: i + 1 });
    });
  });
  return cases;
};

export const allDegraded = (corpus: readonly LabelledDocument[]): DegradedCase[] =>
  corpus.flatMap((entry, i) => Degradations.map((degradation, d) => ({ entry, degradation, seed: i * Degradations.length + d + 1 })));

/** The file a seller would upload: the document's layout (with its red seal over the issuer's name) degraded. */
export const degradedFile = async (c: DegradedCase): Promise<{ bytes: Uint8Array; filename: string }> => {
  const composed = composeDocument(c.entry.doc);
  const file = await degrade(c.entry.doc.seal ? stampSealOverText(composed) : composed, c.degradation, c.seed);
  return { bytes: file.bytes, filename: `${c.entry.id}.${c.degradation}.${file.ext}` };
};
