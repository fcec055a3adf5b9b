// The curator's contract (custom editor `helixCurator.curator`, command `helixCurator.openDataset`, the
// exported `decide`/`journalUri` API, the Curation view), checked in the real extension host.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { extension, datasetUri, datasetRows, allTabs, until, closeAllEditors, readJsonLines, samePath } = require('./helpers');

const VIEW_TYPE = 'helixCurator.curator';

function curatorTabFor(uri) {
  return allTabs().find((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === VIEW_TYPE && samePath(t.input.uri.fsPath, uri.fsPath));
}

suite('Helix Curator: curator contract', () => {
  suiteSetup(async () => {
    await extension();
  });

  teardown(async () => {
    await closeAllEditors();
  });

  test('registers helixCurator.openDataset and helixCurator.showStats', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['helixCurator.openDataset', 'helixCurator.showStats']) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
    }
  });

  test('contributes "Open Dataset..." in category Helix', async () => {
    const ext = await extension();
    const cmd = (ext.packageJSON.contributes.commands || []).find((c) => c.command === 'helixCurator.openDataset');
    assert.ok(cmd, 'helixCurator.openDataset is not contributed');
    assert.equal(cmd.title, 'Open Dataset...');
    assert.equal(cmd.category, 'Helix');
  });

  test('contributes the helixCurator.curator custom editor (priority option) for .jsonl/.json/.parquet/.tsv', async () => {
    const ext = await extension();
    const editor = (ext.packageJSON.contributes.customEditors || []).find((e) => e.viewType === VIEW_TYPE);
    assert.ok(editor, `no customEditors entry with viewType ${VIEW_TYPE}`);
    assert.equal(editor.priority, 'option');
    const patterns = (editor.selector || []).map((s) => s.filenamePattern).join(' ');
    for (const ext of ['jsonl', 'json', 'parquet', 'tsv']) {
      assert.ok(new RegExp(`\\b${ext}\\b`).test(patterns), `selector does not cover .${ext}: ${patterns}`);
    }
  });

  test('contributes the Curation tree view helixCurator.curation', async () => {
    const ext = await extension();
    const views = Object.values(ext.packageJSON.contributes.views || {}).flat();
    const view = views.find((v) => v.id === 'helixCurator.curation');
    assert.ok(view, `no view helixCurator.curation among ${views.map((v) => v.id).join(', ') || 'none'}`);
    assert.match(view.name, /Curation/);
  });

  test('vscode.openWith opens the dataset in the curator (TabInputCustom)', async () => {
    const uri = datasetUri();
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const tab = await until('a curator tab', () => curatorTabFor(uri));
    assert.ok(tab.input instanceof vscode.TabInputCustom);
    assert.equal(tab.input.viewType, VIEW_TYPE);
  });

  test('helixCurator.openDataset with a Uri opens the curator', async () => {
    const uri = datasetUri();
    await vscode.commands.executeCommand('helixCurator.openDataset', uri);
    await until('a curator tab', () => curatorTabFor(uri));
  });

  test('helixCurator.openDataset without arguments reopens the active text editor\'s dataset in the curator', async () => {
    const uri = datasetUri();
    await vscode.window.showTextDocument(uri, { preview: false });
    await until('the dataset as the active text editor', () => vscode.window.activeTextEditor && samePath(vscode.window.activeTextEditor.document.uri.fsPath, uri.fsPath));
    await vscode.commands.executeCommand('helixCurator.openDataset');
    const tab = await until('a curator tab', () => curatorTabFor(uri));
    assert.ok(tab.isActive, 'the curator tab is not the active tab');
  });

  test('the exported API: journalUri is beside the dataset, decide appends a journal line', async () => {
    const ext = await extension();
    const api = ext.exports;
    assert.ok(api && typeof api.decide === 'function', 'exports.decide is not a function');
    assert.ok(typeof api.journalUri === 'function', 'exports.journalUri is not a function');
    const uri = datasetUri();
    const journal = api.journalUri(uri);
    assert.ok(journal instanceof vscode.Uri, 'journalUri did not return a vscode.Uri');
    assert.ok(samePath(journal.fsPath, path.join(path.dirname(uri.fsPath), 'mmhelix-eval.helix-journal.jsonl')), `journal at ${journal.fsPath}`);

    const rows = datasetRows();
    const sampleId = rows[4].id;
    const before = readJsonLines(journal.fsPath).length;
    await api.decide(uri, sampleId, 'flag', 'checked by the in-host suite');
    const lines = readJsonLines(journal.fsPath);
    assert.equal(lines.length, before + 1, 'decide did not append exactly one line');
    const line = lines[lines.length - 1];
    assert.equal(line.v, 1);
    assert.equal(line.curator, 'e2e-bot');
    assert.equal(line.sampleId, sampleId);
    assert.equal(line.decision, 'flag');
    assert.equal(line.note, 'checked by the in-host suite');
    assert.match(line.contentHash, /^[0-9a-f]+$/);
    assert.ok(!Number.isNaN(Date.parse(line.ts)), `ts ${line.ts}`);

    await api.decide(uri, sampleId, 'clear');
    const after = readJsonLines(journal.fsPath);
    assert.equal(after.length, before + 2);
    assert.equal(after[after.length - 1].decision, 'clear');
    assert.equal(after[after.length - 1].sampleId, sampleId);
    assert.ok(fs.existsSync(journal.fsPath));
  });
});
