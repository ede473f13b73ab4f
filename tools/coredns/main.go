// CoreDNS for the local clusters' real node, with only the plugins it needs: the cluster's
// names (kubernetes), health and readiness, errors, a cache and the loop check. No forward,
// no resolver outside the machine: a name outside the cluster's zones gets REFUSED.
package main

import (
	"log"

	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/ready"
)

// directives in CoreDNS's execution order (plugin.cfg of v1.15.0).
var directives = []string{"bind", "ready", "health", "errors", "cache", "kubernetes", "loop"}

func main() {
	if err := dnsserver.SetDirectives(directives); err != nil {
		log.Fatal(err)
	}
	coremain.Run()
}
