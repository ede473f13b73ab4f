// Command builder builds an image on the local clusters without running anything: it fetches a
// Git revision over HTTP, reads a Dockerfile subset (see ParseBuildFile), takes the base image from
// the registry, adds one reproducible layer with the copied files, pushes the image and writes
// {"image", "digest", "commit"} as JSON to the termination message file. Every step is logged to
// stdout. Configured by environment variables:
//
//	BUILDER_GIT_URL       the repository (http:// or https://)
//	BUILDER_REVISION      a branch, a tag, a ref or a full commit id
//	BUILDER_CONTEXT       the build context, a folder of the repository (default ".")
//	BUILDER_FILE          the build file, from the repository's root (default <context>/Dockerfile)
//	BUILDER_REGISTRY_URL  where to pull the base and push the image, e.g. http://10.246.0.1:5000
//	BUILDER_IMAGE         the image name, e.g. 127.0.0.1:5000/berth-demo/app: its host (if any) is
//	                      only a name; base and image are read and written at BUILDER_REGISTRY_URL
//	                      under their repository paths (as the real node's containerd pulls them)
//	BUILDER_TAG           the tag to push (default latest)
//	DOCKER_CONFIG         folder of a config.json with basic credentials for the registry (optional)
//	TERMINATION_MESSAGE_PATH  default /dev/termination-log
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path"
	"strings"
	"time"
)

// Settings of one build.
type Settings struct {
	GitURL, Revision, Context, File, RegistryURL, Image, Tag, DockerConfig string
}

// Result is the termination message of a successful build.
type Result struct {
	Image  string `json:"image"`
	Digest string `json:"digest"`
	Commit string `json:"commit"`
}

func settingsFromEnv() (Settings, error) {
	s := Settings{
		GitURL:       os.Getenv("BUILDER_GIT_URL"),
		Revision:     os.Getenv("BUILDER_REVISION"),
		Context:      os.Getenv("BUILDER_CONTEXT"),
		File:         os.Getenv("BUILDER_FILE"),
		RegistryURL:  os.Getenv("BUILDER_REGISTRY_URL"),
		Image:        os.Getenv("BUILDER_IMAGE"),
		Tag:          os.Getenv("BUILDER_TAG"),
		DockerConfig: os.Getenv("DOCKER_CONFIG"),
	}
	var missing []string
	for name, v := range map[string]string{"BUILDER_GIT_URL": s.GitURL, "BUILDER_REVISION": s.Revision, "BUILDER_REGISTRY_URL": s.RegistryURL, "BUILDER_IMAGE": s.Image} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return s, fmt.Errorf("missing settings: %s", strings.Join(missing, ", "))
	}
	if s.Context == "" {
		s.Context = "."
	}
	if s.File == "" {
		s.File = path.Join(s.Context, "Dockerfile")
	}
	if s.Tag == "" {
		s.Tag = "latest"
	}
	return s, nil
}

func main() {
	log.SetFlags(0)
	log.SetOutput(os.Stdout)
	msgPath := os.Getenv("TERMINATION_MESSAGE_PATH")
	if msgPath == "" {
		msgPath = "/dev/termination-log"
	}
	start := time.Now()
	s, err := settingsFromEnv()
	var result *Result
	if err == nil {
		result, err = Build(s, log.Printf)
	}
	if err != nil {
		log.Printf("build failed: %v", err)
		writeMessage(msgPath, map[string]string{"error": err.Error()})
		os.Exit(1)
	}
	log.Printf("built %s@%s in %s", result.Image, result.Digest, time.Since(start).Round(time.Millisecond))
	writeMessage(msgPath, result)
}

func writeMessage(path string, v any) {
	data, _ := json.Marshal(v)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		log.Printf("could not write the termination message to %s: %v", path, err)
	}
}

