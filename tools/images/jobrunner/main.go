// Command jobrunner runs a script job: the script comes from the first argument or from JOB_SCRIPT
// and runs under JOB_SHELL (default /bin/sh, busybox-static in the image). Its stdout and stderr
// both go to this process's stdout, one stream in the order written (the pod's logs). After the
// script it writes a compact JSON summary to the termination message file
// (TERMINATION_MESSAGE_PATH, default /dev/termination-log):
//
//	{"exitCode":0,"outputs":{"k":"v"},"tests":{"passed":3,"failed":1,"skipped":0,"failures":["suite.name"]}}
//
// outputs come from OUTPUTS_PATH (default /berth/outputs.json, its directory made before the script
// runs), a JSON object of string values; tests from the JUnit XML files matched by JUNIT_PATHS
// (globs separated by commas or new lines, `**` matching any number of directories). Problems
// with either are listed under "errors". The exit code is the script's.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// logOut takes the script's stdout and stderr and this program's own lines: one pipe keeps them
// in the order they were written. With two, the container runtime reads and timestamps each pipe
// on its own, so a line on stderr could be logged before an earlier one on stdout.
var logOut = os.Stdout

func main() {
	script := os.Getenv("JOB_SCRIPT")
	if len(os.Args) > 1 {
		script = os.Args[1]
	}
	os.Exit(run(settings{
		shell:      envOr("JOB_SHELL", "/bin/sh"),
		script:     script,
		msgPath:    envOr("TERMINATION_MESSAGE_PATH", "/dev/termination-log"),
		outputs:    envOr("OUTPUTS_PATH", "/berth/outputs.json"),
		junitGlobs: splitGlobs(os.Getenv("JUNIT_PATHS")),
	}))
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

type settings struct {
	shell, script, msgPath, outputs string
	junitGlobs                      []string
}

func run(s settings) int {
	if s.script == "" {
		writeSummary(s.msgPath, summary{ExitCode: 2, Errors: []string{"no script: set JOB_SCRIPT or pass it as the first argument"}})
		fmt.Fprintln(logOut, "jobrunner: no script given")
		return 2
	}
	if err := os.MkdirAll(filepath.Dir(s.outputs), 0o777); err != nil {
		fmt.Fprintln(logOut, "jobrunner: outputs directory:", err)
	}
	start := time.Now()
	cmd := exec.Command(s.shell, "-c", s.script)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, logOut, logOut
	err := cmd.Run()
	took := time.Since(start).Round(time.Millisecond)
	var exitErr *exec.ExitError
	code := 0
	var errs []string
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
		if code < 0 {
			code = 128
		}
	default:
		fmt.Fprintln(logOut, "jobrunner:", err)
		code = 127
		errs = append(errs, fmt.Sprintf("script could not start: %v", err))
	}
	fmt.Fprintf(logOut, "jobrunner: script exited with code %d after %s\n", code, took)
	sum := summary{ExitCode: code, Errors: errs}
	outputs, err := readOutputs(s.outputs)
	if err != nil {
		sum.Errors = append(sum.Errors, err.Error())
	}
	sum.Outputs = outputs
	if len(s.junitGlobs) > 0 {
		tests, problems := summarizeJUnit(s.junitGlobs)
		sum.Tests = &tests
		sum.Errors = append(sum.Errors, problems...)
	}
	writeSummary(s.msgPath, sum)
	return code
}

func writeSummary(path string, sum summary) {
	if err := os.WriteFile(path, encodeSummary(sum, maxMessageBytes), 0o644); err != nil {
		fmt.Fprintln(logOut, "jobrunner: termination message:", err)
	}
}
