// Validates an AsyncAPI document with the official parser (@asyncapi/parser, which resolves every
// $ref, validates the document against the AsyncAPI 3 JSON Schema and lints it with its Spectral
// rules). Prints each diagnostic; exits 1 on any error. Usage: node asyncapi-validate.cjs FILE
// (NODE_PATH must hold the parser's node_modules).
const { Parser, fromFile } = require('@asyncapi/parser');

(async () => {
  const { document, diagnostics } = await fromFile(new Parser(), process.argv[2]).parse();
  const severities = ['error', 'warning', 'info', 'hint'];
  for (const d of diagnostics) {
    console.log(`${severities[d.severity]} ${d.code} ${d.path.join('/')}: ${d.message}`);
  }
  const errors = diagnostics.filter((d) => d.severity === 0);
  if (!document || errors.length > 0) {
    console.log(`INVALID: ${errors.length} error(s)`);
    process.exit(1);
  }
  console.log(`VALID: ${document.channels().length} channels, ${document.messages().length} messages, `
    + `${document.operations().length} operations`);
})().catch((e) => {
  console.log(`FAILED: ${e.stack || e}`);
  process.exit(2);
});
