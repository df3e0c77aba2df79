import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-check/**', 'node_modules/**', 'bin/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The bugs that bite servers: a promise nobody awaits loses its error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Algorithms are pure: they never reach for a database driver or the store. The queries of
    // analytics/ (funnels, retention, sessions …) are SQL on the store; its graph and attribution
    // models are algorithms.
    files: ['src/analytics/graph/**/*.ts', 'src/analytics/attribution/**/*.ts', 'src/models/**/*.ts', 'src/recommend/**/*.ts', 'src/text/**/*.ts', 'src/identity/match/**/*.ts'],
    ignores: ['src/**/run.ts', 'src/**/run-*.ts', 'src/**/*-run.ts', 'src/**/run/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@duckdb/*', 'pg', 'postgres', '**/store/**', '**/store/index.js'], message: 'algorithms are pure: load inputs in run.ts, not here' },
        ],
      }],
    },
  },
);
