/**
 * One NodejsFunction per handler folder (functions/<handler>/handler.ts,
 * exporting `handler`), with grants derived from the route manifest:
 * table none/read/write, uploads presign-put/read, Textract only for OCR
 * functions, and each function's own role and log group.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundlingOptions, consoleAssetsHooks, nodeRuntime } from '../bundling.ts';
import { constructId, entryPath, functionSpecs, handlerExists, projectRoot, type FunctionSpec } from '../handlers.ts';
import type { CertverifyTable } from './table.ts';
import type { Ocr, TextractUse } from './ocr.ts';
import type { Passport } from './passport.ts';
import { DocumentsPrefix, UploadsPrefix, type Uploads } from './uploads.ts';

/**
 * Sizing. Measured: tesseract.js 7 (LSTM, WebAssembly) with eng + chi_sim
 * loaded, recognising one A4 page at 300 dpi, peaks at ~360 MB RSS and takes
 * ~17 s of one x64 core. Memory is not the constraint; CPU is, and Lambda
 * allocates CPU in proportion to memory (1 vCPU at 1769 MB, ~1.7 at 3008 MB).
 * - create-verification answers inside API Gateway's 30 s integration limit,
 *   so it gets the most CPU (3008 MB) and a 29 s timeout;
 * - the event-driven OCR functions are not latency-bound: 2048 MB (>1 vCPU,
 *   room for pdf.js page bitmaps of a multi-page scan next to the OCR worker)
 *   and 5 minutes.
 */
export const Sizing = {
  default: { memorySize: 512, timeout: Duration.seconds(10) },
  ocrApi: { memorySize: 3008, timeout: Duration.seconds(29) },
  ocrEvent: { memorySize: 2048, timeout: Duration.minutes(5) },
} as const;

export interface FunctionsProps {
  readonly table: CertverifyTable;
  readonly uploads: Uploads;
  readonly ocr: Ocr;
  /** The passport's KMS key (issue 11). */
  readonly passport: Passport;
  readonly logRetention: RetentionDays;
  readonly logLevel: string;
  /** Synthesize only the handlers that exist (development); by default a missing handler is an error. */
  readonly allowMissingHandlers: boolean;
}

export interface CertverifyFunction {
  readonly spec: FunctionSpec;
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  /** Event functions: failed async invocations (after Lambda's retries) land here. */
  readonly deadLetterQueue?: Queue;
}

const textractUses = (spec: FunctionSpec): TextractUse[] => {
  if (!spec.ocr) return [];
  switch (spec.trigger) {
    case 's3-object-created':
      return ['sync', 'start'];
    case 'sns-textract':
      return ['get'];
    case 'dynamodb-stream':
      return [];
    default:
      return ['sync'];
  }
};

export class Functions extends Construct {
  readonly functions: CertverifyFunction[] = [];
  /** Handler folders in the manifest without functions/<handler>/handler.ts. */
  readonly missingHandlers: string[];
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const specs = functionSpecs();
    this.missingHandlers = specs.filter((s) => !handlerExists(s.handler)).map((s) => s.handler);
    if (this.missingHandlers.length > 0 && !props.allowMissingHandlers) {
      throw new Error(
        `Missing handler files: ${this.missingHandlers.map((h) => `functions/${h}/handler.ts`).join(', ')}. ` +
          'Every route in shared/http/routes.ts needs one (or synth with -c allowMissingHandlers=true while developing).',
      );
    }

    // Signs pagination cursors (shared/store/cursor.ts) so clients cannot forge them.
    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key for certverify pagination cursors (read at cold start through Powertools Parameters; CURSOR_SECRET_ARN)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    for (const spec of specs) {
      if (!handlerExists(spec.handler)) continue;
      this.functions.push(this.createFunction(spec, props));
    }
  }

  byHandler(handler: string): CertverifyFunction | undefined {
    return this.functions.find((f) => f.spec.handler === handler);
  }

  private createFunction(spec: FunctionSpec, props: FunctionsProps): CertverifyFunction {
    const id = constructId(spec.handler);
    const scope = new Construct(this, id);
    const logGroup = new LogGroup(scope, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // Own role per function: no AWSLambdaBasicExecutionRole, logs only to its own group.
    const role = new Role(scope, 'Role', {
      description: `certverify ${spec.handler}`,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);

    const sizing = spec.ocr ? (spec.trigger ? Sizing.ocrEvent : Sizing.ocrApi) : Sizing.default;
    const deadLetterQueue = spec.trigger
      ? new Queue(scope, 'DeadLetterQueue', {
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        })
      : undefined;

    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'certverify',
      POWERTOOLS_LOG_LEVEL: props.logLevel,
      ...props.passport.environment(),
    };
    if (spec.uploads) {
      environment.UPLOADS_BUCKET = props.uploads.bucket.bucketName;
      environment.UPLOADS_PREFIX = UploadsPrefix;
    }
    if (spec.table !== 'none') {
      environment.TABLE_NAME = props.table.table.tableName;
      // Only the ARN: the value is read by the function (shared/runtime/lambda.ts), never put in its configuration.
      environment.CURSOR_SECRET_ARN = this.cursorSecret.secretArn;
    }
    if (spec.documents) {
      environment.DOCUMENTS_BUCKET = props.uploads.bucket.bucketName;
      environment.DOCUMENTS_PREFIX = DocumentsPrefix;
    }
    if (spec.assets) environment.CONSOLE_ASSETS_DIR = '/var/task/console';
    if (spec.ocr) {
      // Leave the handler time to answer (or record an ERROR) before Lambda's own timeout.
      environment.DOCUMENT_TIMEOUT_MS = String(sizing.timeout.toMilliseconds() - 4000);
      environment.TEXTRACT_SNS_TOPIC_ARN = props.ocr.completionTopic.topicArn;
      environment.TEXTRACT_ROLE_ARN = props.ocr.textractRole.roleArn;
    }

    const fn = new NodejsFunction(scope, 'Function', {
      entry: entryPath(spec.handler),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      runtime: nodeRuntime,
      architecture: Architecture.ARM_64,
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      role,
      logGroup,
      environment,
      description: spec.routes.length > 0 ? spec.routes.map((r) => `${r.method} ${r.path}`).join(', ') : `${spec.trigger} event`,
      bundling: { ...bundlingOptions(spec.ocr), ...(spec.assets ? { commandHooks: consoleAssetsHooks } : {}) },
      ...(spec.ocr ? { layers: [props.ocr.layer.layer] } : {}),
      ...(deadLetterQueue
        ? { onFailure: new SqsDestination(deadLetterQueue), retryAttempts: 2, maxEventAge: Duration.hours(6) }
        : {}),
    });

    props.table.grant(fn, spec.table);
    if (spec.table !== 'none') this.cursorSecret.grantRead(fn);
    props.uploads.grant(fn, spec.uploads);
    props.uploads.grantDocuments(fn, spec.documents, Boolean(spec.ocr));
    props.passport.grant(fn, spec.kms);
    const uses = textractUses(spec);
    if (uses.length > 0) props.ocr.grant(fn, uses);

    return { spec, fn, logGroup, ...(deadLetterQueue ? { deadLetterQueue } : {}) };
  }
}
