package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// readOutputs reads the outputs file: absent is no outputs; otherwise it must be a JSON object of
// string values.
func readOutputs(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outputs: %v", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("outputs: %s is not a JSON object: %v", path, err)
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("outputs: %s: the value of %q is not a string", path, k)
		}
		out[k] = s
	}
	return out, nil
}
