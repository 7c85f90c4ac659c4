/**
 * The Content-Security-Policy of every page Release Desk shows. No inline or eval'd script,
 * no plugins, no framing, no form posts; scripts, styles and connections only to our own
 * origin. The browser bridge adds nothing: its WebSocket is on its own origin too.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
