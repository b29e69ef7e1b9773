/**
 * Everything OCR needs besides the functions themselves:
 * - the OCR layer (tesseract.js + core + eng/chi_sim data) for the OCR functions;
 * - async Textract for multi-page documents in S3: an SNS topic Textract
 *   publishes job completion to, and the role Textract assumes to publish.
 *   verify-upload calls StartDocumentTextDetection (or StartDocumentAnalysis
 *   when FORMS is enabled) with NotificationChannel { SNSTopicArn, RoleArn };
 *   textract-completed is subscribed to the topic and resumes the verification
 *   with Get* calls.
 */
import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OcrLayer } from './ocr-layer.ts';

/** Synchronous OCR of bytes in the request (single page). */
export const TextractSyncActions = ['textract:DetectDocumentText', 'textract:AnalyzeDocument'] as const;
/** Starting async jobs on an S3 object (multi-page PDF/TIFF). */
export const TextractStartActions = ['textract:StartDocumentTextDetection', 'textract:StartDocumentAnalysis'] as const;
/** Reading the results of a finished async job. */
export const TextractGetActions = ['textract:GetDocumentTextDetection', 'textract:GetDocumentAnalysis'] as const;

export type TextractUse = 'sync' | 'start' | 'get';

export class Ocr extends Construct {
  readonly layer: OcrLayer;
  readonly completionTopic: Topic;
  /** Textract assumes this role to publish to completionTopic. */
  readonly textractRole: Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.layer = new OcrLayer(this, 'Modules');
    // Notifications carry only the job id, status and S3 object name; TLS is enforced.
    this.completionTopic = new Topic(this, 'TextractCompletion', { enforceSSL: true });
    const { account } = Stack.of(this);
    this.textractRole = new Role(this, 'TextractPublishRole', {
      description: 'Assumed by Amazon Textract to publish async job completion to the certverify topic',
      // Confused-deputy guard: only Textract jobs started in this account.
      assumedBy: new ServicePrincipal('textract.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    });
    this.completionTopic.grantPublish(this.textractRole);
  }

  /**
   * Textract does not support resource-level permissions, so the statements
   * are on `*`; each function gets only the group of actions it calls.
   */
  grant(grantee: IGrantable, uses: readonly TextractUse[]): void {
    const actions = uses.flatMap((use) =>
      use === 'sync' ? TextractSyncActions : use === 'start' ? TextractStartActions : TextractGetActions,
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources: ['*'] }));
    if (uses.includes('start')) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['iam:PassRole'],
          resources: [this.textractRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'textract.amazonaws.com' } },
        }),
      );
    }
  }

  /** textract-completed resumes verifications; undeliverable notifications land in the DLQ. */
  subscribeCompletion(fn: IFunction, deadLetterQueue: IQueue): void {
    this.completionTopic.addSubscription(new LambdaSubscription(fn, { deadLetterQueue }));
  }
}
