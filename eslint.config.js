// Lint, including the layer rules of ARCHITECTURE.md: which folder may import which.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { builtinModules } from 'node:module'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
const ours = (folder) => [`**/${folder}`, `**/${folder}/**`]
const databaseDrivers = ['better-sqlite3', '@electric-sql/pglite', 'pg', 'postgres', 'drizzle-orm/*']

const restrict = (message, groups, paths = []) => ({
  'no-restricted-imports': [
    'error',
    { paths: paths.map((name) => ({ name, message })), patterns: [{ group: groups, message }] },
  ],
})

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'migrations/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-shared/**'],
    rules: restrict(
      'src-shared is pure TypeScript shared by the desktop and the server: it imports none of our other folders, nor electron, react, the file system or a database driver.',
      [
        ...ours('src-main'),
        ...ours('src-renderer'),
        ...ours('src-preload'),
        ...ours('sync-server'),
        ...databaseDrivers,
      ],
      ['electron', 'react', 'react-dom', ...nodeBuiltins, 'better-sqlite3', '@electric-sql/pglite', 'drizzle-orm'],
    ),
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        'The renderer talks to the main process only through window.api: no main-process, server or Node imports.',
        [...ours('src-main'), ...ours('sync-server'), ...ours('src-preload'), ...databaseDrivers],
        ['electron', ...nodeBuiltins, 'better-sqlite3', '@electric-sql/pglite', 'drizzle-orm'],
      ),
    },
  },
  {
    files: ['src-preload/**'],
    rules: restrict(
      'The preload only bridges the typed API: it imports electron and src-shared, nothing of main, the server or the renderer.',
      [...ours('src-main'), ...ours('sync-server'), ...ours('src-renderer'), ...databaseDrivers],
      nodeBuiltins,
    ),
  },
  {
    files: ['sync-server/**'],
    rules: restrict(
      'The sync server never imports electron or the desktop main process; share code through src-shared.',
      [...ours('src-main'), ...ours('src-renderer'), ...ours('src-preload')],
      ['electron'],
    ),
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/host/electron/**'],
    rules: restrict(
      'Only src-main/host/electron may import electron: services run in plain Node too (browser mode, tests, the server).',
      [...ours('src-renderer'), ...ours('src-preload'), ...ours('sync-server')],
      ['electron', 'electron-store'],
    ),
  },
  {
    files: ['src-main/host/electron/**'],
    rules: restrict('The main process does not import the renderer, the preload or the server.', [
      ...ours('src-renderer'),
      ...ours('src-preload'),
      ...ours('sync-server'),
    ]),
  },
)
