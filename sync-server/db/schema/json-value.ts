/**
 * A jsonb column that holds any JSON value, scalars included: a field's value as an op carries it. Drizzle's
 * own jsonb parses a string it reads back once more (for drivers that hand jsonb over as text), and both of
 * ours (pg and PGlite) hand it over parsed already, so the text "8" came back as the number 8 and "true" as
 * true. This column writes JSON and takes what the driver read as it is.
 */
import { customType } from 'drizzle-orm/pg-core'

export const jsonValue = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value,
})
