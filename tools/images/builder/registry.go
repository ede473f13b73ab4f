package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Registry talks the registry HTTP API v2 to one registry (plain HTTP or HTTPS), with basic auth
// from a Docker config file when it has an entry for the registry's host.
type Registry struct {
	base   string // e.g. http://10.246.0.1:5000
	host   string
	auth   string // "Basic ..." or empty
	client *http.Client
}

// NewRegistry for a base URL such as http://127.0.0.1:5000.
func NewRegistry(base string) (*Registry, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("registry URL %q must be http(s)://host[:port]", base)
	}
	return &Registry{base: strings.TrimSuffix(base, "/"), host: u.Host, client: &http.Client{Timeout: 5 * time.Minute}}, nil
}

// UseDockerConfig reads $DOCKER_CONFIG/config.json (if any) for basic credentials of the host.
func (r *Registry) UseDockerConfig(dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	var cfg struct {
		Auths map[string]struct {
			Auth     string `json:"auth"`
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"auths"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return fmt.Errorf("docker config: %w", err)
	}
	if a, ok := cfg.Auths[r.host]; ok {
		token := a.Auth
		if token == "" {
			token = base64.StdEncoding.EncodeToString([]byte(a.Username + ":" + a.Password))
		}
		r.auth = "Basic " + token
	}
	return nil
}

func (r *Registry) do(method, u string, body []byte, header http.Header) (*http.Response, error) {
	if !strings.HasPrefix(u, "http") {
		u = r.base + u
	}
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u, reader)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if r.auth != "" {
		req.Header.Set("Authorization", r.auth)
	}
	if body != nil {
		req.ContentLength = int64(len(body))
	}
	return r.client.Do(req)
}

func failure(what string, res *http.Response) error {
	text, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
	return fmt.Errorf("%s: HTTP %d %s", what, res.StatusCode, strings.TrimSpace(string(text)))
}

// Manifest fetches a manifest (tag or digest) with its media type, following an index to
// linux/amd64.
func (r *Registry) Manifest(repo, ref string) ([]byte, string, error) {
	accept := strings.Join([]string{MediaOCIManifest, MediaDockerManifest, MediaOCIIndex, MediaDockerList}, ", ")
	res, err := r.do(http.MethodGet, "/v2/"+repo+"/manifests/"+ref, nil, http.Header{"Accept": {accept}})
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, "", failure("manifest "+repo+":"+ref, res)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return nil, "", err
	}
	mediaType := strings.TrimSpace(strings.Split(res.Header.Get("Content-Type"), ";")[0])
	if mediaType == MediaOCIIndex || mediaType == MediaDockerList {
		d, err := PickPlatform(body)
		if err != nil {
			return nil, "", err
		}
		return r.Manifest(repo, d.Digest)
	}
	return body, mediaType, nil
}

// Blob downloads a blob and checks its digest.
func (r *Registry) Blob(repo, digest string) ([]byte, error) {
	res, err := r.do(http.MethodGet, "/v2/"+repo+"/blobs/"+digest, nil, nil)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, failure("blob "+digest, res)
	}
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if got := digestOf(data); got != digest {
		return nil, fmt.Errorf("blob %s arrived as %s", digest, got)
	}
	return data, nil
}

// HasBlob says whether the repository has the blob.
func (r *Registry) HasBlob(repo, digest string) (bool, error) {
	res, err := r.do(http.MethodHead, "/v2/"+repo+"/blobs/"+digest, nil, nil)
	if err != nil {
		return false, err
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK, nil
}

// MountBlob asks the registry to link a blob of `from` into `repo`; false when it did not.
func (r *Registry) MountBlob(repo, digest, from string) (bool, error) {
	q := url.Values{"mount": {digest}, "from": {from}}
	res, err := r.do(http.MethodPost, "/v2/"+repo+"/blobs/uploads/?"+q.Encode(), []byte{}, nil)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusCreated {
		return true, nil
	}
	if res.StatusCode == http.StatusAccepted {
		// An upload session was opened instead: cancel it.
		if loc := res.Header.Get("Location"); loc != "" {
			if u, err := url.Parse(r.base); err == nil {
				if l, err := u.Parse(loc); err == nil {
					if del, err := r.do(http.MethodDelete, l.String(), nil, nil); err == nil {
						del.Body.Close()
					}
				}
			}
		}
		return false, nil
	}
	return false, failure("mount "+digest, res)
}

// PutBlob uploads a blob in one request (POST then PUT with the digest).
func (r *Registry) PutBlob(repo string, data []byte) error {
	digest := digestOf(data)
	res, err := r.do(http.MethodPost, "/v2/"+repo+"/blobs/uploads/", []byte{}, nil)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		return failure("start upload of "+digest, res)
	}
	base, _ := url.Parse(r.base)
	loc, err := base.Parse(res.Header.Get("Location"))
	if err != nil {
		return fmt.Errorf("upload location: %w", err)
	}
	q := loc.Query()
	q.Set("digest", digest)
	loc.RawQuery = q.Encode()
	put, err := r.do(http.MethodPut, loc.String(), data, http.Header{"Content-Type": {"application/octet-stream"}})
	if err != nil {
		return err
	}
	defer put.Body.Close()
	if put.StatusCode != http.StatusCreated {
		return failure("upload of "+digest, put)
	}
	return nil
}

// PutManifest uploads a manifest under a tag; returns the digest the registry reports.
func (r *Registry) PutManifest(repo, tag, mediaType string, body []byte) (string, error) {
	res, err := r.do(http.MethodPut, "/v2/"+repo+"/manifests/"+tag, body, http.Header{"Content-Type": {mediaType}})
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return "", failure("manifest "+repo+":"+tag, res)
	}
	return res.Header.Get("Docker-Content-Digest"), nil
}
