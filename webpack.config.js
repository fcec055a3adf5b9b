// @ts-check
'use strict';
/**
 * Four separate bundles, one shared base (as vscode-eslint's shared.webpack.config.js):
 *   extension (VS Code extension host), server (language server), cli (helix-curate), webview (browser).
 * `vscode` is always external. Types are checked by `npm run typecheck` (tsc), esbuild only transpiles.
 */
const path = require('node:path');
const webpack = require('webpack');
const MiniCssExtractPlugin = require('mini-css-extract-plugin');

const tsRule = {
  test: /\.tsx?$/,
  exclude: /node_modules/,
  loader: 'esbuild-loader',
  options: { target: 'es2022', jsx: 'automatic' },
};

/** @param {import('webpack').Configuration} config @returns {import('webpack').Configuration} */
function withDefaults(config) {
  return {
    mode: 'production',
    devtool: 'source-map',
    resolve: { extensions: ['.ts', '.tsx', '.js', '.mjs'], conditionNames: ['node', 'import', 'require', 'default'] },
    module: { rules: [tsRule] },
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
    // A lazily imported module becomes one self-contained chunk `<bundle>-<chunk name>.js` (e.g.
    // dist/extension-stats.js), loaded with require the first time it is needed.
    optimization: { minimize: false, splitChunks: false },
    output: { libraryTarget: 'commonjs2', chunkFormat: 'commonjs', chunkFilename: `${name}-[name].js`, ...extra.output },
  });

module.exports = [
  nodeBundle('extension', './src/extension/extension.ts'),
  nodeBundle('server', './src/server/server.ts'),
  // The curator's dataset engine runs in a worker thread of the extension host (src/extension/curator/backend.ts).
  nodeBundle('curatorWorker', './src/extension/curator/datasetWorker.ts'),
  nodeBundle('cli', './src/cli/bin.ts', {
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
  }),
  // The webview: one script (dist/webview.js) and one stylesheet (dist/webview.css, extracted from the CSS
  // the app imports, @vscode/codicons' codicon.css among it); the codicon font is emitted as dist/codicon.ttf
  // and referenced relatively from webview.css. The host serves all three through webview.asWebviewUri.
  withDefaults({
    name: 'webview',
    target: 'web',
    // The curator (custom editor) is a second app in the same config: dist/curator.js + dist/curator.css,
    // sharing dist/codicon.ttf.
    // The standalone insight report (helix-curate stats --html): dist/report.js + dist/report.css, inlined into
    // one self-contained page by src/cli/report.ts.
    entry: { webview: './webview/main.tsx', curator: './webview/curator/main.tsx', report: './webview/insight/reportMain.tsx' },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.mjs'], conditionNames: ['browser', 'import', 'default'] },
    module: {
      rules: [
        tsRule,
        { test: /\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] },
        { test: /\.(ttf|woff2?)$/, type: 'asset/resource', generator: { filename: '[name][ext]' } },
      ],
    },
    plugins: [new MiniCssExtractPlugin({ filename: '[name].css' })],
    output: { publicPath: '' },
  }),
];
