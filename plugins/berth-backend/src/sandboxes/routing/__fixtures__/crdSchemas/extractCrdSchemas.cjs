// Extracts the openAPIV3Schema of the CRD versions sandbox routing writes.
const fs = require('fs');
const YAML = require('yaml');

const out = process.argv[2];
const sources = [
  {
    file: `${process.env.HOME}/go/pkg/mod/sigs.k8s.io/gateway-api@v1.6.3/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml`,
    module:
      'sigs.k8s.io/gateway-api@v1.6.3 config/crd/standard/gateway.networking.k8s.io_httproutes.yaml',
    kind: 'HTTPRoute',
    version: 'v1',
    target: 'httproute-v1.json',
  },
  {
    file: `${process.env.HOME}/go/pkg/mod/sigs.k8s.io/gateway-api@v1.6.3/config/crd/standard/gateway.networking.k8s.io_referencegrants.yaml`,
    module:
      'sigs.k8s.io/gateway-api@v1.6.3 config/crd/standard/gateway.networking.k8s.io_referencegrants.yaml',
    kind: 'ReferenceGrant',
    version: 'v1beta1',
    target: 'referencegrant-v1beta1.json',
  },
  {
    file: `${process.env.HOME}/go/pkg/mod/istio.io/api@v1.31.1/kubernetes/customresourcedefinitions.gen.yaml`,
    module:
      'istio.io/api@v1.31.1 kubernetes/customresourcedefinitions.gen.yaml',
    kind: 'VirtualService',
    version: 'v1',
    target: 'virtualservice-v1.json',
  },
];
for (const s of sources) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(s.file, 'utf8'))
    .map(d => d.toJS())
    .filter(Boolean);
  const crd = docs.find(
    d => d.kind === 'CustomResourceDefinition' && d.spec.names.kind === s.kind,
  );
  const version = crd.spec.versions.find(v => v.name === s.version);
  if (!version.served) throw new Error(`${s.kind} ${s.version} not served`);
  fs.writeFileSync(
    `${out}/${s.target}`,
    `${JSON.stringify({
      source: s.module,
      group: crd.spec.group,
      kind: s.kind,
      version: s.version,
      openAPIV3Schema: version.schema.openAPIV3Schema,
    })}\n`,
  );
  console.log(s.target, fs.statSync(`${out}/${s.target}`).size);
}
