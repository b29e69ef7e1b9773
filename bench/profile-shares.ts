/**
 * Where a V8 CPU profile's busy time went, by part of the stack: each sample
 * is given to the first frame, walking from the leaf towards the root, that
 * belongs to a known part (so a socket write under the SDK's HTTP client is
 * the SDK's, and one under the HTTP server's response is the server's).
 * bench:cost prints this with --profile; with --in-thread the profiled
 * thread runs the handlers.
 */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
}

const PARTS: Array<[part: string, url: RegExp]> = [
  ['AWS SDK and its HTTP client', /node_modules\/@(aws-sdk|smithy)\/|^node:_http_(client|agent)$/],
  ['HTTP server and local adapter', /^node:_http_server$|\/local\/(http-adapter|server|router|read-body)\.ts$/],
  ['change feed and webhook fan-out', /\/local\/webhooks\.ts$|webhook/],
  ['request and record validation (zod)', /node_modules\/zod\//],
  ['middy and Powertools', /node_modules\/@(middy|aws-lambda-powertools)\//],
  ['checks', /\/shared\/checks\//],
  ['store code', /\/shared\/store\//],
  ['other app code', /\/(shared|functions|local)\//],
];

export const profileShares = (profile: CpuProfile): Array<{ part: string; share: number }> => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = new Map<number, string | null>();
  const resolve = (id: number): string | null => {
    const known = partOf.get(id);
    if (known !== undefined) return known;
    const frame = byId.get(id)?.callFrame;
    const own = frame ? PARTS.find(([, url]) => url.test(frame.url))?.[0] : undefined;
    const up = parent.get(id);
    const part = own ?? (up !== undefined ? resolve(up) : null);
    partOf.set(id, part);
    return part;
  };
  const counts = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const leaf = byId.get(id)?.callFrame.functionName || '(anonymous)';
    if (leaf === '(idle)') continue;
    busy++;
    // Outside every part: V8's own work (garbage collection, the microtask loop) or Node's, by the leaf's name.
    const part = resolve(id) ?? `V8 and Node: ${leaf}`;
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  return [...counts]
    .map(([part, n]) => ({ part, share: busy > 0 ? n / busy : 0 }))
    .sort((a, b) => b.share - a.share);
};

// `npx tsx bench/profile-shares.ts FILE.cpuprofile`: the same table for any saved profile.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const file = process.argv[2];
  if (!file) throw new Error('usage: npx tsx bench/profile-shares.ts FILE.cpuprofile');
  for (const { part, share } of profileShares(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile).filter((s) => s.share >= 0.005)) {
    console.log(`${(share * 100).toFixed(1).padStart(5)} %  ${part}`);
  }
}