// Build runs one build; logf gets a line per step.
func Build(s Settings, logf func(string, ...any)) (*Result, error) {
	target, err := ParseReference(s.Image)
	if err != nil {
		return nil, err
	}
	if target.Digest != "" || strings.Contains(s.Image[len(target.Host):], ":") {
		return nil, fmt.Errorf("BUILDER_IMAGE %q must be a name without tag or digest (the tag is BUILDER_TAG)", s.Image)
	}
	if !tagPattern.MatchString(s.Tag) {
		return nil, fmt.Errorf("BUILDER_TAG %q is not a valid tag", s.Tag)
	}
	registry, err := NewRegistry(s.RegistryURL)
	if err != nil {
		return nil, err
	}
	if s.DockerConfig != "" {
		if err := registry.UseDockerConfig(s.DockerConfig); err != nil {
			return nil, err
		}
	}

	logf("fetching %s at %s", s.GitURL, s.Revision)
	source, err := FetchRevision(s.GitURL, s.Revision, nil)
	if err != nil {
		return nil, err
	}
	logf("commit %s", source.Commit)
	text, err := source.ReadFile(s.File)
	if err != nil {
		return nil, fmt.Errorf("build file: %w", err)
	}
	bf, err := ParseBuildFile(string(text))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.File, err)
	}
	logf("build file %s: FROM %s, %d instructions", s.File, bf.From, len(bf.Steps))
	ctx, err := source.Context(s.Context)
	if err != nil {
		return nil, err
	}
	logf("context %s: %d files", s.Context, len(ctx))
	files, err := LayerFiles(bf, ctx)
	if err != nil {
		return nil, err
	}
	layer, err := BuildLayer(files)
	if err != nil {
		return nil, err
	}
	logf("layer %s: %d files, %d bytes gzipped (%s)", layer.Digest, len(layer.Files), len(layer.Gzip), strings.Join(layer.Files, ", "))

	base, err := ParseReference(bf.From)
	if err != nil {
		return nil, fmt.Errorf("FROM: %w", err)
	}
	logf("pulling the base %s:%s from %s", base.Repository, base.Ref(), s.RegistryURL)
	baseManifest, _, err := registry.Manifest(base.Repository, base.Ref())
	if err != nil {
		return nil, err
	}
	var bm Manifest
	if err := json.Unmarshal(baseManifest, &bm); err != nil {
		return nil, fmt.Errorf("base manifest: %w", err)
	}
	baseConfig, err := registry.Blob(base.Repository, bm.Config.Digest)
	if err != nil {
		return nil, fmt.Errorf("base config: %w", err)
	}
	config, err := NewConfig(baseConfig, bf, layer)
	if err != nil {
		return nil, err
	}
	manifest, mediaType, err := NewManifest(baseManifest, config, layer)
	if err != nil {
		return nil, err
	}

	repo := target.Repository
	for _, l := range bm.Layers {
		if err := copyBlob(registry, base.Repository, repo, l.Digest, logf); err != nil {
			return nil, err
		}
	}
	for _, blob := range []struct {
		name string
		data []byte
	}{{"layer", layer.Gzip}, {"config", config}} {
		has, err := registry.HasBlob(repo, digestOf(blob.data))
		if err != nil {
			return nil, err
		}
		if has {
			logf("%s %s: already in %s", blob.name, digestOf(blob.data), repo)
			continue
		}
		if err := registry.PutBlob(repo, blob.data); err != nil {
			return nil, err
		}
		logf("pushed %s %s (%d bytes)", blob.name, digestOf(blob.data), len(blob.data))
	}
	digest := digestOf(manifest)
	stored, err := registry.PutManifest(repo, s.Tag, mediaType, manifest)
	if err != nil {
		return nil, err
	}
	if stored != "" && stored != digest {
		return nil, fmt.Errorf("the registry stored the manifest as %s, expected %s", stored, digest)
	}
	logf("pushed manifest %s:%s %s", repo, s.Tag, digest)
	return &Result{Image: s.Image + ":" + s.Tag, Digest: digest, Commit: source.Commit}, nil
}

// copyBlob makes a base layer available in the target repository: already there, mounted from
// the base repository, or downloaded and uploaded.
func copyBlob(r *Registry, from, to, digest string, logf func(string, ...any)) error {
	if has, err := r.HasBlob(to, digest); err != nil || has {
		if has {
			logf("base layer %s: already in %s", digest, to)
		}
		return err
	}
	if from != to {
		mounted, err := r.MountBlob(to, digest, from)
		if err != nil {
			return err
		}
		if mounted {
			logf("base layer %s: mounted from %s", digest, from)
			return nil
		}
	}
	data, err := r.Blob(from, digest)
	if err != nil {
		return err
	}
	if err := r.PutBlob(to, data); err != nil {
		return err
	}
	logf("base layer %s: copied from %s (%d bytes)", digest, from, len(data))
	return nil
}
