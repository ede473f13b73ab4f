package main

import (
	"fmt"
	"regexp"
	"strings"
)

// Reference is an image name split into the registry host (may be empty), the repository path and
// a tag or digest.
type Reference struct {
	Host, Repository, Tag, Digest string
}

var (
	repoPattern   = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$`)
	tagPattern    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	digestPattern = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
)

// ParseReference reads `[host[:port]/]path[:tag][@sha256:...]`. The first path component is a host
// when it has a dot or a colon or is localhost. Without tag or digest the tag is `latest`.
func ParseReference(s string) (Reference, error) {
	var ref Reference
	rest := s
	if name, digest, ok := strings.Cut(rest, "@"); ok {
		if !digestPattern.MatchString(digest) {
			return ref, fmt.Errorf("image %q: bad digest", s)
		}
		ref.Digest, rest = digest, name
	}
	if first, after, ok := strings.Cut(rest, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		ref.Host, rest = first, after
	}
	if i := strings.LastIndex(rest, ":"); i >= 0 {
		ref.Tag, rest = rest[i+1:], rest[:i]
		if !tagPattern.MatchString(ref.Tag) {
			return ref, fmt.Errorf("image %q: bad tag", s)
		}
	}
	if !repoPattern.MatchString(rest) {
		return ref, fmt.Errorf("image %q: bad repository path %q", s, rest)
	}
	ref.Repository = rest
	if ref.Tag == "" && ref.Digest == "" {
		ref.Tag = "latest"
	}
	return ref, nil
}

// Ref is the tag or digest to fetch (the digest when both are given).
func (r Reference) Ref() string {
	if r.Digest != "" {
		return r.Digest
	}
	return r.Tag
}
