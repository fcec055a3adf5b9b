// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Architecture invariant: src/core and src/cli never import vscode or the LSP libraries. */
const platformImports = {
  paths: [{ name: 'vscode', message: 'src/core and src/cli are platform-free: inject what you need from the extension layer.' }],
  patterns: [
    { group: ['vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'], message: 'LSP libraries belong in src/server and src/extension only.' },
    { group: ['**/extension/**', '**/server/**', '**/webview/**'], message: 'core and cli must not depend on the extension, server or webview layers.' },
  ],
};

/** Architecture invariant: the webview runs in a browser sandbox and the protocol is shared by both sides. */
const browserImports = {
  paths: [{ name: 'vscode', message: 'The webview and src/protocol cannot use the vscode API: talk to the host through HostApi.' }],
  patterns: [
    { group: ['node:*'], message: 'The webview runs in a browser: no Node built-ins.' },
    { group: ['vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'], message: 'LSP libraries belong in src/server and src/extension only.' },
    { group: ['**/extension/**', '**/server/**', '**/cli/**', '**/readers/open', '**/readers/textFile'], message: 'The webview and src/protocol may import core schemas, not host-side modules.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '*.js', '*.mjs', 'bench/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', platformImports] },
  },
  {
    files: ['webview/**/*.ts', 'webview/**/*.tsx', 'src/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', browserImports] },
  },
  {
    files: ['webview/**/*.tsx', 'test/webview/**/*.tsx'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  // The real-VS Code e2e runners and in-host suite: plain Node JS (ESM runners, CommonJS mocha files loaded by
  // the extension host), outside tsconfig, so linted without type information.
  {
    files: ['test/e2e/**/*.js', 'test/e2e/**/*.mjs', 'scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: Object.fromEntries(
        ['console', 'process', 'setTimeout', 'clearTimeout', 'fetch', 'URL', 'document',
          'require', 'module', 'exports', '__dirname', 'suite', 'test', 'suiteSetup', 'suiteTeardown', 'setup', 'teardown'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['test/e2e/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
