package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func get(t *testing.T, url string, headers map[string][]string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, vs := range headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q", ct)
	}
	var out reply
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAnswersNameSandboxPodAndHeaders(t *testing.T) {
	srv := httptest.NewServer(newHandler(config{Name: "cart", Sandbox: "alice", Pod: "cart-1"}))
	defer srv.Close()
	out := get(t, srv.URL+"/items", map[string][]string{"X-Env": {"alice"}})
	if out.Name != "cart" || out.Sandbox != "alice" || out.Pod != "cart-1" || out.Path != "/items" {
		t.Fatalf("unexpected reply %+v", out)
	}
	if got := out.Headers["X-Env"]; len(got) != 1 || got[0] != "alice" {
		t.Fatalf("x-env header not echoed: %v", out.Headers)
	}
	if out.Next != nil {
		t.Fatalf("no next hop configured, got %+v", out.Next)
	}
}

func TestForwardsTracingHeadersToNextHop(t *testing.T) {
	next := httptest.NewServer(newHandler(config{Name: "db", Pod: "db-0"}))
	defer next.Close()
	front := httptest.NewServer(newHandler(config{Name: "front", Pod: "front-0", NextHop: next.URL + "/q"}))
	defer front.Close()
	out := get(t, front.URL, map[string][]string{
		"Baggage":     {"berth-sandbox=alice", "foo=1"},
		"X-Env":       {"alice"},
		"Traceparent": {"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
		"X-Secret":    {"not forwarded"},
	})
	if out.Next == nil || out.Next.Status != 200 || out.Next.Error != "" {
		t.Fatalf("next hop not called: %+v", out.Next)
	}
	var inner reply
	if err := json.Unmarshal(out.Next.Reply, &inner); err != nil {
		t.Fatal(err)
	}
	if inner.Name != "db" || inner.Path != "/q" {
		t.Fatalf("unexpected inner reply %+v", inner)
	}
	if b := inner.Headers["Baggage"]; len(b) != 2 || b[0] != "berth-sandbox=alice" || b[1] != "foo=1" {
		t.Fatalf("baggage not forwarded as sent: %v", b)
	}
	if inner.Headers.Get("X-Env") != "alice" || inner.Headers.Get("Traceparent") == "" {
		t.Fatalf("x-env/traceparent not forwarded: %v", inner.Headers)
	}
	if _, ok := inner.Headers["X-Secret"]; ok {
		t.Fatalf("other headers must not be forwarded: %v", inner.Headers)
	}
}

func TestReportsUnreachableNextHop(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	front := httptest.NewServer(newHandler(config{Name: "front", NextHop: url}))
	defer front.Close()
	out := get(t, front.URL, nil)
	if out.Next == nil || out.Next.Error == "" || out.Next.URL != url {
		t.Fatalf("expected an error for the next hop: %+v", out.Next)
	}
}

func TestVersionComesFromTheFileElseTheEnvironment(t *testing.T) {
	file := filepath.Join(t.TempDir(), "version.txt")
	t.Setenv("ECHO_VERSION", "from-env")
	if got := versionFrom(file); got != "from-env" {
		t.Fatalf("no file: %q", got)
	}
	if err := os.WriteFile(file, []byte("2.0.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := versionFrom(file); got != "2.0.1" {
		t.Fatalf("file: %q", got)
	}
	srv := httptest.NewServer(newHandler(config{Name: "web", Version: "2.0.1"}))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body["version"] != "2.0.1" {
		t.Fatalf("reply %v", body)
	}
}
