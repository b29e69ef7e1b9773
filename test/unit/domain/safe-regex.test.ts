import { describe, expect, it } from 'vitest';
import { fraudPatterns } from '#shared/checks/fraud-patterns.ts';
import { FraudPatternInput } from '#shared/domain/fraud-pattern.ts';
import { compileSafeRegex } from '#shared/domain/safe-regex.ts';
import { fraudPattern, makeContext } from '../checks/fixtures.ts';

describe('safe-regex (RE2)', () => {
  it('runs ^(a+)+$ on a 128-character seller id in linear time (under 50 ms), match or no match', () => {
    // Prepare
    const ctx = (sellerId: string) =>
      makeContext({
        submission: { sellerId },
        fraudPatterns: { keyed: [], text: [fraudPattern({ id: 'redos', kind: 'SELLER', match: 'REGEX', value: '^(a+)+$' })] },
      });
    const miss = ctx(`${'a'.repeat(127)}!`);
    const hit = ctx('a'.repeat(128));
    fraudPatterns.run(ctx('warm-up')); // module and engine warm: the bound is on matching, not on loading

    // Act
    const t0 = performance.now();
    const missed = fraudPatterns.run(miss);
    const t1 = performance.now();
    const matched = fraudPatterns.run(hit);
    const t2 = performance.now();

    // Assess
    expect(missed).toMatchObject({ status: 'PASS', code: 'NO_MATCH' });
    expect(matched).toMatchObject({ status: 'FAIL', code: 'MATCHED_HIGH', evidence: { hits: [{ id: 'redos', matched: 'a'.repeat(128) }] } });
    expect(t1 - t0).toBeLessThan(50);
    expect(t2 - t1).toBeLessThan(50);
  });

  it('matches case-insensitively and returns the matched text', () => {
    // Prepare
    const compiled = compileSafeRegex('fake-?lab', { caseInsensitive: true });
    // Act & Assess
    expect(compiled.ok && compiled.regex.exec('Printed by FAKE-LAB Ltd')).toBe('FAKE-LAB');
  });

  it.each([
    ['(a)\\1', /backreferences are not supported/],
    ['a(?=b)', /lookahead and lookbehind are not supported/],
    ['([', /missing closing \)|missing closing ]/],
  ])('refuses %s at creation with the reason (422 through the schema)', (value, reason) => {
    // Act
    const parsed = FraudPatternInput.safeParse({ kind: 'SELLER', match: 'REGEX', value, severity: 'HIGH' });

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toStrictEqual([expect.objectContaining({ path: ['value'], message: expect.stringMatching(reason) })]);
  });

  it('accepts the ReDoS-shaped pattern, since RE2 runs it in linear time', () => {
    // Act & Assess
    expect(FraudPatternInput.safeParse({ kind: 'SELLER', match: 'REGEX', value: '^(a+)+$', severity: 'HIGH' }).success).toBe(true);
  });
});
