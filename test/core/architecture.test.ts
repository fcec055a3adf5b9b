/**
 * The architecture invariant, checked on the real lint configuration: src/core and src/cli never import
 * `vscode` or the LSP libraries (or the extension/server/webview layers); the extension layer may.
 */
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
// The project's own config, with type information off (probe files are not on disk) and only the rule under test.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('platform-free core and cli', () => {
  const forbidden = [
    "import * as vscode from 'vscode';\nexport const x = vscode;\n",
    "import { LanguageClient } from 'vscode-languageclient/node';\nexport const x = LanguageClient;\n",
    "import { createConnection } from 'vscode-languageserver/node';\nexport const x = createConnection;\n",
    "import { TextDocument } from 'vscode-languageserver-textdocument';\nexport const x = TextDocument;\n",
    "import { activate } from '../extension/extension';\nexport const x = activate;\n",
  ];
  for (const dir of ['src/core/readers', 'src/cli']) {
    it(`${dir}: every platform import is an error`, async () => {
      for (const code of forbidden) {
        expect(await restrictedImports(`${dir}/probe.ts`, code), code).toHaveLength(1);
      }
    });
  }

  it('node built-ins and core modules stay allowed in core, and vscode stays allowed in the extension', async () => {
    expect(await restrictedImports('src/core/probe.ts', "import * as fs from 'node:fs';\nimport { z } from 'zod';\nexport const x = [fs, z];\n")).toEqual([]);
    expect(await restrictedImports('src/extension/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).toEqual([]);
  });
}, 60_000);
