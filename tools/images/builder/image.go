package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Media types of manifests and layers the builder reads and writes.
const (
	MediaOCIManifest    = "application/vnd.oci.image.manifest.v1+json"
	MediaOCIIndex       = "application/vnd.oci.image.index.v1+json"
	MediaOCILayer       = "application/vnd.oci.image.layer.v1.tar+gzip"
	MediaDockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
	MediaDockerList     = "application/vnd.docker.distribution.manifest.list.v2+json"
	MediaDockerLayer    = "application/vnd.docker.image.rootfs.diff.tar.gzip"
)

// Descriptor points at a blob or a manifest.
type Descriptor struct {
	MediaType string            `json:"mediaType"`
	Digest    string            `json:"digest"`
	Size      int64             `json:"size"`
	Platform  *Platform         `json:"platform,omitempty"`
	Annots    map[string]string `json:"annotations,omitempty"`
}

// Platform of an index entry.
type Platform struct {
	Architecture string `json:"architecture"`
	OS           string `json:"os"`
}

// Manifest is an OCI image manifest or a Docker v2 schema 2 manifest (same shape).
type Manifest struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType,omitempty"`
	Config        Descriptor        `json:"config"`
	Layers        []Descriptor      `json:"layers"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

// Index is an OCI image index or a Docker manifest list.
type Index struct {
	Manifests []Descriptor `json:"manifests"`
}

// PickPlatform chooses linux/amd64 from an index.
func PickPlatform(body []byte) (Descriptor, error) {
	var index Index
	if err := json.Unmarshal(body, &index); err != nil {
		return Descriptor{}, fmt.Errorf("bad image index: %w", err)
	}
	for _, m := range index.Manifests {
		if m.Platform != nil && m.Platform.OS == "linux" && m.Platform.Architecture == "amd64" {
			return m, nil
		}
	}
	return Descriptor{}, fmt.Errorf("the base image index has no linux/amd64 image")
}

// NewConfig returns the base image's config with the build file's ENV, LABEL, ENTRYPOINT, CMD and
// WORKDIR applied and the layer's diff id appended. Fields the builder does not know are kept.
func NewConfig(base []byte, bf *BuildFile, layer *Layer) ([]byte, error) {
	var cfg map[string]any
	if err := json.Unmarshal(base, &cfg); err != nil {
		return nil, fmt.Errorf("bad base image config: %w", err)
	}
	inner, _ := cfg["config"].(map[string]any)
	if inner == nil {
		inner = map[string]any{}
	}
	for _, step := range bf.Steps {
		switch step.Kind {
		case "ENV":
			env := stringList(inner["Env"])
			for _, kv := range step.Pairs {
				env = setEnv(env, kv[0], kv[1])
			}
			inner["Env"] = env
		case "LABEL":
			labels, _ := inner["Labels"].(map[string]any)
			if labels == nil {
				labels = map[string]any{}
			}
			for _, kv := range step.Pairs {
				labels[kv[0]] = kv[1]
			}
			inner["Labels"] = labels
		case "ENTRYPOINT":
			inner["Entrypoint"] = step.Words
			// As in Docker: an ENTRYPOINT resets the CMD inherited from the base image.
			delete(inner, "Cmd")
		case "CMD":
			inner["Cmd"] = step.Words
		case "WORKDIR":
			inner["WorkingDir"] = step.Dir
		}
	}
	cfg["config"] = inner
	rootfs, _ := cfg["rootfs"].(map[string]any)
	if rootfs == nil {
		rootfs = map[string]any{"type": "layers"}
	}
	rootfs["diff_ids"] = append(stringList(rootfs["diff_ids"]), layer.DiffID)
	cfg["rootfs"] = rootfs
	if history, ok := cfg["history"].([]any); ok {
		cfg["history"] = append(history, map[string]any{
			"created_by": "berth-builder: COPY " + strings.Join(layer.Files, " "),
		})
	}
	// encoding/json sorts map keys: the same inputs give the same bytes.
	return json.Marshal(cfg)
}

// NewManifest is the base manifest with the new config and the layer appended (the layer's media
// type follows the manifest's kind: OCI or Docker).
func NewManifest(base []byte, config []byte, layer *Layer) ([]byte, string, error) {
	var m Manifest
	if err := json.Unmarshal(base, &m); err != nil {
		return nil, "", fmt.Errorf("bad base manifest: %w", err)
	}
	if m.SchemaVersion != 2 {
		return nil, "", fmt.Errorf("base manifest schemaVersion %d is not supported (need 2)", m.SchemaVersion)
	}
	mediaType := m.MediaType
	if mediaType == "" {
		mediaType = MediaOCIManifest
	}
	layerType := MediaOCILayer
	if mediaType == MediaDockerManifest {
		layerType = MediaDockerLayer
	}
	m.Config = Descriptor{MediaType: m.Config.MediaType, Digest: digestOf(config), Size: int64(len(config))}
	m.Layers = append(m.Layers, Descriptor{MediaType: layerType, Digest: layer.Digest, Size: int64(len(layer.Gzip))})
	m.MediaType = mediaType
	out, err := json.Marshal(m)
	return out, mediaType, err
}

func stringList(v any) []string {
	if list, ok := v.([]string); ok {
		return list
	}
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, item := range items {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func setEnv(env []string, key, value string) []string {
	for i, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k == key {
			env[i] = key + "=" + value
			return env
		}
	}
	return append(env, key+"="+value)
}
