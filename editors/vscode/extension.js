// The Kaohe extension: the language, its grammar, and `kaohe lsp` started for each
// window. Everything else (diagnostics, hover, completion, rename, formatting, fixes,
// outline, semantic tokens, worked examples' code lenses) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function start() {
  const config = vscode.workspace.getConfiguration('kaohe');
  const command = config.get('server.path') || 'kaohe';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'kaohe' },
      { scheme: 'untitled', language: 'kaohe' },
    ],
  };
  client = new LanguageClient('kaohe', 'Kaohe', serverOptions, clientOptions);
  return client.start().catch((e) => {
    vscode.window.showErrorMessage(
      `Kaohe: could not start \`${command} lsp\` (${e.message}). Install kaohe or set kaohe.server.path.`
    );
  });
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('kaohe.restartServer', async () => {
      if (client) {
        await client.stop();
      }
      await start();
    })
  );
  return start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
