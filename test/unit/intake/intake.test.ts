import { describe, expect, it } from 'vitest';
import {
  DocumentTooLargeError,
  EmptyDocumentError,
  TooManyPagesError,
  TruncatedDocumentError,
} from '#shared/domain/errors.ts';
import { sha256Hex } from '#shared/intake/hash.ts';
import { intakeDocument } from '#shared/intake/intake.ts';
import { assertPageCount, DEFAULT_LIMITS, limitsFromEnv } from '#shared/intake/limits.ts';
import { assertComplete } from '#shared/intake/structure.ts';
import { makePdf, makeQrPng, makeTiff, truncate } from '../../fixtures/intake/generate.ts';
import sharp from 'sharp';

describe('intake: limits', () => {
  it('defaults to 10 MB and 20 pages', () => {
    // Act & Assess
    expect(limitsFromEnv({})).toStrictEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS.maxBytes).toBe(10 * 1024 * 1024);
    expect(DEFAULT_LIMITS.maxPages).toBe(20);
  });

  it('reads MAX_DOCUMENT_BYTES and MAX_DOCUMENT_PAGES, ignoring nonsense', () => {
    // Act & Assess
    expect(limitsFromEnv({ MAX_DOCUMENT_BYTES: '1000', MAX_DOCUMENT_PAGES: '3' })).toMatchObject({ maxBytes: 1000, maxPages: 3 });
    expect(limitsFromEnv({ MAX_DOCUMENT_BYTES: '-5', MAX_DOCUMENT_PAGES: 'many' })).toMatchObject({
      maxBytes: DEFAULT_LIMITS.maxBytes,
      maxPages: DEFAULT_LIMITS.maxPages,
    });
  });

  it('rejects too many pages with 413 TOO_MANY_PAGES', () => {
    // Act & Assess
    expect(() => assertPageCount(21, DEFAULT_LIMITS)).toThrow(TooManyPagesError);
    expect(() => assertPageCount(20, DEFAULT_LIMITS)).not.toThrow();
  });
});

describe('intake: intakeDocument', () => {
  it('returns type, size and sha256', async () => {
    // Prepare
    const pdf = await makePdf();
    // Act
    const result = intakeDocument(pdf, { limits: DEFAULT_LIMITS });
    // Assess
    expect(result).toStrictEqual({ sha256: sha256Hex(pdf), contentType: 'application/pdf', sizeBytes: pdf.length });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/u);
  });

  it('rejects a file over the byte limit before sniffing it', async () => {
    // Prepare
    const pdf = await makePdf();
    // Act & Assess
    expect(() => intakeDocument(pdf, { limits: { ...DEFAULT_LIMITS, maxBytes: 100 } })).toThrow(DocumentTooLargeError);
  });

  it('rejects an empty file', () => {
    // Act & Assess
    expect(() => intakeDocument(new Uint8Array(), { limits: DEFAULT_LIMITS })).toThrow(EmptyDocumentError);
  });

  it.each(['pdf', 'png', 'jpeg', 'tiff'] as const)('rejects a truncated %s', async (kind) => {
    // Prepare
    const png = await makeQrPng('https://verify.example.com/r/1');
    const whole = {
      pdf: await makePdf(),
      png,
      jpeg: await sharp(png).jpeg().toBuffer(),
      tiff: await makeTiff(png),
    }[kind];
    // a TIFF is only "truncated" for us when its directory is cut off: sharp catches the rest
    const cut = kind === 'tiff' ? whole.subarray(0, 12) : truncate(whole, 0.6);
    // Act / Assess
    expect(() => intakeDocument(cut, { limits: DEFAULT_LIMITS })).toThrow(TruncatedDocumentError);
  });
});

describe('intake: assertComplete', () => {
  it('accepts trailing junk after %%EOF', async () => {
    // Prepare
    const pdf = Buffer.concat([await makePdf(), Buffer.from('\n\n   \n')]);
    // Act & Assess
    expect(() => assertComplete(pdf, 'application/pdf')).not.toThrow();
  });
});
