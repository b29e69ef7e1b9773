/**
 * The uploads bucket: files too large for a direct `POST /verifications` are
 * PUT here through the presigned URL from `POST /uploads`; ObjectCreated under
 * the uploads prefix triggers verify-upload.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { UploadsAccess } from '../handlers.ts';

/** Key prefix of raw uploads (env UPLOADS_PREFIX). Grants, the event filter and the lifecycle rule use it. */
export const UploadsPrefix = 'uploads/';
/** Key prefix of the documents kept for reviewers (env DOCUMENTS_PREFIX), with its own lifecycle rule. */
export const DocumentsPrefix = 'documents/';
/** The page images rendered for the console, kept beside the documents (same encryption and lifecycle rule). */
export const PageImagesPrefix = `${DocumentsPrefix}pages/`;

export interface UploadsProps {
  /** Browser origins allowed to PUT to a presigned URL; none → no CORS rule. */
  readonly allowedOrigins: readonly string[];
  /** Raw uploads are deleted after this many days. */
  readonly expireAfterDays: number;
  /** Documents kept for review are deleted after this many days. */
  readonly documentsExpireAfterDays?: number;
}

export class Uploads extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: UploadsProps) {
    super(scope, id);
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Server access log delivery supports SSE-S3 only.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads-bucket/',
      lifecycleRules: [
        { id: 'expire-raw-uploads', prefix: UploadsPrefix, expiration: Duration.days(props.expireAfterDays) },
        { id: 'expire-reviewed-documents', prefix: DocumentsPrefix, expiration: Duration.days(props.documentsExpireAfterDays ?? 400) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      cors:
        props.allowedOrigins.length > 0
          ? [
              {
                allowedMethods: [HttpMethods.PUT],
                allowedOrigins: [...props.allowedOrigins],
                allowedHeaders: ['content-type', 'content-length', 'content-md5', 'x-amz-*'],
                exposedHeaders: ['etag'],
                maxAge: 3000,
              },
            ]
          : undefined,
      // Uploaded documents are evidence for verifications; never delete them with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * `presign-put`: the presigned URL is signed with the function's role, so
   * the role needs PutObject. `read`: GetObject (Textract reads the object with
   * the caller's credentials too). Both only under the uploads prefix.
   */
  grant(grantee: IGrantable, access: UploadsAccess | undefined): void {
    if (access === undefined) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: access === 'presign-put' ? ['s3:PutObject'] : ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${UploadsPrefix}*`)],
      }),
    );
  }

  /** The documents kept for reviewers: PutObject for the verifying functions, GetObject for the readers, only under documents/. */
  grantDocuments(grantee: IGrantable, access: 'read' | 'write' | undefined, renders = false): void {
    if (access === undefined) return;
    // A function that renders pages (it has pdf.js) keeps and reuses them, under documents/pages/ only.
    if (renders) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects(`${PageImagesPrefix}*`)] }),
      );
    }
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: access === 'write' ? ['s3:PutObject'] : ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${DocumentsPrefix}*`)],
      }),
    );
  }
}
