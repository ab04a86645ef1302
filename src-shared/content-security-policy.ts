/**
 * The renderer's Content-Security-Policy, one definition for both hosts:
 * Electron sets it on every response, browser mode sends it as a header.
 * Only our own scripts run; styles allow inline attributes because the
 * component library sets CSS variables through them.
 */
export function contentSecurityPolicy({ connect = [] as string[] } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}
