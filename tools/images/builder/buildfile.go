package main

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// BuildFile is what the local builder understands of a Dockerfile: a base image, files copied from
// the build context, and config changes. Nothing runs during the build (no RUN).
type BuildFile struct {
	From  string
	Steps []Step
}

// Step is one instruction after FROM, in file order.
type Step struct {
	Line int
	// Kind is COPY, ENV, ENTRYPOINT, CMD, WORKDIR or LABEL.
	Kind string
	// COPY: sources (context-relative, cleaned) and destination (absolute, as written).
	Sources []string
	Dest    string
	// ENV, LABEL: key/value pairs in order.
	Pairs [][2]string
	// ENTRYPOINT, CMD: the exec form's words.
	Words []string
	// WORKDIR: the directory.
	Dir string
}

// ParseBuildFile reads the supported Dockerfile subset:
//
//	# comments and blank lines; a line ending in a backslash continues on the next line
//	FROM <image>                       first instruction, once; no AS, no --platform
//	COPY <src>... <dst>                sources relative to the context (no wildcards, no ..,
//	                                   no --from/--chown/--chmod); a directory copies its contents;
//	                                   several sources need a destination ending in /
//	ENV <key>=<value> ... | ENV <key> <value>
//	LABEL <key>=<value> ...
//	ENTRYPOINT ["exec", "form"]        resets a CMD inherited from the base image
//	CMD ["exec", "form"]
//	WORKDIR </absolute/dir>
//
// Anything else (RUN, ARG, USER, EXPOSE, ...) is refused with its line number.
func ParseBuildFile(text string) (*BuildFile, error) {
	bf := &BuildFile{}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := strings.TrimSpace(lines[i])
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			next := strings.TrimSpace(lines[i])
			if strings.HasPrefix(next, "#") {
				continue
			}
			line = strings.TrimSpace(strings.TrimSuffix(line, `\`)) + " " + next
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		keyword, rest, _ := strings.Cut(line, " ")
		keyword = strings.ToUpper(keyword)
		rest = strings.TrimSpace(rest)
		fail := func(format string, args ...any) error {
			return fmt.Errorf("line %d: %s: %s", lineNo, keyword, fmt.Sprintf(format, args...))
		}
		if bf.From == "" && keyword != "FROM" {
			return nil, fail("the first instruction must be FROM")
		}
		switch keyword {
		case "FROM":
			if bf.From != "" {
				return nil, fail("only one FROM is supported (no multi-stage builds)")
			}
			fields := strings.Fields(rest)
			if len(fields) != 1 || strings.HasPrefix(fields[0], "--") {
				return nil, fail("expected exactly one image (no AS, no --platform)")
			}
			bf.From = fields[0]
		case "COPY":
			fields := strings.Fields(rest)
			for _, f := range fields {
				if strings.HasPrefix(f, "--") {
					return nil, fail("flag %s is not supported", f)
				}
			}
			if len(fields) < 2 {
				return nil, fail("expected <src>... <dst>")
			}
			dest := fields[len(fields)-1]
			if !strings.HasPrefix(dest, "/") {
				return nil, fail("destination %q must be an absolute path", dest)
			}
			if len(fields) > 2 && !strings.HasSuffix(dest, "/") {
				return nil, fail("several sources need a destination ending in /")
			}
			step := Step{Line: lineNo, Kind: keyword, Dest: dest}
			for _, src := range fields[:len(fields)-1] {
				if strings.ContainsAny(src, "*?[") {
					return nil, fail("wildcards are not supported (%s)", src)
				}
				clean := path.Clean("/" + src)[1:]
				if strings.HasPrefix(src, "/") || strings.Contains("/"+src+"/", "/../") {
					return nil, fail("source %q must stay inside the context", src)
				}
				if clean == "" {
					clean = "."
				}
				step.Sources = append(step.Sources, clean)
			}
			bf.Steps = append(bf.Steps, step)
		case "ENV", "LABEL":
			pairs, err := parsePairs(rest, keyword == "ENV")
			if err != nil {
				return nil, fail("%v", err)
			}
			bf.Steps = append(bf.Steps, Step{Line: lineNo, Kind: keyword, Pairs: pairs})
		case "ENTRYPOINT", "CMD":
			var words []string
			if err := json.Unmarshal([]byte(rest), &words); err != nil || len(words) == 0 {
				return nil, fail(`only the exec form is supported, e.g. ["/bin/echo"]`)
			}
			bf.Steps = append(bf.Steps, Step{Line: lineNo, Kind: keyword, Words: words})
		case "WORKDIR":
			if !strings.HasPrefix(rest, "/") || strings.ContainsAny(rest, " \t") {
				return nil, fail("expected one absolute directory")
			}
			bf.Steps = append(bf.Steps, Step{Line: lineNo, Kind: keyword, Dir: path.Clean(rest)})
		default:
			return nil, fail("not supported by the local builder (nothing runs during its builds; BuildKit builds any Dockerfile)")
		}
	}
	if bf.From == "" {
		return nil, fmt.Errorf("no FROM instruction")
	}
	return bf, nil
}

// parsePairs reads `k=v k2="v 2"` (or, when legacy is allowed, `k some value`).
func parsePairs(rest string, legacy bool) ([][2]string, error) {
	if rest == "" {
		return nil, fmt.Errorf("expected key=value")
	}
	first := strings.Fields(rest)[0]
	if !strings.Contains(first, "=") {
		if !legacy {
			return nil, fmt.Errorf("expected key=value")
		}
		key, value, _ := strings.Cut(rest, " ")
		return [][2]string{{key, strings.TrimSpace(value)}}, nil
	}
	var pairs [][2]string
	s := rest
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return pairs, nil
		}
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || strings.ContainsAny(s[:eq], " \t\"") {
			return nil, fmt.Errorf("expected key=value at %q", s)
		}
		key := s[:eq]
		s = s[eq+1:]
		var value strings.Builder
		inQuote := false
		for len(s) > 0 {
			c := s[0]
			if c == '\\' && len(s) > 1 {
				value.WriteByte(s[1])
				s = s[2:]
				continue
			}
			if c == '"' {
				inQuote = !inQuote
				s = s[1:]
				continue
			}
			if !inQuote && (c == ' ' || c == '\t') {
				break
			}
			value.WriteByte(c)
			s = s[1:]
		}
		if inQuote {
			return nil, fmt.Errorf("unterminated quote in the value of %s", key)
		}
		pairs = append(pairs, [2]string{key, value.String()})
	}
}
