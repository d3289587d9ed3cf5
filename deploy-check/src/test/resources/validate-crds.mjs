// Validates custom resources offline against the CRD schemas shipped in the @kubernetes-models npm
// packages (generated from the Strimzi, KEDA and Prometheus Operator CRDs), pinned in
// deploy/local/lib.sh. Usage: node validate-crds.mjs NODE_MODULES_DIR FILE.json...
// Each file holds one object. Prints one line per invalid or unknown object; exits 1 if any.
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [modulesDir, ...files] = process.argv.slice(2);
const models = {
  "kafka.strimzi.io/v1": ["strimzi-kafka-operator", "kafka.strimzi.io/v1"],
  "kafka.strimzi.io/v1beta2": ["strimzi-kafka-operator", "kafka.strimzi.io/v1beta2"],
  "keda.sh/v1alpha1": ["keda", "keda.sh/v1alpha1"],
  "monitoring.coreos.com/v1": ["prometheus-operator", "monitoring.coreos.com/v1"],
};

let failures = 0;
for (const file of files) {
  const obj = JSON.parse(readFileSync(file, "utf8"));
  const where = models[obj.apiVersion];
  const label = `${obj.kind}/${obj.metadata?.name} (${obj.apiVersion})`;
  if (!where) {
    console.log(`INVALID ${label}: no CRD schema known for this apiVersion`);
    failures++;
    continue;
  }
  const path = join(modulesDir, "@kubernetes-models", where[0], where[1], `${obj.kind}.js`);
  let Model;
  try {
    Model = (await import(pathToFileURL(path).href))[obj.kind];
  } catch (e) {
    console.log(`INVALID ${label}: no CRD schema for this kind (${path})`);
    failures++;
    continue;
  }
  try {
    new Model(obj).validate();
    console.log(`VALID ${label}`);
  } catch (e) {
    console.log(`INVALID ${label}: ${String(e.message).replace(/\s+/g, " ")}`);
    failures++;
  }
}
process.exit(failures ? 1 : 0);
