import { RE2JS } from 're2js';

/**
 * Regular expressions that people type in (REGEX fraud patterns, an issuer's
 * report-number patterns) run on RE2 (re2js): matching is linear in the input,
 * so `^(a+)+$` against a 128-character seller id costs microseconds, not
 * minutes. What RE2 cannot run in linear time (backreferences, lookaround) is
 * refused when the pattern is created, with the reason.
 */
export interface SafeRegex {
  /** The first match in `subject`, or undefined. */
  exec(subject: string): string | undefined;
  test(subject: string): boolean;
}

export type SafeRegexResult = { ok: true; regex: SafeRegex } | { ok: false; reason: string };

/** Longest source accepted; RE2 also caps repetition counts at 1000. */
export const MAX_REGEX_SOURCE = 500;

const reasonOf = (e: unknown): string => {
  const message = e instanceof Error ? e.message : String(e);
  if (/\\[1-9]|backreference/iu.test(message)) return `backreferences are not supported (linear-time engine): ${message}`;
  if (/\(\?[=!<]/u.test(message)) return `lookahead and lookbehind are not supported (linear-time engine): ${message}`;
  return message;
};

/**
 * Compiled expressions by source and flags. Every verification runs the
 * issuer's report-number patterns and every REGEX fraud pattern, and
 * compiling one with re2js costs more than matching it, so a process
 * compiles each once. RE2JS objects are immutable (a matcher is made per
 * call), so sharing them is safe; the map is bounded.
 */
const compiled = new Map<string, SafeRegexResult>();
const MAX_COMPILED = 2000;

export const compileSafeRegex = (source: string, options: { caseInsensitive?: boolean } = {}): SafeRegexResult => {
  const key = `${options.caseInsensitive ? 'i' : '-'}${source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const result = compileUncached(source, options);
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(key, result);
  return result;
};

const compileUncached = (source: string, options: { caseInsensitive?: boolean }): SafeRegexResult => {
  if (source.length > MAX_REGEX_SOURCE) return { ok: false, reason: `longer than ${MAX_REGEX_SOURCE} characters` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), options.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (e) {
    return { ok: false, reason: reasonOf(e) };
  }
  return {
    ok: true,
    regex: {
      test: (subject) => re.test(subject),
      exec: (subject) => {
        const m = re.matcher(subject);
        return m.find() ? (m.group() ?? '') : undefined;
      },
    },
  };
};

/** The compiled expression, or undefined when it does not compile (stored before validation existed). */
export const safeRegex = (source: string, options: { caseInsensitive?: boolean } = {}): SafeRegex | undefined => {
  const result = compileSafeRegex(source, options);
  return result.ok ? result.regex : undefined;
};
