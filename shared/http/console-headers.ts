/**
 * The headers every console response carries (API.md, "Web console and public
 * pages"): a Content-Security-Policy with no inline script and no origin but
 * our own, nosniff, and no framing (frame-ancestors plus X-Frame-Options for
 * older browsers). Page images and the passport QR arrive as blob: URLs made
 * from authenticated fetches, hence `img-src blob:`.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const consoleSecurityHeaders = (): Record<string, string> => ({
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
});
