import { z } from 'zod';

/** The message Textract publishes to SNS when an asynchronous job ends (validated by the SNS envelope). */
export const TextractCompletion = z.object({
  JobId: z.string().min(1),
  Status: z.enum(['SUCCEEDED', 'FAILED', 'ERROR', 'PARTIAL_SUCCESS']),
  API: z.string(),
  JobTag: z.string().optional(),
  Timestamp: z.number().optional(),
  DocumentLocation: z.object({ S3ObjectName: z.string().min(1), S3Bucket: z.string().min(1) }),
});
export type TextractCompletion = z.infer<typeof TextractCompletion>;
