import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ValidationIssue } from '#shared/domain/errors.ts';

/** RFC 9457 problem details, the body of every error this API returns. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ValidationIssue[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_BASE = 'https://certverify.dev/problems/';

export const problemType = (code: string): string => `${PROBLEM_BASE}${code.toLowerCase().replaceAll('_', '-')}`;

export const problemResponse = (
  problem: Omit<Problem, 'type'>,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  body: JSON.stringify({ type: problemType(problem.code), ...problem }),
});
