package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The index folder holds either the two indexes themselves (kitas/,
// places/) or, once an index was rebuilt beside a live one, a file CURRENT
// naming the folder (r-…) that holds them. Switching CURRENT by a rename is
// atomic: a process that starts sees the old index or the new one, whole.
const (
	currentFile  = "CURRENT"
	besidePrefix = "r-"
)

// currentBase is the folder holding the two indexes of dir, and removes
// what an interrupted rebuild left beside it.
func currentBase(dir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, currentFile))
	name := strings.TrimSpace(string(raw))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("search: %w", err)
	}
	if err == nil && !validBesideName(name) {
		name = "" // garbled: fall back to the plain layout (rebuilt if empty)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), besidePrefix) && e.Name() != name {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return "", fmt.Errorf("search: remove %s: %w", e.Name(), err)
			}
		}
	}
	if name == "" {
		return dir, nil
	}
	if st, err := os.Stat(filepath.Join(dir, name)); err != nil || !st.IsDir() {
		return dir, nil
	}
	return filepath.Join(dir, name), nil
}

func validBesideName(name string) bool {
	return strings.HasPrefix(name, besidePrefix) && !strings.ContainsAny(name, `/\`) && name != besidePrefix
}

// Beside creates an empty index in a new folder of the index folder that ix
// lives in, to be filled while ix goes on answering and then made current
// with Promote.
func (ix *Index) Beside() (*Index, error) {
	if err := os.MkdirAll(ix.root, 0o700); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	name := fmt.Sprintf("%s%d", besidePrefix, time.Now().UnixNano())
	next := &Index{root: ix.root, dir: filepath.Join(ix.root, name)}
	var err error
	if next.kitas, err = create(filepath.Join(next.dir, "kitas"), KitaMapping); err != nil {
		os.RemoveAll(next.dir)
		return nil, err
	}
	if next.places, err = create(filepath.Join(next.dir, "places"), PlaceMapping); err != nil {
		next.kitas.Close()
		os.RemoveAll(next.dir)
		return nil, err
	}
	if err := next.loadTable(); err != nil {
		next.Close()
		os.RemoveAll(next.dir)
		return nil, err
	}
	return next, nil
}

// Promote makes ix, an index made by Beside, the one Open opens from now on.
func (ix *Index) Promote() error {
	tmp := filepath.Join(ix.root, currentFile+".tmp")
	if err := os.WriteFile(tmp, []byte(filepath.Base(ix.dir)+"\n"), 0o600); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if f, err := os.Open(tmp); err == nil {
		_ = f.Sync()
		f.Close()
	}
	if err := os.Rename(tmp, filepath.Join(ix.root, currentFile)); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if d, err := os.Open(ix.root); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Discard closes ix and removes its files (an index replaced by one built
// beside it, or a build that failed).
func (ix *Index) Discard() error {
	err := guarded(ix.Close) // a damaged index may fail to close cleanly
	if ix.dir != ix.root {
		return errors.Join(err, os.RemoveAll(ix.dir))
	}
	return errors.Join(err, os.RemoveAll(filepath.Join(ix.dir, "kitas")), os.RemoveAll(filepath.Join(ix.dir, "places")))
}
