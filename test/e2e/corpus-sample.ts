/**
 * Which labelled corpus documents the e2e tests drive through the API as scans,
 * photos and faxes. In `npm test` a stratified sample: every layout with every
 * degradation once, the language alternating (so every layout and every degradation
 * is seen in both languages), and the role turning round the layout's genuine
 * document and its forgeries. With CORPUS_E2E=all (`npm run e2e:corpus`) every
 * labelled document in every degradation.
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

const ROLE_ORDER = ['genuine', 'edited', 'white-out', 'fake-number'] as const;

/** Every layout × every degradation once; language and role vary along both, so that every pair is covered. */
export const stratifiedSample = (corpus: readonly LabelledDocument[]): DegradedCase[] => {
  const layouts = [...new Set(corpus.map((e) => e.layout))];
  const cases: DegradedCase[] = [];
  layouts.forEach((layout, l) => {
    Degradations.forEach((degradation, d) => {
      const languages = (['en', 'zh'] as const).filter((lang) => corpus.some((e) => e.layout === layout && e.language === lang));
      const language = languages[(l + d) % languages.length];
      const roles = corpus
        .filter((e) => e.layout === layout && e.language === language)
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
      // Genuine on even degradations, a forgery (turning round) on odd ones.
      const forgeries = roles.filter((e) => e.role !== 'genuine');
      const entry = d % 2 === 0 || forgeries.length === 0 ? roles[0] : forgeries[Math.floor(d / 2 + l) % forgeries.length];
      if (entry) cases.push({ entry, degradation, seed: l * Degradations.length + d + 1 });
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
