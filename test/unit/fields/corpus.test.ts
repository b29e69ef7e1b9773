import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFields } from '#shared/fields/parse-fields.ts';
import { extractDocument } from '#shared/text/read-document.ts';
import { shutdownSharedTesseract } from '#shared/text/tesseract.ts';
import { CORPUS_DOCUMENTS, LABELLED_CORPUS, writeCorpus, type CorpusEntry } from '../../../scripts/documents/corpus.ts';
import { renderTextPdf } from '../../../scripts/documents/index.ts';
import { scoreFields } from '../../../scripts/documents/score.ts';
import { readPdfText } from './read-pdf-text.ts';

const must = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw new Error(`missing ${what}`);
  return v;
};
const values = (fields: object) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (v as { value: unknown }).value]));
const withoutQr = <T extends { qr?: unknown }>(truth: T) => {
  const { qr: _qr, ...rest } = truth;
  return rest;
};

describe('parseFields on the generated corpus (text PDFs)', () => {
  let dir: string;
  let entries: CorpusEntry[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certverify-corpus-'));
    entries = await writeCorpus(dir, { scans: false });
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('covers every kind of document and every inspection-report layout in English and Chinese', () => {
    // Act & Assess
    expect(entries.map((e) => `${e.language} ${e.kind} ${e.layout ?? ''}`.trim())).toStrictEqual([
      'en inspection-report cover',
      'en inspection-report table',
      'zh inspection-report cover',
      'zh inspection-report table',
      'en system-certificate',
      'zh system-certificate',
      'en gem-report',
      'zh gem-report',
      'en inspection-report grid',
      'zh inspection-report grid',
      'en inspection-report prose',
      'zh inspection-report prose',
      'en inspection-report cover-results',
      'zh inspection-report cover-results',
      'en inspection-report bilingual',
      'zh inspection-report bilingual',
    ]);
  });

  it.each(CORPUS_DOCUMENTS.map((d) => d.id))('%s: every field equals the ground truth, and nothing else is extracted', async (id) => {
    // Prepare
    const entry = must(entries.find((e) => e.id === id), id);
    const text = await readPdfText(new Uint8Array(await readFile(join(dir, entry.files.textPdf))));
    // Act
    const fields = parseFields(text);
    // Assess
    expect(values(fields)).toStrictEqual(withoutQr(entry.truth));
    for (const f of Object.values(fields)) {
      expect(f.confidence).toBeGreaterThan(0.6);
      expect(f.source.page).toBeGreaterThanOrEqual(1);
      expect(f.source.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('has ground truth files that name real fields', async () => {
    // Act
    const truth = JSON.parse(await readFile(join(dir, 'zh-inspection-cover.truth.json'), 'utf8')) as { id: string; truth: Record<string, unknown> };
    // Assess
    expect(truth.truth).toMatchObject({
      documentType: 'INSPECTION_REPORT',
      reportNumber: 'HXJC-2025-03-0815',
      issueDate: '2025-03-14',
      conclusion: 'PASS',
      accreditationNumbers: [
        { scheme: 'CNAS', number: 'L6120' },
        { scheme: 'CMA', number: '202419004512' },
      ],
    });
  });
});

describe('extractDocument on one 300-dpi scan (tesseract)', () => {
  let dir: string;
  afterAll(async () => {
    await shutdownSharedTesseract();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads the English table report from its noisy, rotated JPEG scan', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'certverify-scan-'));
    const doc = must(CORPUS_DOCUMENTS.find((d) => d.id === 'en-inspection-table'), 'document');
    const [written] = await writeCorpus(dir, { documents: [doc] });
    const entry = must(written, 'entry');
    const jpeg = new Uint8Array(await readFile(join(dir, must(entry.files.scanJpegs[0], 'scan'))));
    // Act
    const out = await extractDocument(jpeg, { engine: 'tesseract', tesseractLangs: ['eng'] });
    // Assess
    expect(out.textSource).toBe('tesseract');
    expect(values(out.fields)).toMatchObject({
      documentType: 'INSPECTION_REPORT',
      reportNumber: 'NPT-25-0412-0093',
      productName: 'Ride-on Toy Car',
      model: 'TC-8800',
      conclusion: 'FAIL',
      issueDate: '2025-04-18',
      sampleReceivedDate: '2025-03-27',
    });
    const scores = scoreFields(entry.truth, out.fields, { qr: false });
    expect(scores.filter((s) => !s.ok)).toStrictEqual([]);
  }, 120_000);
});

describe('the labelled corpus', () => {
  it('has a genuine document and an edited, a white-out and a fake-number forgery for every inspection-report layout × language', async () => {
    // Prepare
    const inspection = LABELLED_CORPUS.filter((e) => e.doc.kind === 'inspection-report');
    const combos = new Set(inspection.map((e) => `${e.layout} ${e.language} ${e.role}`));
    // Act & Assess
    for (const layout of ['cover', 'table', 'grid', 'prose', 'cover-results', 'bilingual']) {
      for (const language of ['en', 'zh']) {
        for (const role of ['genuine', 'edited', 'white-out', 'fake-number']) expect(combos.has(`${layout} ${language} ${role}`), `${layout} ${language} ${role}`).toBe(true);
      }
    }
    expect(LABELLED_CORPUS.filter((e) => e.role === 'genuine').every((e) => e.allowed.text.join() === 'AUTHENTIC')).toBe(true);
    expect(LABELLED_CORPUS.filter((e) => e.role !== 'genuine').every((e) => !e.allowed.text.includes('AUTHENTIC') && !e.allowed.scan.includes('AUTHENTIC'))).toBe(true);
  });

  it('reads the visible value of a white-out edit and keeps the covered one as hidden text', async () => {
    // Prepare
    const entry = LABELLED_CORPUS.find((e) => e.id === 'zh-inspection-grid--white-out');
    const text = await readPdfText(await renderTextPdf(entry?.doc as never));
    // Act & Assess
    expect(parseFields(text).model?.value).toBe('HX-1721X');
    expect(text.pages[0]?.hidden?.map((l) => l.text)).toStrictEqual(['HX-1720']);
  });
});
