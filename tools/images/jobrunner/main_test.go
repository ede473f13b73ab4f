package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type fixture struct {
	dir, msg, outputs string
}

func newFixture(t *testing.T) fixture {
	dir := t.TempDir()
	return fixture{dir: dir, msg: filepath.Join(dir, "msg"), outputs: filepath.Join(dir, "berth", "outputs.json")}
}

func (f fixture) run(t *testing.T, script string, junit ...string) (int, summary) {
	t.Helper()
	code := run(settings{shell: "/bin/sh", script: script, msgPath: f.msg, outputs: f.outputs, junitGlobs: junit})
	b, err := os.ReadFile(f.msg)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > maxMessageBytes {
		t.Fatalf("message of %d bytes", len(b))
	}
	var sum summary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatalf("message %q: %v", b, err)
	}
	return code, sum
}

func TestRunWritesExitCodeAndRunsTheScript(t *testing.T) {
	f := newFixture(t)
	code, sum := f.run(t, "echo hi > "+filepath.Join(f.dir, "out"))
	if code != 0 || sum.ExitCode != 0 || sum.Outputs != nil || sum.Tests != nil || sum.Errors != nil {
		t.Fatalf("code %d, summary %+v", code, sum)
	}
	out, _ := os.ReadFile(filepath.Join(f.dir, "out"))
	if string(out) != "hi\n" {
		t.Fatalf("script did not run: %q", out)
	}
	code, sum = f.run(t, "exit 3")
	if code != 3 || sum.ExitCode != 3 {
		t.Fatalf("code %d, summary %+v", code, sum)
	}
}

func TestRunWithoutScript(t *testing.T) {
	f := newFixture(t)
	code, sum := f.run(t, "")
	if code != 2 || sum.ExitCode != 2 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], "no script") {
		t.Fatalf("code %d, summary %+v", code, sum)
	}
}

func TestOutputsFromOutputsJSON(t *testing.T) {
	f := newFixture(t)
	// the outputs' directory exists before the script runs
	code, sum := f.run(t, `printf '{"image":"reg/app@sha256:ab","count":"3"}' > `+f.outputs)
	if code != 0 || sum.Outputs["image"] != "reg/app@sha256:ab" || sum.Outputs["count"] != "3" || len(sum.Outputs) != 2 {
		t.Fatalf("code %d, summary %+v", code, sum)
	}
}

func TestOutputsThatAreNotStringsAreAnError(t *testing.T) {
	f := newFixture(t)
	_, sum := f.run(t, `printf '{"count":3}' > `+f.outputs)
	if sum.Outputs != nil || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], `"count" is not a string`) {
		t.Fatalf("summary %+v", sum)
	}
	_, sum = f.run(t, `printf '[1]' > `+f.outputs)
	if len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], "is not a JSON object") {
		t.Fatalf("summary %+v", sum)
	}
}

const junitReport = `<?xml version="1.0"?>
<testsuites>
  <testsuite name="api">
    <testcase name="lists" classname="ApiTest"/>
    <testcase name="creates" classname="ApiTest"><failure message="boom">trace</failure></testcase>
    <testcase name="later" classname="ApiTest"><skipped/></testcase>
  </testsuite>
  <testsuite name="ui">
    <testcase name="renders"/>
    <testcase name="crashes"><error message="x"/></testcase>
  </testsuite>
</testsuites>`

func TestJUnitSummary(t *testing.T) {
	f := newFixture(t)
	reports := filepath.Join(f.dir, "reports", "nested")
	if err := os.MkdirAll(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(reports, "a.xml"), []byte(junitReport), 0o644); err != nil {
		t.Fatal(err)
	}
	single := `<testsuite name="one"><testcase name="ok"/></testsuite>`
	if err := os.WriteFile(filepath.Join(f.dir, "reports", "b.xml"), []byte(single), 0o644); err != nil {
		t.Fatal(err)
	}
	// both globs match a.xml: it counts once
	_, sum := f.run(t, "true", filepath.Join(f.dir, "reports", "**", "*.xml"), filepath.Join(reports, "a.xml"))
	if sum.Tests == nil {
		t.Fatalf("no tests in %+v", sum)
	}
	got := *sum.Tests
	if got.Passed != 3 || got.Failed != 2 || got.Skipped != 1 || strings.Join(got.Failures, ",") != "api.creates,ui.crashes" {
		t.Fatalf("tests %+v", got)
	}
	if sum.Errors != nil {
		t.Fatalf("errors %v", sum.Errors)
	}
}

func TestJUnitWithoutMatchingFileIsAnError(t *testing.T) {
	f := newFixture(t)
	_, sum := f.run(t, "true", filepath.Join(f.dir, "none", "*.xml"))
	if sum.Tests == nil || sum.Tests.Passed != 0 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], "no file matched") {
		t.Fatalf("summary %+v", sum)
	}
}

func TestSplitGlobs(t *testing.T) {
	got := splitGlobs(" a/*.xml,b/**/c.xml\n\n d.xml ")
	if strings.Join(got, "|") != "a/*.xml|b/**/c.xml|d.xml" {
		t.Fatalf("%q", got)
	}
}

func TestMessageCutsFailuresFirst(t *testing.T) {
	sum := summary{ExitCode: 1, Outputs: map[string]string{"image": "x"}, Tests: &testSummary{Passed: 1, Failed: 400}}
	for i := 0; i < 400; i++ {
		sum.Tests.Failures = append(sum.Tests.Failures, "suite.a_rather_long_test_name_number_"+strings.Repeat("x", 5))
	}
	b := encodeSummary(sum, maxMessageBytes)
	if len(b) > maxMessageBytes {
		t.Fatalf("%d bytes", len(b))
	}
	var got summary
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	kept := len(got.Tests.Failures)
	if kept == 0 || kept == 400 || got.Tests.FailuresOmitted != 400-kept || got.Tests.Failed != 400 || got.Outputs["image"] != "x" {
		t.Fatalf("kept %d, omitted %d, %+v", kept, got.Tests.FailuresOmitted, got.Outputs)
	}
}

func TestMessageCutsOutputsWhenTheyAloneDoNotFit(t *testing.T) {
	sum := summary{ExitCode: 0, Outputs: map[string]string{"big": strings.Repeat("y", 5000)}}
	b := encodeSummary(sum, maxMessageBytes)
	var got summary
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Outputs != nil || len(got.Errors) == 0 || !strings.Contains(got.Errors[len(got.Errors)-1], "outputs cut") {
		t.Fatalf("%s", b)
	}
}
