package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// ForwardedHeaders are the headers passed on to the next hop.
var ForwardedHeaders = []string{"Baggage", "X-Env", "Traceparent"}

type config struct {
	Name, Sandbox, Pod, NextHop, Version string
}

// versionFrom is the trimmed content of the version file (an image built by the local builder can
// COPY one), else the ECHO_VERSION variable, else empty.
func versionFrom(file string) string {
	if data, err := os.ReadFile(file); err == nil {
		return strings.TrimSpace(string(data))
	}
	return os.Getenv("ECHO_VERSION")
}

func configFromEnv() config {
	pod := os.Getenv("POD_NAME")
	if pod == "" {
		pod, _ = os.Hostname()
	}
	versionFile := os.Getenv("ECHO_VERSION_FILE")
	if versionFile == "" {
		versionFile = "/version.txt"
	}
	return config{Name: os.Getenv("ECHO_NAME"), Sandbox: os.Getenv("ECHO_SANDBOX"), Pod: pod, NextHop: os.Getenv("ECHO_NEXT_HOP"), Version: versionFrom(versionFile)}
}

type reply struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Sandbox string      `json:"sandbox"`
	Pod     string      `json:"pod"`
	Method  string      `json:"method"`
	Path    string      `json:"path"`
	Host    string      `json:"host"`
	Headers http.Header `json:"headers"`
	Next    *nextHop    `json:"next,omitempty"`
}

type nextHop struct {
	URL    string          `json:"url"`
	Status int             `json:"status,omitempty"`
	Reply  json.RawMessage `json:"reply,omitempty"`
	Body   string          `json:"body,omitempty"`
	Error  string          `json:"error,omitempty"`
}

func newHandler(c config) http.Handler {
	client := &http.Client{Timeout: 10 * time.Second}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := reply{Name: c.Name, Version: c.Version, Sandbox: c.Sandbox, Pod: c.Pod, Method: r.Method, Path: r.URL.Path, Host: r.Host, Headers: r.Header}
		if c.NextHop != "" {
			out.Next = callNext(r, client, c.NextHop)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
}

func callNext(in *http.Request, client *http.Client, url string) *nextHop {
	hop := &nextHop{URL: url}
	req, err := http.NewRequestWithContext(in.Context(), http.MethodGet, url, nil)
	if err != nil {
		hop.Error = err.Error()
		return hop
	}
	for _, h := range ForwardedHeaders {
		for _, v := range in.Header.Values(h) {
			req.Header.Add(h, v)
		}
	}
	res, err := client.Do(req)
	if err != nil {
		hop.Error = err.Error()
		return hop
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	hop.Status = res.StatusCode
	if err != nil {
		hop.Error = err.Error()
	} else if json.Valid(body) {
		hop.Reply = body
	} else {
		hop.Body = string(body)
	}
	return hop
}
