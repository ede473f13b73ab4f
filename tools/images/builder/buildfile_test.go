package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseBuildFileReadsTheSupportedSubset(t *testing.T) {
	bf, err := ParseBuildFile(`# the echo image with a version
FROM 127.0.0.1:5000/berth/echo:latest

COPY version.txt /version.txt
COPY web/ /srv/web/
COPY a.txt b.txt \
     /etc/app/
ENV VERSION=2.0 GREETING="hello world"
ENV LEGACY some value
LABEL org.opencontainers.image.source=https://example.com/repo
WORKDIR /srv
ENTRYPOINT ["/bin/echo"]
CMD ["--flag"]
`)
	if err != nil {
		t.Fatal(err)
	}
	if bf.From != "127.0.0.1:5000/berth/echo:latest" {
		t.Fatalf("From = %q", bf.From)
	}
	kinds := []string{}
	for _, s := range bf.Steps {
		kinds = append(kinds, s.Kind)
	}
	if want := []string{"COPY", "COPY", "COPY", "ENV", "ENV", "LABEL", "WORKDIR", "ENTRYPOINT", "CMD"}; !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	if s := bf.Steps[1]; !reflect.DeepEqual(s.Sources, []string{"web"}) || s.Dest != "/srv/web/" || s.Line != 5 {
		t.Fatalf("COPY web = %+v", s)
	}
	if s := bf.Steps[2]; !reflect.DeepEqual(s.Sources, []string{"a.txt", "b.txt"}) || s.Dest != "/etc/app/" {
		t.Fatalf("COPY a b = %+v", s)
	}
	if got := bf.Steps[3].Pairs; !reflect.DeepEqual(got, [][2]string{{"VERSION", "2.0"}, {"GREETING", "hello world"}}) {
		t.Fatalf("ENV = %v", got)
	}
	if got := bf.Steps[4].Pairs; !reflect.DeepEqual(got, [][2]string{{"LEGACY", "some value"}}) {
		t.Fatalf("legacy ENV = %v", got)
	}
	if got := bf.Steps[7].Words; !reflect.DeepEqual(got, []string{"/bin/echo"}) {
		t.Fatalf("ENTRYPOINT = %v", got)
	}
}

func TestParseBuildFileRefusesWhatItCannotBuild(t *testing.T) {
	cases := map[string]string{
		"FROM a\nRUN make":                "line 2: RUN: not supported by the local builder",
		"COPY a /a":                       "line 1: COPY: the first instruction must be FROM",
		"FROM a\nFROM b":                  "line 2: FROM: only one FROM",
		"FROM a AS build":                 "line 1: FROM: expected exactly one image",
		"FROM a\nCOPY --from=b /x /y":     "flag --from=b is not supported",
		"FROM a\nCOPY x y":                `destination "y" must be an absolute path`,
		"FROM a\nCOPY a b /dir":           "several sources need a destination ending in /",
		"FROM a\nCOPY ../secret /s":       "must stay inside the context",
		"FROM a\nCOPY /etc/passwd /p":     "must stay inside the context",
		"FROM a\nCOPY *.txt /d/":          "wildcards are not supported",
		"FROM a\nENTRYPOINT /bin/sh -c x": "only the exec form",
		"FROM a\nENV A=\"open":            "unterminated quote",
		"FROM a\nLABEL nokey":             "expected key=value",
		"FROM a\nWORKDIR relative":        "expected one absolute directory",
		"# nothing\n":                     "no FROM instruction",
		"FROM a\nCOPY x":                  "expected <src>... <dst>",
	}
	for text, want := range cases {
		_, err := ParseBuildFile(text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", text, err, want)
		}
	}
}
