// Import circles, type-only ones included, are refused anywhere in our code:
// `npm run deps:check`, a step of `npm test` beside lint.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A module that (through others) imports itself: break the circle by moving what both need into a third module, or by passing it in through a narrow interface (see src-main/core/context.ts).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a circle of types is still a circle to a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['^out/', '^dist/'] },
  },
}
