/** Dependency rules of ARCHITECTURE.md §2, checked in `npm test` (npm run depcheck). */
module.exports = {
  forbidden: [
    { name: 'core-imports-nothing-internal', severity: 'error', from: { path: '^src/core/' }, to: { path: '^src/', pathNot: '^src/core/' } },
    {
      name: 'provider-imports-core-and-spec-only',
      severity: 'error',
      from: { path: '^src/providers/([^/]+)/', pathNot: '^src/providers/spec/' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/providers/spec/', '^src/providers/$1/'] },
    },
    { name: 'provider-spec-imports-core-only', severity: 'error', from: { path: '^src/providers/spec/' }, to: { path: '^src/', pathNot: ['^src/core/', '^src/providers/spec/'] } },
    { name: 'simulator-is-independent', severity: 'error', from: { path: '^src/simulator/' }, to: { path: '^src/', pathNot: '^src/simulator/' } },
    { name: 'only-app-and-cli-import-simulator', severity: 'error', from: { path: '^src/', pathNot: ['^src/(app|cli|simulator|testing)/', '\\.test\\.ts$'] }, to: { path: '^src/simulator/' } },
    { name: 'production-never-imports-testing', severity: 'error', from: { path: '^src/', pathNot: ['^src/testing/', '\\.test\\.ts$'] }, to: { path: '^src/testing/' } },
    {
      name: 'features-stay-apart',
      severity: 'error',
      from: { path: '^src/(cache|governance|guardrails|prompts|evals|observability|catalog|responses)/' },
      to: { path: '^src/(storage|server|admin|app|cli)/' },
    },
    {
      name: 'outbound-http-only-in-transport',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/transport/', '\\.test\\.ts$', '^src/testing/'] },
      to: { path: 'node_modules/undici/' },
    },
    {
      name: 'pipeline-returns-results-server-writes-them',
      comment: 'The pipeline hands a result to the server; it never touches node:http or server/ (ARCHITECTURE.md, the request path in code).',
      severity: 'error',
      from: { path: '^src/pipeline/' },
      to: { path: ['^src/server/', '^(node:)?https?$', '^(node:)?http2$', '^(node:)?net$'] },
    },
    {
      name: 'pipeline-knows-no-feature',
      comment: 'Features plug into the pipeline through the plan builder in app/; the pipeline never imports them.',
      severity: 'error',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/(cache|governance|guardrails|prompts|observability|routing|app|admin|storage)/' },
    },
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|/fixtures/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
