//go:build tools

// Package crds pins the upstream modules whose CustomResourceDefinition YAML Berth's local clusters
// install (tools/build.sh copies the YAML out of the module cache). The blank imports of two
// dependency-free packages keep `go mod tidy` from dropping the requirements; nothing here is built.
package crds

import (
	_ "istio.io/api/label"
	_ "sigs.k8s.io/gateway-api/pkg/consts"
)
