/**
 * CDK app: `npx cdk synth` (cdk.json runs `npx tsx cdk/app.ts`). Works offline
 * and without AWS credentials: the stack is environment-agnostic unless
 * CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION are set, and nothing is looked up.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CertverifyStack } from './certverify-stack.ts';
import { readConfig } from './config.ts';

export const createApp = (app: App = new App()): { app: App; stack: CertverifyStack } => {
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const stack = new CertverifyStack(app, String(app.node.tryGetContext('stackName') ?? 'Certverify'), {
    description: 'certverify: verifies inspection reports and certificates',
    ...(account || region ? { env: { account, region } } : {}),
    config: readConfig(app.node),
  });
  Tags.of(stack).add('project', 'certverify');
  // cdk-nag 3 is a policy-validation plugin (not an Aspect): findings fail the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  createApp().app.synth();
}
