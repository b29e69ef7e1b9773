/**
 * Installs the linux-arm64 native packages of sharp and @napi-rs/canvas that
 * the OCR layer needs but a build machine of another platform does not have
 * (an x64 Linux CI or a Mac). Uses the npm registry; run once before
 * `npx cdk deploy`. `npx cdk synth` works without it (and warns).
 *
 *   npx tsx cdk/prepare-ocr-native.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ocrTargetPlatform } from './bundling.ts';
import { nativeStagingDir, ocrLayerContents } from './constructs/ocr-layer.ts';

const { missingNative } = ocrLayerContents();
if (missingNative.length === 0) {
  console.log('OCR layer: every native package for the target platform is present.');
} else {
  mkdirSync(nativeStagingDir, { recursive: true });
  const manifest = path.join(nativeStagingDir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'certverify-ocr-native', private: true }, null, 2));
  const specs = missingNative.map((p) => `${p.name}@${p.version}`);
  console.log(`Installing into ${path.relative(process.cwd(), nativeStagingDir)}: ${specs.join(' ')}`);
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      // Explicitly named platform packages are refused on another platform without it.
      '--force',
      `--os=${ocrTargetPlatform.os}`,
      `--cpu=${ocrTargetPlatform.cpu}`,
      `--libc=${ocrTargetPlatform.libc}`,
      '--prefix',
      nativeStagingDir,
      ...specs,
    ],
    { stdio: 'inherit' },
  );
  const still = ocrLayerContents().missingNative;
  if (still.length > 0) throw new Error(`Still missing: ${still.map((p) => p.name).join(', ')}`);
}
