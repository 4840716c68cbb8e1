// Type-checked linting, with the import boundaries of DESIGN.md enforced per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ['error', { patterns }];
const adapterOnly = [
  { group: ['simple-git'], message: 'git goes through src/acquire/git.ts.' },
  { group: ['hnswlib-node'], message: 'hnswlib goes through src/index/vector-store.ts.' },
  {
    group: ['@langchain/*'],
    message: 'LangChain goes through its adapters (src/index/openai-embedder.ts, src/generate).',
  },
  { group: ['bull', '@nestjs/bull'], message: 'queues live in src/service.' },
  { group: ['@octokit/*'], message: 'pull requests go through src/deliver/pull-request.ts.' },
  { group: ['@nestjs/*'], message: 'Nest lives at the rim: only src/service uses it.' },
];

/*
 * The layers, bottom first: a folder imports only the folders below it (DESIGN.md's layout).
 * The pipeline runs the deliver stage, so deliver sits below it; the faces sit on top.
 */
const LAYERS = [
  ['core'],
  ['acquire', 'understand', 'index'],
  ['plan'],
  ['generate', 'verify', 'runtime'],
  ['deliver'],
  ['pipeline'],
  ['cli', 'service'],
];
const above = (folder) => {
  const level = LAYERS.findIndex((l) => l.includes(folder));
  return LAYERS.slice(level + 1).flat();
};
/** Forbids, for files in src/<folder>, imports of the layers above it, with the adapter rules. */
const layer = (folder, extra = [], allowed = adapterOnly) => ({
  files: [`src/${folder}/**`],
  rules: {
    'no-restricted-imports': restrict([
      ...above(folder).map((up) => ({
        group: [`**/${up}/**`, `**/${up}`],
        message: `src/${folder} sits below src/${up}: imports point down the pipeline.`,
      })),
      ...extra,
      ...allowed,
    ]),
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test/fixtures/**',
      'examples/**',
      'bin/**',
      'bench/data/**',
      '*.config.*',
      'jest.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: adapterOnly }],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['../*', '!../core'], message: 'core imports nothing of ours.' },
        ...adapterOnly,
      ]),
    },
  },
  layer('acquire'),
  layer('understand'),
  layer('index'),
  layer('plan'),
  layer('generate', [
    { group: ['**/verify/**'], message: 'the generator never imports the runner.' },
  ]),
  layer('verify', [
    { group: ['**/generate/**'], message: 'the runner never imports the generator.' },
  ]),
  // The runtime runs inside test processes, loaded as it is: Node's modules and its siblings
  // only, and types (erased when compiled) from the protocol.
  {
    files: ['src/runtime/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*'],
              allowTypeImports: true,
              message: 'runtime/ loads only Node, TypeScript and its siblings at run time.',
            },
          ],
        },
      ],
    },
  },
  layer('deliver'),
  layer('pipeline'),
  layer('cli'),
  // The service owns the queues and Nest; LangChain, git and Octokit stay behind their adapters.
  layer(
    'service',
    [],
    adapterOnly.filter((p) => !p.group.includes('bull') && !p.group.includes('@nestjs/*')),
  ),
  { files: ['src/acquire/git.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/deliver/pull-request.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: [
      'src/index/vector-store.ts',
      'src/index/openai-embedder.ts',
      'src/generate/openai-chat-model.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': 'off',
    },
  },
);
