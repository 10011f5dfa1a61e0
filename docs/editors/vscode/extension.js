// Starts `mark lsp` for .rules and .tests files (docs/lsp.md). The only dependency is
// vscode-languageclient; `npm install` in this folder fetches it.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("mark").get("path") || "mark";
  const serverOptions = { command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "mark-rules" },
      { scheme: "file", language: "mark-tests" },
    ],
  };
  client = new LanguageClient("mark", "mark rules", serverOptions, clientOptions);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
