package main

import (
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

type junitCase struct {
	Name      string    `xml:"name,attr"`
	ClassName string    `xml:"classname,attr"`
	Failure   *struct{} `xml:"failure"`
	Error     *struct{} `xml:"error"`
	Skipped   *struct{} `xml:"skipped"`
}

type junitSuite struct {
	Name   string       `xml:"name,attr"`
	Cases  []junitCase  `xml:"testcase"`
	Suites []junitSuite `xml:"testsuite"`
}

// splitGlobs splits JUNIT_PATHS on commas and new lines.
func splitGlobs(v string) []string {
	var globs []string
	for _, g := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' }) {
		if g = strings.TrimSpace(g); g != "" {
			globs = append(globs, g)
		}
	}
	return globs
}

// summarizeJUnit counts the test cases of every JUnit XML file the globs match (each file once).
// A case with <failure> or <error> failed ("suite.name" listed), with <skipped> was skipped.
func summarizeJUnit(globs []string) (testSummary, []string) {
	sum := testSummary{Failures: []string{}}
	var problems []string
	seen := map[string]bool{}
	var files []string
	for _, g := range globs {
		matched, err := globFiles(g)
		if err != nil {
			problems = append(problems, fmt.Sprintf("junit: %s: %v", g, err))
		}
		for _, f := range matched {
			if !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	if len(files) == 0 {
		problems = append(problems, fmt.Sprintf("junit: no file matched %s", strings.Join(globs, ", ")))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			problems = append(problems, fmt.Sprintf("junit: %v", err))
			continue
		}
		var root junitSuite
		if err := xml.Unmarshal(b, &root); err != nil {
			problems = append(problems, fmt.Sprintf("junit: %s: %v", f, err))
			continue
		}
		count(&sum, root)
	}
	return sum, problems
}

func count(sum *testSummary, suite junitSuite) {
	for _, c := range suite.Cases {
		switch {
		case c.Failure != nil || c.Error != nil:
			sum.Failed++
			prefix := suite.Name
			if prefix == "" {
				prefix = c.ClassName
			}
			name := c.Name
			if prefix != "" {
				name = prefix + "." + c.Name
			}
			sum.Failures = append(sum.Failures, name)
		case c.Skipped != nil:
			sum.Skipped++
		default:
			sum.Passed++
		}
	}
	for _, s := range suite.Suites {
		count(sum, s)
	}
}

// globFiles returns the regular files matching a glob, sorted; `**` matches any number of
// directories (none included), other segments as path.Match.
func globFiles(pattern string) ([]string, error) {
	if !strings.Contains(pattern, "**") {
		matches, err := filepath.Glob(pattern)
		return regularOnly(matches), err
	}
	clean := filepath.ToSlash(filepath.Clean(pattern))
	segments := strings.Split(clean, "/")
	// Walk from the longest prefix without a pattern character.
	rootParts := []string{}
	for _, s := range segments {
		if strings.ContainsAny(s, "*?[") {
			break
		}
		rootParts = append(rootParts, s)
	}
	root := strings.Join(rootParts, "/")
	if root == "" {
		root = "."
		if strings.HasPrefix(clean, "/") {
			root = "/"
		}
	}
	var matches []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.Type().IsRegular() && matchSegments(segments, strings.Split(filepath.ToSlash(p), "/")) {
			matches = append(matches, p)
		}
		return nil
	})
	sort.Strings(matches)
	return matches, err
}

func matchSegments(pattern, name []string) bool {
	if len(pattern) == 0 {
		return len(name) == 0
	}
	if pattern[0] == "**" {
		for i := 0; i <= len(name); i++ {
			if matchSegments(pattern[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	if len(name) == 0 {
		return false
	}
	if ok, _ := path.Match(pattern[0], name[0]); !ok {
		return false
	}
	return matchSegments(pattern[1:], name[1:])
}

func regularOnly(paths []string) []string {
	var out []string
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	return out
}
