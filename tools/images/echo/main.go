// Command echo answers every HTTP request with JSON naming this service (ECHO_NAME), its version
// (/version.txt or ECHO_VERSION_FILE if present, else ECHO_VERSION; omitted when empty), its sandbox
// (ECHO_SANDBOX), the pod (POD_NAME, else the host name) and the request headers. With ECHO_NEXT_HOP
// set it calls that URL, forwarding the baggage, x-env and traceparent headers, and includes the reply.
package main

import (
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := os.Getenv("ECHO_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	srv := &http.Server{Addr: addr, Handler: newHandler(configFromEnv()), ReadHeaderTimeout: 10 * time.Second}
	log.Printf("echo %q listening on %s", os.Getenv("ECHO_NAME"), addr)
	log.Fatal(srv.ListenAndServe())
}
