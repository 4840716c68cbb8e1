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
  { group: ['@octokit/*'], message: 'pull requests go through src/deliver.' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test/fixtures/**',
      'examples/**',
      'bin/**',
      'runtime/**',
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
  {
    files: ['src/verify/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/generate/**'], message: 'the runner never imports the generator.' },
        ...adapterOnly,
      ]),
    },
  },
  {
    files: ['src/generate/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/verify/**'], message: 'the generator never imports the runner.' },
      ]),
    },
  },
  { files: ['src/acquire/git.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/deliver/pull-request.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // The service owns the queues; LangChain and git stay behind their adapters there too.
    files: ['src/service/**'],
    rules: {
      'no-restricted-imports': restrict(adapterOnly.filter((p) => !p.group.includes('bull'))),
    },
  },
  {
    files: ['src/index/vector-store.ts', 'src/index/openai-embedder.ts'],
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
