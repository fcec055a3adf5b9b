// The language server in real VS Code: a JSONL dataset opened as text gets its diagnostics in the
// Problems panel (vscode.languages.getDiagnostics, what the panel lists), a hover and one outline symbol
// per sample, from the client the extension starts on the first dataset document.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { extension, datasetUri, until, closeAllEditors } = require('./helpers');

suite('Helix Curator: language server', () => {
  let file;

  suiteSetup(() => {
    // Beside the workspace's dataset, so its images resolve: a correct row, then a row with broken JSON.
    const good = fs.readFileSync(datasetUri().fsPath, 'utf8').split('\n')[0];
    file = path.join(path.dirname(datasetUri().fsPath), 'lsp-broken.jsonl');
    fs.writeFileSync(file, `${good}\n{"id": "broken-1", "category": "maze",\n`);
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    fs.rmSync(file, { force: true });
  });

  test('the Problems panel shows the broken line, on its line, and nothing for the correct one', async () => {
    await extension();
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await until('diagnostics of lsp-broken.jsonl', () => {
      const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'helix-curator');
      return ds.length > 0 ? ds : undefined;
    }, 30_000);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.severity, typeof d.code === 'object' ? d.code.value : d.code]),
      [[1, vscode.DiagnosticSeverity.Error, 'invalid-json']],
    );
    assert.match(diagnostics[0].message, /^Invalid JSON/);
  });

  test('hovers a sample and lists one symbol per sample', async () => {
    const uri = vscode.Uri.file(file);
    const hovers = await until('a hover', async () => {
      const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(0, 3));
      return h && h.length > 0 ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*Verdict:\*\* /);
    assert.match(text, /task `/);
    const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
    assert.equal(symbols.length, 2);
    assert.equal(symbols[1].name, '#2');
  });
});
