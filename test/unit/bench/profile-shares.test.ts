import { describe, expect, it } from 'vitest';
import { profileShares, type CpuProfile } from '../../../bench/profile-shares.ts';

// A small profile: root → the SDK's send → the HTTP client → a socket write;
// root → the HTTP server → its response's socket write; root → a check;
// root → the garbage collector; and idle samples, which are not busy time.
const frame = (functionName: string, url: string) => ({ functionName, url });
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 8, 9, 10] },
    { id: 2, callFrame: frame('send', '/app/node_modules/@smithy/core/dist-cjs/index.js'), children: [3] },
    { id: 3, callFrame: frame('ClientRequest', 'node:_http_client'), children: [4] },
    { id: 4, callFrame: frame('writev', ''), children: [] },
    { id: 5, callFrame: frame('parserOnIncoming', 'node:_http_server'), children: [6] },
    { id: 6, callFrame: frame('end', 'node:_http_outgoing'), children: [7] },
    { id: 7, callFrame: frame('writev', ''), children: [] },
    { id: 8, callFrame: frame('run', '/app/shared/checks/reuse.ts'), children: [] },
    { id: 9, callFrame: frame('(garbage collector)', ''), children: [] },
    { id: 10, callFrame: frame('(idle)', ''), children: [] },
  ],
  samples: [4, 4, 4, 7, 8, 9, 10, 10, 10, 10],
};

describe('profileShares', () => {
  const shares = Object.fromEntries(profileShares(profile).map((s) => [s.part, s.share]));

  it('gives a sample to the first known part above its leaf, so a socket write is its caller’s', () => {
    expect(shares['AWS SDK and its HTTP client']).toBeCloseTo(3 / 6);
    expect(shares['HTTP server and local adapter']).toBeCloseTo(1 / 6);
    expect(shares.checks).toBeCloseTo(1 / 6);
  });

  it('names V8’s own work by its leaf and leaves idle samples out of the busy time', () => {
    expect(shares['V8 and Node: (garbage collector)']).toBeCloseTo(1 / 6);
    expect(Object.keys(shares).some((p) => p.includes('idle'))).toBe(false);
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });
});
