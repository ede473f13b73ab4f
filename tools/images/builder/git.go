package main

import (
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

var commitPattern = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Source is a checked-out revision: its commit id and tree.
type Source struct {
	Commit string
	tree   *object.Tree
}

// FetchRevision fetches `revision` of the repository at `url` into memory: a branch, a tag or a
// full ref (one commit deep), or a full commit id (the whole history of branches and tags, since
// servers do not have to serve any commit by id).
func FetchRevision(url, revision string, progress io.Writer) (*Source, error) {
	repo, err := git.Init(memory.NewStorage(), nil)
	if err != nil {
		return nil, err
	}
	remote, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{url}})
	if err != nil {
		return nil, err
	}
	refs, err := remote.List(&git.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list the refs of %s: %w", url, err)
	}
	var found *plumbing.Reference
	for _, want := range []string{revision, "refs/heads/" + revision, "refs/tags/" + revision} {
		for _, r := range refs {
			if r.Name().String() == want && r.Type() == plumbing.HashReference {
				found = r
				break
			}
		}
		if found != nil {
			break
		}
	}
	var target plumbing.Hash
	switch {
	case found != nil:
		spec := config.RefSpec(fmt.Sprintf("+%s:refs/berth/source", found.Name()))
		err = remote.Fetch(&git.FetchOptions{RefSpecs: []config.RefSpec{spec}, Depth: 1, Tags: git.NoTags, Progress: progress})
		target = found.Hash()
	case commitPattern.MatchString(revision):
		specs := []config.RefSpec{"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"}
		err = remote.Fetch(&git.FetchOptions{RefSpecs: specs, Tags: git.NoTags, Progress: progress})
		target = plumbing.NewHash(revision)
	default:
		return nil, fmt.Errorf("revision %q is neither a branch, a tag or a ref of %s nor a full commit id", revision, url)
	}
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil, fmt.Errorf("fetch %s: %w", revision, err)
	}
	// An annotated tag points at a tag object: follow it to the commit.
	if tag, err := repo.TagObject(target); err == nil {
		target = tag.Target
	}
	commit, err := repo.CommitObject(target)
	if err != nil {
		return nil, fmt.Errorf("commit %s of %s: %w", target, revision, err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, err
	}
	return &Source{Commit: commit.Hash.String(), tree: tree}, nil
}

// ReadFile reads one file of the revision (a path from the repository's root).
func (s *Source) ReadFile(name string) ([]byte, error) {
	f, err := s.tree.File(strings.TrimPrefix(path.Clean("/"+name), "/"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	r, err := f.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// Context reads every file and symbolic link under `dir` (a path from the repository's root, "."
// for all of it); submodules are left out.
func (s *Source) Context(dir string) (Context, error) {
	dir = strings.TrimPrefix(path.Clean("/"+dir), "/")
	tree := s.tree
	if dir != "" {
		sub, err := s.tree.Tree(dir)
		if err != nil {
			return nil, fmt.Errorf("context %s: %w", dir, err)
		}
		tree = sub
	}
	ctx := Context{}
	err := tree.Files().ForEach(func(f *object.File) error {
		r, err := f.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		switch f.Mode {
		case filemode.Symlink:
			ctx[f.Name] = Entry{Link: string(data)}
		case filemode.Executable:
			ctx[f.Name] = Entry{Mode: 0o755, Data: data}
		default:
			ctx[f.Name] = Entry{Mode: 0o644, Data: data}
		}
		return nil
	})
	return ctx, err
}
