package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const baseConfig = `{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/echo"],"Cmd":["--x"],"Env":["PATH=/bin","VERSION=1"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:aaaa"]},"history":[{"created_by":"pack"}],"x-unknown":{"kept":true}}`

func testLayer(t *testing.T) *Layer {
	t.Helper()
	l, err := BuildLayer(map[string]Entry{"/version.txt": {Mode: 0o644, Data: []byte("2\n")}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestNewConfigAppliesTheBuildFileAndAppendsTheLayer(t *testing.T) {
	layer := testLayer(t)
	bf := mustParse(t, "FROM x\nCOPY v /version.txt\nENV VERSION=2 NEW=yes\nLABEL a=b\nWORKDIR /srv\nENTRYPOINT [\"/bin/app\"]")
	out, err := NewConfig([]byte(baseConfig), bf, layer)
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Config struct {
			Entrypoint, Cmd, Env []string
			WorkingDir           string
			Labels               map[string]string
		} `json:"config"`
		RootFS struct {
			DiffIDs []string `json:"diff_ids"`
		} `json:"rootfs"`
		History []map[string]string `json:"history"`
		Unknown map[string]bool     `json:"x-unknown"`
	}
	if err := json.Unmarshal(out, &cfg); err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	if !reflect.DeepEqual(c.Env, []string{"PATH=/bin", "VERSION=2", "NEW=yes"}) {
		t.Errorf("Env = %v", c.Env)
	}
	if !reflect.DeepEqual(c.Entrypoint, []string{"/bin/app"}) || c.Cmd != nil {
		t.Errorf("Entrypoint %v Cmd %v (an ENTRYPOINT resets the base's CMD)", c.Entrypoint, c.Cmd)
	}
	if c.WorkingDir != "/srv" || c.Labels["a"] != "b" {
		t.Errorf("WorkingDir %q Labels %v", c.WorkingDir, c.Labels)
	}
	if !reflect.DeepEqual(cfg.RootFS.DiffIDs, []string{"sha256:aaaa", layer.DiffID}) {
		t.Errorf("diff_ids = %v", cfg.RootFS.DiffIDs)
	}
	if len(cfg.History) != 2 || !strings.Contains(cfg.History[1]["created_by"], "/version.txt") {
		t.Errorf("history = %v", cfg.History)
	}
	if !cfg.Unknown["kept"] {
		t.Error("unknown fields of the base config were dropped")
	}
	again, _ := NewConfig([]byte(baseConfig), bf, layer)
	if string(again) != string(out) {
		t.Error("the same inputs gave another config")
	}
}

func TestNewManifestPointsAtTheNewConfigAndLayer(t *testing.T) {
	layer := testLayer(t)
	config := []byte(`{"rootfs":{}}`)
	for _, tc := range []struct{ base, mediaType, layerType string }{
		{`{"schemaVersion":2,"mediaType":"` + MediaOCIManifest + `","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:c","size":1},"layers":[{"mediaType":"` + MediaOCILayer + `","digest":"sha256:l1","size":5}]}`, MediaOCIManifest, MediaOCILayer},
		{`{"schemaVersion":2,"mediaType":"` + MediaDockerManifest + `","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:c","size":1},"layers":[{"mediaType":"` + MediaDockerLayer + `","digest":"sha256:l1","size":5}]}`, MediaDockerManifest, MediaDockerLayer},
	} {
		out, mediaType, err := NewManifest([]byte(tc.base), config, layer)
		if err != nil {
			t.Fatal(err)
		}
		var m Manifest
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
		if mediaType != tc.mediaType || m.MediaType != tc.mediaType {
			t.Errorf("media type %s, want %s", mediaType, tc.mediaType)
		}
		if m.Config.Digest != digestOf(config) || m.Config.Size != int64(len(config)) {
			t.Errorf("config descriptor %+v", m.Config)
		}
		if len(m.Layers) != 2 || m.Layers[0].Digest != "sha256:l1" {
			t.Fatalf("layers %+v", m.Layers)
		}
		if l := m.Layers[1]; l.Digest != layer.Digest || l.Size != int64(len(layer.Gzip)) || l.MediaType != tc.layerType {
			t.Errorf("new layer %+v", l)
		}
	}
	if _, _, err := NewManifest([]byte(`{"schemaVersion":1}`), config, layer); err == nil {
		t.Error("schema 1 accepted")
	}
}

func TestPickPlatformChoosesLinuxAmd64(t *testing.T) {
	d, err := PickPlatform([]byte(`{"manifests":[{"digest":"sha256:arm","platform":{"os":"linux","architecture":"arm64"}},{"digest":"sha256:amd","platform":{"os":"linux","architecture":"amd64"}}]}`))
	if err != nil || d.Digest != "sha256:amd" {
		t.Fatalf("%v %v", d, err)
	}
	if _, err := PickPlatform([]byte(`{"manifests":[]}`)); err == nil {
		t.Error("an empty index gave a platform")
	}
}

func TestParseReference(t *testing.T) {
	for in, want := range map[string]Reference{
		"berth/echo":                   {Repository: "berth/echo", Tag: "latest"},
		"127.0.0.1:5000/berth/echo:v1": {Host: "127.0.0.1:5000", Repository: "berth/echo", Tag: "v1"},
		"localhost/app":                {Host: "localhost", Repository: "app", Tag: "latest"},
		"ghcr.io/org/app@sha256:" + strings.Repeat("a", 64): {Host: "ghcr.io", Repository: "org/app", Digest: "sha256:" + strings.Repeat("a", 64)},
	} {
		got, err := ParseReference(in)
		if err != nil || got != want {
			t.Errorf("%s: %+v %v, want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "UPPER/case", "app:bad tag", "app@sha256:short", "a//b"} {
		if _, err := ParseReference(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
