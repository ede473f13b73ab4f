package main

import (
	"encoding/json"
	"fmt"
)

// maxMessageBytes is what Kubernetes keeps of a termination message.
const maxMessageBytes = 4096

type testSummary struct {
	Passed   int      `json:"passed"`
	Failed   int      `json:"failed"`
	Skipped  int      `json:"skipped"`
	Failures []string `json:"failures"`
	// FailuresOmitted counts the failures' names cut to fit the message.
	FailuresOmitted int `json:"failuresOmitted,omitempty"`
}

type summary struct {
	ExitCode int               `json:"exitCode"`
	Outputs  map[string]string `json:"outputs,omitempty"`
	Tests    *testSummary      `json:"tests,omitempty"`
	Errors   []string          `json:"errors,omitempty"`
}

// encodeSummary encodes the summary in at most max bytes: failures' names are cut first (counted
// in failuresOmitted), then the errors, then the outputs (each cut named in errors).
func encodeSummary(sum summary, max int) []byte {
	b := mustJSON(sum)
	if len(b) <= max {
		return b
	}
	if sum.Tests != nil {
		t := *sum.Tests
		all, omitted := t.Failures, t.FailuresOmitted
		names := all
		for len(names) > 0 && len(b) > max {
			names = names[:len(names)-1]
			t.Failures = names
			t.FailuresOmitted = omitted + len(all) - len(names)
			sum.Tests = &t
			b = mustJSON(sum)
		}
		if len(b) <= max {
			return b
		}
	}
	for _, cut := range []func(){
		func() {
			sum.Errors = []string{fmt.Sprintf("%d errors cut to fit the termination message", len(sum.Errors))}
		},
		func() {
			note := fmt.Sprintf("outputs cut: %d of them did not fit the %d-byte termination message", len(sum.Outputs), max)
			sum.Outputs = nil
			sum.Errors = append(sum.Errors, note)
		},
	} {
		cut()
		if b = mustJSON(sum); len(b) <= max {
			return b
		}
	}
	return mustJSON(summary{ExitCode: sum.ExitCode, Errors: []string{"summary too large for the termination message"}})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
