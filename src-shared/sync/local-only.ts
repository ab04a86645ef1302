/**
 * Fields a device writes for itself and never syncs: platform tokens are
 * encrypted with this device's own key, so no other replica could read them,
 * and a remote value must never overwrite the token this device holds.
 * Keyed by SQL table and column names, as ops are.
 */
export const LOCAL_ONLY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  integrations: ['access_token_enc', 'refresh_token_enc', 'expires_at'],
  // The account's password lives on the sync server only (as a hash); a local profile has none.
  users: ['password_hash'],
}

export function isLocalOnlyField(table: string, field: string): boolean {
  return LOCAL_ONLY_FIELDS[table]?.includes(field) ?? false
}
