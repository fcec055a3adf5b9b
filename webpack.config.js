// @ts-check
'use strict';
/**
 * Four separate bundles, one shared base (as vscode-eslint's shared.webpack.config.js):
 *   extension (VS Code extension host), server (language server), cli (helix-curate), webview (browser).
 * `vscode` is always external. Types are checked by `npm run typecheck` (tsc), esbuild only transpiles.
 */
const path = require('node:path');
const webpack = require('webpack');

/** @param {import('webpack').Configuration} config @returns {import('webpack').Configuration} */
function withDefaults(config) {
  return {
    mode: 'production',
    devtool: 'source-map',
    resolve: { extensions: ['.ts', '.tsx', '.js', '.mjs'], conditionNames: ['node', 'import', 'require', 'default'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'esbuild-loader',
          options: { target: 'es2022', jsx: 'automatic' },
        },
      ],
    },
    optimization: { minimize: false },
    performance: { hints: false },
    stats: 'errors-warnings',
    ...config,
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      ...config.output,
    },
  };
}

const nodeBundle = (/** @type {string} */ name, /** @type {string} */ entry, /** @type {Partial<import('webpack').Configuration>} */ extra = {}) =>
  withDefaults({
    name,
    target: 'node20',
    entry: { [name]: entry },
    externals: { vscode: 'commonjs vscode' },
    output: { libraryTarget: 'commonjs2', chunkFormat: 'commonjs' },
    node: { __dirname: false, __filename: false },
    ...extra,
  });

module.exports = [
  nodeBundle('extension', './src/extension/extension.ts'),
  nodeBundle('server', './src/server/server.ts'),
  nodeBundle('cli', './src/cli/main.ts', {
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
  }),
  withDefaults({
    name: 'webview',
    target: 'web',
    entry: { webview: './webview/main.tsx' },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.mjs'], conditionNames: ['browser', 'import', 'default'] },
  }),
];
