import { describe, expect, it } from 'vitest';
import { isAwsRuntime, ocrEngineFromEnv, selectEngine, shouldFallBackToLocalOcr } from '#shared/text/select-engine.ts';
import type { TextResult } from '#shared/text/types.ts';

const box = { left: 0, top: 0, width: 1, height: 0.01 };
const result = (lines: string[], confidence = 0.95): TextResult => ({
  engine: 'textract',
  pages: [{ pageNumber: 1, lines: lines.map((text) => ({ text, confidence, box })) }],
  keyValues: [],
});

describe('text: selectEngine', () => {
  it.each([
    [{ choice: 'auto', isPdf: true, hasTextLayer: true, textractAvailable: true }, 'pdf-text'],
    [{ choice: 'auto', isPdf: true, hasTextLayer: false, textractAvailable: true }, 'textract'],
    [{ choice: 'auto', isPdf: true, hasTextLayer: false, textractAvailable: false }, 'paddle'],
    [{ choice: 'auto', isPdf: false, hasTextLayer: false, textractAvailable: true }, 'textract'],
    [{ choice: 'auto', isPdf: false, hasTextLayer: false, textractAvailable: false }, 'paddle'],
    [{ choice: 'paddle', isPdf: true, hasTextLayer: true, textractAvailable: true }, 'paddle'],
    [{ choice: 'tesseract', isPdf: true, hasTextLayer: true, textractAvailable: true }, 'tesseract'],
    [{ choice: 'textract', isPdf: false, hasTextLayer: false, textractAvailable: false }, 'textract'],
    [{ choice: 'pdf-text', isPdf: false, hasTextLayer: false, textractAvailable: false }, 'pdf-text'],
  ] as const)('%j → %s', (ctx, engine) => {
    // Act & Assess
    expect(selectEngine(ctx)).toBe(engine);
  });
});

describe('text: OCR_ENGINE and runtime', () => {
  it('reads OCR_ENGINE, defaulting to auto', () => {
    // Act & Assess
    expect(ocrEngineFromEnv({})).toBe('auto');
    expect(ocrEngineFromEnv({ OCR_ENGINE: 'Tesseract' })).toBe('tesseract');
    expect(ocrEngineFromEnv({ OCR_ENGINE: 'gpt' })).toBe('auto');
  });

  it('knows Lambda', () => {
    // Act & Assess
    expect(isAwsRuntime({ AWS_LAMBDA_FUNCTION_NAME: 'verify' })).toBe(true);
    expect(isAwsRuntime({})).toBe(false);
  });
});

describe('text: shouldFallBackToLocalOcr', () => {
  it('keeps a readable English Textract result', () => {
    // Act & Assess
    expect(shouldFallBackToLocalOcr(result(['Test Report No.: HC2025-031400127', 'Sample Name: Electric Toothbrush Model ET-300']))).toBe(false);
  });

  it('falls back when Textract read little (a Chinese scan)', () => {
    // Act & Assess
    expect(shouldFallBackToLocalOcr(result(['HC2025-0314', 'ET-300']))).toBe(true);
  });

  it('falls back when the text has CJK characters', () => {
    // Act & Assess
    expect(shouldFallBackToLocalOcr(result(['报告编号 HC2025-031400127 Sample Name Electric Toothbrush Model ET-300']))).toBe(true);
  });

  it('falls back when the confidence is low', () => {
    // Act & Assess
    expect(shouldFallBackToLocalOcr(result(['Test Report No.: HC2025-031400127', 'Sample Name: Electric Toothbrush'], 0.4))).toBe(true);
  });
});
