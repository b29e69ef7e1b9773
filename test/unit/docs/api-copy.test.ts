import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const inRepo = new URL('../../../docs/api.md', import.meta.url);
const reference = new URL('../../../../shared/API.md', import.meta.url);

describe('docs: api.md', () => {
  it.skipIf(!existsSync(reference))('is the same text as the reference contract ../shared/API.md', () => {
    // Prepare
    const expected = readFileSync(reference, 'utf8');
    // Act
    const actual = readFileSync(inRepo, 'utf8');
    // Assess
    expect(actual).toBe(expected);
  });

  it('is linked from the README, which never links outside the repository', () => {
    // Prepare
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    // Act
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] ?? '');
    // Assess
    expect(links).toContain('docs/api.md');
    expect(links.filter((l) => l.startsWith('../'))).toStrictEqual([]);
    expect(readme).toContain('GET /openapi.json');
  });
});
