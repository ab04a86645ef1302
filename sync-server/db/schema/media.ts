/**
 * org_media: the bytes of images and videos attached to posts in orgs that
 * sync, named by content hash (`<sha256>.<ext>`) like on the desktops, so a
 * teammate's device (or the server's own publisher) can get a file that was
 * attached elsewhere. Not synced: devices fetch a file when they need it.
 */
import { customType, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
})

export const orgMedia = pgTable(
  'org_media',
  {
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    mimeType: text('mime_type').notNull(),
    byteLength: integer('byte_length').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.name] })],
)
