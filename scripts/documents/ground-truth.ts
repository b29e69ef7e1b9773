import { composeDocument } from './compose.ts';
import type { DocumentDescription, GroundTruth } from './types.ts';

/** The normalised values a reader should extract from the rendered document. */
export const groundTruth = (doc: DocumentDescription): Partial<GroundTruth> => composeDocument(doc).printed;
