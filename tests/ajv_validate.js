// A second, independent JSON Schema validator for the tests (Ajv, draft-07).
// stdin: {"schemas": [schema, ...], "cases": [{"schema": "$id", "data": ...}, ...]}
// stdout: [{"valid": bool, "errors": ["/path: message", ...]}, ...] in the order of the cases.
"use strict";
const Ajv = require("ajv");

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
for (const schema of input.schemas) ajv.addSchema(schema);
const results = input.cases.map(({ schema, data }) => {
  const validate = ajv.getSchema(schema);
  if (!validate) throw new Error(`no schema with $id ${schema}`);
  const valid = validate(data);
  return { valid, errors: (validate.errors || []).map((e) => `${e.instancePath || "/"}: ${e.message}`) };
});
process.stdout.write(JSON.stringify(results));
