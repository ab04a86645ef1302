import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/db/schema/account.ts',
  out: './migrations/desktop/account',
})
