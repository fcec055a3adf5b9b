/** Reading `helixCurator.*` in the extension host, validated by the zod schema in settings.ts. */
import * as vscode from 'vscode';
import { parseSettings, SETTINGS_SECTION, type Settings } from './settings';

const warned = new Set<string>();

/** The settings for a resource. Invalid values fall back to their defaults, with a warning shown once. */
export function readSettings(scope: vscode.Uri | undefined, log: vscode.LogOutputChannel): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const { settings, problems } = parseSettings((key) => config.get<unknown>(key));
  for (const problem of problems) {
    if (warned.has(problem)) continue;
    warned.add(problem);
    log.warn(`invalid setting: ${problem}`);
    void vscode.window.showWarningMessage(`Helix Curator: invalid setting ${problem}`);
  }
  return settings;
}
