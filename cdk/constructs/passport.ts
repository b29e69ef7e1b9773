/**
 * The digital passport's signing key (issue 11): a KMS asymmetric key,
 * ECC_NIST_P256 for ES256, SIGN_VERIFY. The private key never leaves KMS:
 * functions that sign get kms:Sign only, those that serve or verify with the
 * public key kms:GetPublicKey only (the `kms` field of the route manifest).
 * The key is retained on stack deletion: credentials signed with it must keep
 * verifying. To rotate, create a new key, pass the old ARN as a retired key
 * (PASSPORT_KMS_RETIRED_KEY_ARNS) and keep it enabled for GetPublicKey.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { RouteSpec } from '#shared/http/routes.ts';

export type PassportKeyAccess = NonNullable<RouteSpec['kms']>;

export const PassportKeyActions: Readonly<Record<PassportKeyAccess, readonly string[]>> = {
  sign: ['kms:Sign'],
  'public-key': ['kms:GetPublicKey'],
};

export class Passport extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'SigningKey', {
      description: 'certverify digital passport: signs credentials and status lists (ES256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: 'alias/certverify-passport',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The environment every function gets: the key's ARN is no secret, and without it a function refuses to sign. */
  environment(): Record<string, string> {
    return { PASSPORT_KMS_KEY_ARN: this.key.keyArn };
  }

  grant(grantee: IGrantable, access: PassportKeyAccess | undefined): void {
    if (!access) return;
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...PassportKeyActions[access]], resources: [this.key.keyArn] }));
  }
}
