// What exists today: the extension loads from source, registers its commands, and
// `helixCurator.showStats` opens the statistics webview panel for a dataset.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { EXTENSION_ID, extension, datasetUri, allTabs, until, closeAllEditors } = require('./helpers');

suite('Helix Curator: extension basics', () => {
  test('is loaded from the development path and activates', async () => {
    const ext = await extension();
    assert.equal(ext.id, EXTENSION_ID);
    assert.equal(ext.isActive, true);
  });

  test('registers helixCurator.showStats and helixCurator.openSampleDataset', async () => {
    await extension();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['helixCurator.showStats', 'helixCurator.openSampleDataset']) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
    }
  });

  test('contributes its commands in package.json under the Helix category', async () => {
    const ext = await extension();
    const contributed = ext.packageJSON.contributes.commands;
    const stats = contributed.find((c) => c.command === 'helixCurator.showStats');
    assert.ok(stats, 'helixCurator.showStats is not contributed');
    assert.equal(stats.category, 'Helix');
  });

  test('showStats on the sample dataset opens the statistics webview panel', async () => {
    await extension();
    await closeAllEditors();
    const uri = datasetUri();
    await vscode.commands.executeCommand('helixCurator.showStats', uri);
    const tab = await until('a stats webview tab', () =>
      allTabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('helixCurator.stats')),
    );
    assert.match(tab.label, /mmhelix-eval\.jsonl/);
    await closeAllEditors();
  });
});
