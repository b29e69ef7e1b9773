/**
 * One synthesis shared by the CDK tests: the app exactly as cdk/app.ts builds
 * it (cdk.json context, cdk-nag plugin), with bundling skipped (esbuild runs in
 * `npm run synth` and scripts/bundle-sizes.ts) and CORS origins set.
 * Missing handler files do not abort the synth here, so the route test can
 * name each unmapped route instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { createApp } from '../../cdk/app.ts';
import type { CertverifyStack } from '../../cdk/certverify-stack.ts';
import { projectRoot } from '../../cdk/handlers.ts';

export const TestOrigins = ['https://platform.example.com', 'https://admin.example.com'];

export interface Synth {
  readonly app: App;
  readonly stack: CertverifyStack;
  readonly template: Template;
  readonly assembly: CloudAssembly;
}

export const synthesize = (): Synth => {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      allowedOrigins: TestOrigins,
      allowMissingHandlers: true,
    },
  });
  const { stack } = createApp(app);
  // Template.fromStack synthesizes the app, which runs cdk-nag; an unacknowledged finding throws here.
  const template = Template.fromStack(stack);
  return { app, stack, template, assembly: app.synth() };
};

/** The logical id CloudFormation sees for a construct's default resource. */
export const logicalId = (stack: CertverifyStack, construct: { node: { defaultChild?: unknown } }): string => {
  const child = construct.node.defaultChild;
  if (child === undefined) throw new Error('construct has no default child');
  return stack.resolve(stack.getLogicalId(child as Parameters<CertverifyStack['getLogicalId']>[0])) as string;
};
