// Command jobrunner runs a script job: the script comes from the first argument or from JOB_SCRIPT
// and runs under JOB_SHELL (default /bin/sh, busybox-static in the image). Its output goes to this
// process's stdout/stderr (the pod's logs); a short summary is written to the termination message
// file (TERMINATION_MESSAGE_PATH, default /dev/termination-log). The exit code is the script's.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"
)

func main() {
	script := os.Getenv("JOB_SCRIPT")
	if len(os.Args) > 1 {
		script = os.Args[1]
	}
	shell := os.Getenv("JOB_SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	msgPath := os.Getenv("TERMINATION_MESSAGE_PATH")
	if msgPath == "" {
		msgPath = "/dev/termination-log"
	}
	os.Exit(run(shell, script, msgPath))
}

func run(shell, script, msgPath string) int {
	if script == "" {
		writeMessage(msgPath, "no script: set JOB_SCRIPT or pass it as the first argument")
		fmt.Fprintln(os.Stderr, "jobrunner: no script given")
		return 2
	}
	start := time.Now()
	cmd := exec.Command(shell, "-c", script)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	err := cmd.Run()
	took := time.Since(start).Round(time.Millisecond)
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		writeMessage(msgPath, fmt.Sprintf("script succeeded in %s", took))
		return 0
	case errors.As(err, &exitErr):
		code := exitErr.ExitCode()
		if code < 0 {
			code = 128
		}
		writeMessage(msgPath, fmt.Sprintf("script failed with exit code %d after %s", code, took))
		return code
	default:
		writeMessage(msgPath, fmt.Sprintf("script could not start: %v", err))
		fmt.Fprintln(os.Stderr, "jobrunner:", err)
		return 127
	}
}

func writeMessage(path, msg string) {
	if err := os.WriteFile(path, []byte(msg+"\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "jobrunner: termination message:", err)
	}
}
