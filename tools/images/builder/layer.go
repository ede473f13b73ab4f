package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

// Entry is a file of the build context: a regular file (Mode 0644 or 0755) or a symbolic link.
type Entry struct {
	Mode int64
	Data []byte
	// Link is the target of a symbolic link (Data is then empty).
	Link string
}

// Context is the build context: paths relative to its root ("app/main.go"), files and links only.
type Context map[string]Entry

// Layer is a gzipped tar layer with its digests.
type Layer struct {
	Tar    []byte
	Gzip   []byte
	DiffID string // sha256 of the uncompressed tar
	Digest string // sha256 of the gzipped blob
	Files  []string
}

func digestOf(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// LayerFiles applies the COPY steps to the context: destination path (absolute, cleaned) -> entry.
// A later COPY to the same path wins, as in a Dockerfile.
func LayerFiles(bf *BuildFile, ctx Context) (map[string]Entry, error) {
	out := map[string]Entry{}
	for _, step := range bf.Steps {
		if step.Kind != "COPY" {
			continue
		}
		destDir := strings.HasSuffix(step.Dest, "/") || len(step.Sources) > 1
		for _, src := range step.Sources {
			if entry, ok := ctx[src]; ok && src != "." {
				dest := path.Clean(step.Dest)
				if destDir {
					dest = path.Join(step.Dest, path.Base(src))
				}
				out[dest] = entry
				continue
			}
			prefix := src + "/"
			if src == "." {
				prefix = ""
			}
			found := false
			for p, entry := range ctx {
				if strings.HasPrefix(p, prefix) {
					out[path.Join(step.Dest, strings.TrimPrefix(p, prefix))] = entry
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("line %d: COPY: %q is not in the build context", step.Line, src)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("nothing to copy: the build file has no COPY")
	}
	return out, nil
}

// BuildLayer writes the files as a reproducible tar (sorted names, owner 0, mtime 0, parent
// directories 0755, files 0644 or 0755) gzipped with a fixed header, so the same files give the
// same digests.
func BuildLayer(files map[string]Entry) (*Layer, error) {
	dirs := map[string]bool{}
	var names []string
	for p := range files {
		names = append(names, p)
		for d := path.Dir(p); d != "/" && d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	for d := range dirs {
		if _, isFile := files[d]; isFile {
			return nil, fmt.Errorf("%s is both a file and a directory", d)
		}
		names = append(names, d)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	epoch := time.Unix(0, 0).UTC()
	for _, name := range names {
		h := &tar.Header{Name: strings.TrimPrefix(name, "/"), ModTime: epoch, Uid: 0, Gid: 0, Format: tar.FormatPAX}
		entry, isFile := files[name]
		switch {
		case !isFile:
			h.Typeflag, h.Name, h.Mode = tar.TypeDir, h.Name+"/", 0o755
		case entry.Link != "":
			h.Typeflag, h.Linkname, h.Mode = tar.TypeSymlink, entry.Link, 0o777
		default:
			h.Typeflag, h.Mode, h.Size = tar.TypeReg, 0o644, int64(len(entry.Data))
			if entry.Mode&0o111 != 0 {
				h.Mode = 0o755
			}
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, fmt.Errorf("tar %s: %w", name, err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write(entry.Data); err != nil {
				return nil, fmt.Errorf("tar %s: %w", name, err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	fileNames := make([]string, 0, len(files))
	for p := range files {
		fileNames = append(fileNames, p)
	}
	sort.Strings(fileNames)
	return &Layer{Tar: buf.Bytes(), Gzip: gz.Bytes(), DiffID: digestOf(buf.Bytes()), Digest: digestOf(gz.Bytes()), Files: fileNames}, nil
}
