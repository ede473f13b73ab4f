package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"reflect"
	"strings"
	"testing"
)

func testContext() Context {
	return Context{
		"version.txt":      {Mode: 0o644, Data: []byte("2.0\n")},
		"web/index.html":   {Mode: 0o644, Data: []byte("<h1>hi</h1>")},
		"web/js/app.js":    {Mode: 0o644, Data: []byte("go()")},
		"bin/run.sh":       {Mode: 0o755, Data: []byte("#!/bin/sh\n")},
		"web/current":      {Link: "index.html"},
		"Dockerfile":       {Mode: 0o644, Data: []byte("FROM x")},
		"unused/other.txt": {Mode: 0o644, Data: []byte("x")},
	}
}

func mustParse(t *testing.T, text string) *BuildFile {
	t.Helper()
	bf, err := ParseBuildFile(text)
	if err != nil {
		t.Fatal(err)
	}
	return bf
}

func TestLayerFilesFollowsCopySemantics(t *testing.T) {
	bf := mustParse(t, "FROM x\nCOPY version.txt /version.txt\nCOPY web /srv/\nCOPY bin/run.sh web/index.html /opt/\nCOPY version.txt /etc/\nCOPY web/index.html /version.txt")
	files, err := LayerFiles(bf, testContext())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for p, e := range files {
		got[p] = string(e.Data) + e.Link
	}
	want := map[string]string{
		"/version.txt":     "<h1>hi</h1>", // the later COPY wins
		"/srv/index.html":  "<h1>hi</h1>",
		"/srv/js/app.js":   "go()",
		"/srv/current":     "index.html",
		"/opt/run.sh":      "#!/bin/sh\n",
		"/opt/index.html":  "<h1>hi</h1>",
		"/etc/version.txt": "2.0\n",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("files = %v\nwant %v", got, want)
	}
	if _, err := LayerFiles(mustParse(t, "FROM x\nCOPY missing.txt /m"), testContext()); err == nil || !strings.Contains(err.Error(), `line 2: COPY: "missing.txt" is not in the build context`) {
		t.Fatalf("missing source: %v", err)
	}
	if _, err := LayerFiles(mustParse(t, "FROM x\nENV A=1"), testContext()); err == nil || !strings.Contains(err.Error(), "no COPY") {
		t.Fatalf("no COPY: %v", err)
	}
}

func readTar(t *testing.T, gz []byte) []*tar.Header {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out []*tar.Header
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, h)
	}
}

func TestBuildLayerIsReproducibleWithFixedOwnersTimesAndModes(t *testing.T) {
	bf := mustParse(t, "FROM x\nCOPY . /app/")
	files, err := LayerFiles(bf, testContext())
	if err != nil {
		t.Fatal(err)
	}
	a, err := BuildLayer(files)
	if err != nil {
		t.Fatal(err)
	}
	// Same files through another map (another iteration order): same bytes.
	again := map[string]Entry{}
	for p, e := range files {
		again[p] = e
	}
	b, err := BuildLayer(again)
	if err != nil {
		t.Fatal(err)
	}
	if a.Digest != b.Digest || a.DiffID != b.DiffID || !bytes.Equal(a.Gzip, b.Gzip) {
		t.Fatalf("two builds differ: %s %s", a.Digest, b.Digest)
	}
	if a.DiffID != digestOf(a.Tar) || a.Digest != digestOf(a.Gzip) {
		t.Fatal("digests do not match the bytes")
	}
	var names []string
	for _, h := range readTar(t, a.Gzip) {
		names = append(names, h.Name)
		if h.Uid != 0 || h.Gid != 0 || h.ModTime.Unix() != 0 || h.Uname != "" {
			t.Errorf("%s: owner %d:%d %q, mtime %v", h.Name, h.Uid, h.Gid, h.Uname, h.ModTime)
		}
		want := map[string]int64{"app/": 0o755, "app/bin/": 0o755, "app/bin/run.sh": 0o755, "app/version.txt": 0o644, "app/web/current": 0o777}[h.Name]
		if want != 0 && h.Mode != want {
			t.Errorf("%s: mode %o, want %o", h.Name, h.Mode, want)
		}
		if h.Name == "app/web/current" && (h.Typeflag != tar.TypeSymlink || h.Linkname != "index.html") {
			t.Errorf("symlink: %+v", h)
		}
	}
	want := []string{"app/", "app/Dockerfile", "app/bin/", "app/bin/run.sh", "app/unused/", "app/unused/other.txt", "app/version.txt", "app/web/", "app/web/current", "app/web/index.html", "app/web/js/", "app/web/js/app.js"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("tar names = %v\nwant %v", names, want)
	}
}

func TestBuildLayerRefusesAFileThatIsAlsoADirectory(t *testing.T) {
	_, err := BuildLayer(map[string]Entry{"/a": {Data: []byte("x")}, "/a/b": {Data: []byte("y")}})
	if err == nil || !strings.Contains(err.Error(), "/a is both a file and a directory") {
		t.Fatalf("err = %v", err)
	}
}
