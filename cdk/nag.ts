/**
 * cdk-nag (AwsSolutions) acknowledgements, each with its one-line reason.
 * cdk-nag 3 removed NagSuppressions: findings are acknowledged in code with
 * CDK's `Validations.of(construct).acknowledge({ id, reason })`, which
 * applies to the construct and everything below it.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CertverifyStack } from './certverify-stack.ts';
import { BatchesPrefix } from './constructs/batches.ts';
import { DocumentsPrefix, PageImagesPrefix, UploadsPrefix } from './constructs/uploads.ts';

const ack = (scope: IConstruct, id: string, reason: string): void => Validations.of(scope).acknowledge({ id, reason });

/** `<LogicalId.Arn>` as cdk-nag prints a Fn::GetAtt in a finding id. */
const arnRef = (element: CfnElement): string => `<${Stack.of(element).resolve(Stack.of(element).getLogicalId(element)) as string}.Arn>`;

export const acknowledgeFindings = (stack: CertverifyStack): void => {
  if (stack.lookupFirewall) {
    const edge = stack.lookupFirewall.distribution;
    ack(edge, 'AwsSolutions-CFR1', 'A public API for marketplaces and buyers anywhere: no geo restriction; abuse is limited per address by the WebACL.');
    ack(edge, 'AwsSolutions-CFR3', 'Every request that passes the edge is in the HTTP API access log; the WebACL keeps metrics and sampled requests of what it blocks.');
    ack(edge, 'AwsSolutions-CFR4', 'The default *.cloudfront.net certificate allows no minimum-protocol setting; a custom domain with TLSv1.2_2021 is a deployment choice.');
  }
  ack(
    stack.functions,
    'AwsSolutions-L1',
    'nodejs22.x (an LTS runtime) is pinned to match the esbuild target node22 and the tested toolchain; nodejs24.x is a one-line change in cdk/bundling.ts.',
  );
  ack(
    stack.api.httpApi,
    'AwsSolutions-APIG4',
    'Auth is the shared middy middleware in every handler (Bearer API key → principal, problem+json 401/403); routes also serve anonymous public lookups.',
  );
  ack(
    stack.api.httpApi,
    'AwsSolutions-COG4',
    'No Cognito: callers are platforms, issuers and investigators with API keys checked by the shared middleware.',
  );
  ack(
    stack.functions.cursorSecret,
    'AwsSolutions-SMG4',
    'Cursor HMAC key only: rotating it would only invalidate outstanding pagination cursors; rotate by redeploying with a new secret if needed.',
  );
  ack(
    stack.uploads.accessLogsBucket,
    'AwsSolutions-S1',
    'This is the server-access-log destination bucket; logging it into itself would loop.',
  );

  const bucket = stack.uploads.bucket.node.defaultChild as CfnElement;
  for (const f of stack.functions.functions) {
    // The grants sit on the function's own role (a sibling of the function in its construct).
    const role = f.fn.role ?? f.fn;
    if (f.deadLetterQueue) {
      ack(f.deadLetterQueue, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue (Lambda on-failure destination).');
    }
    if (f.spec.uploads) {
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${arnRef(bucket)}/${UploadsPrefix}*]`,
        'Upload keys are generated per verification; access is limited to one action under the uploads/ prefix.',
      );
    }
    if (f.spec.documents) {
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${arnRef(bucket)}/${DocumentsPrefix}*]`,
        'Stored documents are keyed by verification id; access is limited to one action under the documents/ prefix.',
      );
      if (f.spec.ocr) {
        ack(
          role,
          `AwsSolutions-IAM5[Resource::${arnRef(bucket)}/${PageImagesPrefix}*]`,
          'Page images are keyed by document sha256, page and resolution; read and written only under documents/pages/.',
        );
      }
    }
    if (f.spec.ocr) {
      ack(role, 'AwsSolutions-IAM5[Resource::*]', 'Textract actions do not support resource-level permissions; only the actions this function calls are granted.');
    }
  }

  // Verification batches (issue 13).
  if (stack.batches) {
    const machine = stack.batches.stateMachine;
    const submit = stack.functions.byHandler('create-verification-batch');
    const chunk = stack.functions.byHandler('run-verification-batch-chunk');
    const batchObjects = `AwsSolutions-IAM5[Resource::${arnRef(bucket)}/${BatchesPrefix}*]`;
    const perBatch = 'Batch item files are written per batch (batches/<batchId>/items.jsonl); access is one action under the batches/ prefix.';
    if (submit) ack(submit.fn.role ?? submit.fn, batchObjects, perBatch);
    ack(machine.role, batchObjects, perBatch);
    if (chunk) {
      ack(machine.role, `AwsSolutions-IAM5[Resource::${arnRef(chunk.fn.node.defaultChild as CfnElement)}:*]`, 'LambdaInvoke grants the chunk function and its versions; no other function.');
    }
    ack(machine.role, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray tracing and CloudWatch Logs delivery actions do not support resource-level permissions.');
    const mapPolicy = machine.node.tryFindChild('DistributedMapPolicy');
    if (mapPolicy) {
      const machineId = Stack.of(machine).resolve(Stack.of(machine).getLogicalId(machine.node.defaultChild as CfnElement)) as string;
      // The region is a literal when the stack is bound to one (CDK_DEFAULT_REGION), else the pseudo parameter.
      const region = Token.isUnresolved(Stack.of(machine).region) ? '<AWS::Region>' : Stack.of(machine).region;
      const executions = `arn:<AWS::Partition>:states:${region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}`;
      const reason = 'The Distributed Map starts and reads its own child executions, whose ARNs are only known at run time.';
      // With a CloudFront distribution in the stack (the lookup firewall) cdk-nag prints the region as us-east-1.
      for (const arn of [executions, executions.replace('<AWS::Region>', 'us-east-1')]) {
        ack(mapPolicy, `AwsSolutions-IAM5[Resource::${arn}:*]`, reason);
        ack(mapPolicy, `AwsSolutions-IAM5[Resource::${arn}/*:*]`, reason);
      }
    }
  }
  // Webhooks (issue 12)
  ack(stack.webhooks.fanoutDeadLetterQueue, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue (on-failure destination of the stream event source).');
  ack(stack.webhooks.fanout, 'AwsSolutions-L1', 'nodejs22.x, as every function of the stack (cdk/bundling.ts).');
  ack(stack.webhooks.delivery, 'AwsSolutions-L1', 'nodejs22.x, as every function of the stack (cdk/bundling.ts).');
  ack(
    stack.webhooks.fanout.role ?? stack.webhooks.fanout,
    'AwsSolutions-IAM5[Resource::*]',
    'dynamodb:ListStreams, added by the DynamoDB event source, has no resource-level permission; the stream read actions are scoped to the table stream.',
  );

  // The S3 notifications custom resource that CDK adds (one per stack) for the ObjectCreated trigger.
  const notifications = stack.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (notifications) {
    ack(notifications, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'CDK-managed custom resource that configures bucket notifications at deploy time.');
    ack(notifications, 'AwsSolutions-IAM5[Resource::*]', 'CDK-managed custom resource: s3:PutBucketNotification is granted on * by the construct library.');
    ack(notifications, 'AwsSolutions-L1', 'CDK-managed custom resource; its runtime is chosen by aws-cdk-lib.');
  }
};
