import { KMSClient } from '@aws-sdk/client-kms';
import { KmsKeyStore } from '#shared/passport/kms-key-store.ts';
import { LocalKeyStore } from '#shared/passport/local-key-store.ts';
import type { KeyStore } from '#shared/passport/signer.ts';

/** A key store built once, on first use; a failure is not cached. */
const once = (build: () => Promise<KeyStore>): (() => Promise<KeyStore>) => {
  let store: Promise<KeyStore> | undefined;
  return () =>
    (store ??= build().catch((e: unknown) => {
      store = undefined;
      throw e;
    }));
};

/**
 * On AWS the passport signs with the KMS key of PASSPORT_KMS_KEY_ARN; the
 * retired keys (PASSPORT_KMS_RETIRED_KEY_ARNS, comma-separated) stay in
 * did.json so that old credentials still verify. Without the ARN a function
 * refuses to sign (there is no local key on Lambda).
 */
export const kmsKeys = (env: NodeJS.ProcessEnv, kms: () => KMSClient = () => new KMSClient({})): (() => Promise<KeyStore>) =>
  once(async () => {
    const arn = env.PASSPORT_KMS_KEY_ARN;
    if (!arn) throw new Error('PASSPORT_KMS_KEY_ARN is not set: on AWS the passport signs with KMS only');
    const retired = (env.PASSPORT_KMS_RETIRED_KEY_ARNS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    return new KmsKeyStore(kms(), arn, retired);
  });

/** Locally: a P-256 key generated on first use in `file` (e.g. .data/passport-keys.json), or in memory without a file. */
export const localKeys = (file: string | undefined): (() => Promise<KeyStore>) => once(() => LocalKeyStore.open(file));
