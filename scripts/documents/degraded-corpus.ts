/**
 * The degraded corpus: every labelled corpus document (whatever CORPUS_DOCUMENTS lists),
 * and a forgery of each, in every degradation of degrade.ts. Documents that carry a seal
 * get a red seal stamped over printed text as well. Written under `<dir>/` with an
 * `index.json`; the ground truth is the layout's, so it holds for every variant.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeDocument } from './compose.ts';
import { CORPUS_DOCUMENTS, corpusFingerprint } from './corpus.ts';
import { degrade, Degradations, stampSealOverText, type Degradation } from './degrade.ts';
import type { DocumentDescription, GroundTruth } from './types.ts';

export interface DegradedEntry {
  /** `<document id>.<degradation>` */
  id: string;
  document: string;
  degradation: Degradation;
  kind: DocumentDescription['kind'];
  language: DocumentDescription['language'];
  layout: string;
  pages: number;
  file: string;
  /** A forgery of a corpus document (a printed value changed); its truth is what is printed. */
  forged: boolean;
  /** The id of the genuine document a forgery was made from. */
  forgedFrom?: string;
  sealOverText: boolean;
  truth: Partial<GroundTruth>;
}

const FLIP: [RegExp, string][] = [
  [/不合格/u, '合格'],
  [/合格/u, '不合格'],
  [/^FAIL$/u, 'PASS'],
  [/^PASS$/u, 'FAIL'],
  [/does not comply/u, 'complies'],
  [/complies/u, 'does not comply'],
];

/**
 * A forgery of a document: the conclusion turned round (不合格 → 合格, FAIL → PASS …); a
 * document without a conclusion gets another manufacturer, holder or carat weight.
 */
export const forgeryOf = (doc: DocumentDescription): DocumentDescription => {
  const fields = { ...doc.fields };
  const conclusion = fields.conclusion;
  const flip = conclusion === undefined ? undefined : FLIP.find(([re]) => re.test(conclusion));
  let truth = doc.truth;
  if (conclusion !== undefined && flip) {
    fields.conclusion = conclusion.replace(flip[0], flip[1]);
    if (truth?.conclusion) truth = { ...truth, conclusion: truth.conclusion === 'PASS' ? 'FAIL' : 'PASS' };
  } else if (fields.certificateHolder) {
    fields.certificateHolder = doc.language === 'zh' ? '深圳宏达贸易有限公司' : 'Greatway Trading Co., Ltd.';
  } else if (fields.caratWeight !== undefined) {
    fields.caratWeight = Math.round((fields.caratWeight + 0.5) * 100) / 100;
  } else {
    fields.manufacturer = doc.language === 'zh' ? '深圳宏达电器有限公司' : 'Greatway Electric Co., Ltd.';
  }
  return { ...doc, id: `${doc.id}-forged`, fields, ...(truth ? { truth } : {}) };
};

export const DEGRADED_FINGERPRINT_FILE = 'fingerprint.txt';

/** The corpus renderer's fingerprint and the degradation code's. */
export const degradedFingerprint = async (): Promise<string> => {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256').update(await corpusFingerprint());
  for (const name of ['degrade.ts', 'degraded-corpus.ts']) hash.update(await readFile(join(here, name)));
  return hash.digest('hex').slice(0, 16);
};

export interface DegradedCorpusOptions {
  documents?: readonly DocumentDescription[];
  degradations?: readonly Degradation[];
  /** Also a forgery of each document (default true). */
  forgeries?: boolean;
  onFile?: (entry: DegradedEntry) => void;
}

/** Writes every (document × forgery?) × degradation into `dir`; returns the index. */
export const writeDegradedCorpus = async (dir: string, options: DegradedCorpusOptions = {}): Promise<DegradedEntry[]> => {
  await mkdir(dir, { recursive: true });
  const docs = options.documents ?? CORPUS_DOCUMENTS;
  const all: { doc: DocumentDescription; from?: string }[] =
    options.forgeries === false ? docs.map((d) => ({ doc: d })) : docs.flatMap((d) => [{ doc: d }, { doc: forgeryOf(d), from: d.id }]);
  const entries: DegradedEntry[] = [];
  for (const [i, { doc, from }] of all.entries()) {
    const composed = composeDocument(doc);
    const layout = doc.seal ? stampSealOverText(composed) : composed;
    for (const degradation of options.degradations ?? Degradations) {
      const file = await degrade(layout, degradation, i + 1);
      const entry: DegradedEntry = {
        id: `${doc.id}.${degradation}`,
        document: doc.id,
        degradation,
        kind: doc.kind,
        language: doc.language,
        layout: doc.layout ?? (doc.kind === 'inspection-report' ? 'cover' : doc.kind),
        pages: layout.pages.length,
        file: `${doc.id}.${degradation}.${file.ext}`,
        forged: from !== undefined,
        ...(from ? { forgedFrom: from } : {}),
        sealOverText: layout !== composed,
        truth: composed.printed,
      };
      await writeFile(join(dir, entry.file), file.bytes);
      entries.push(entry);
      options.onFile?.(entry);
    }
  }
  await writeFile(join(dir, 'index.json'), `${JSON.stringify(entries, null, 2)}\n`);
  if (!options.documents && !options.degradations) await writeFile(join(dir, DEGRADED_FINGERPRINT_FILE), `${await degradedFingerprint()}\n`);
  return entries;
};
