package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// metaKey is the internal key under which an index records what it reflects.
var metaKey = []byte("kitaportal_meta")

type indexMeta struct {
	MappingVersion int    `json:"mapping_version"`
	Generation     uint64 `json:"generation"`
}

// Index holds the Kita index and the gazetteer index, in two folders of
// base: the index folder itself, or the folder of it that its CURRENT file
// names after a rebuild beside a live index (see Beside).
type Index struct {
	root   string // the index folder (DATA/index)
	dir    string // base of the two folders: root or a folder of root
	kitas  bleve.Index
	places bleve.Index

	// updateMu serialises Kita updates, so that each index state gets its
	// own number (seq, the last one given) and docTable.
	updateMu sync.Mutex
	seq      uint64
	tables   atomic.Pointer[tableSet]

	compactMu  sync.Mutex
	compacting *compaction
}

// OpenState says whether an opened index can be used as it is.
type OpenState struct {
	// Rebuilt is true when the index was missing, of another mapping version
	// or unreadable, and has been recreated empty: it must be filled.
	Rebuilt bool
	// Reason says why it was recreated, for the log.
	Reason string
	// Generation is the store generation the index reflects.
	Generation uint64
}

// Open opens the index in dir. A missing, outdated or broken index is
// replaced by an empty one and reported in OpenState, so the caller can fill
// it from the store; Open itself never fails on a damaged index folder.
func Open(dir string) (*Index, OpenState, error) {
	// The index is derived: a file where its folder belongs goes.
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		if err := os.Remove(dir); err != nil {
			return nil, OpenState{}, fmt.Errorf("search: remove %s: %w", dir, err)
		}
	}
	base, err := currentBase(dir)
	if err != nil {
		return nil, OpenState{}, err
	}
	ix := &Index{root: dir, dir: base}
	return ix.open()
}

func (ix *Index) open() (*Index, OpenState, error) {
	dir := ix.dir
	var state OpenState
	var err error
	ix.kitas, state, err = openOne(filepath.Join(dir, "kitas"), KitaMapping)
	if err != nil {
		return nil, state, err
	}
	var pstate OpenState
	ix.places, pstate, err = openOne(filepath.Join(dir, "places"), PlaceMapping)
	if err != nil {
		ix.kitas.Close()
		return nil, state, err
	}
	if pstate.Rebuilt && !state.Rebuilt {
		state = pstate
	}
	if !state.Rebuilt && pstate.Generation != state.Generation {
		state.Rebuilt, state.Reason = true, "kita and place indexes disagree"
	}
	if !state.Rebuilt {
		if err := guarded(ix.loadTable); err != nil {
			state.Rebuilt, state.Reason = true, err.Error()
		}
	}
	if state.Rebuilt {
		// Both halves are refilled together; clear whichever survived.
		if err := ix.reset(); err != nil {
			return nil, state, err
		}
		if err := ix.loadTable(); err != nil {
			ix.Close()
			return nil, state, err
		}
	}
	return ix, state, nil
}

func openOne(path string, build func() (*mapping.IndexMappingImpl, error)) (bleve.Index, OpenState, error) {
	var idx bleve.Index
	err := guarded(func() error {
		var err error
		idx, err = bleve.Open(path)
		return err
	})
	if err == nil {
		var meta indexMeta
		merr := guarded(func() error {
			var err error
			meta, err = readMeta(idx)
			return err
		})
		switch {
		case merr != nil:
			err = merr
		case meta.MappingVersion != MappingVersion:
			err = fmt.Errorf("mapping version %d, want %d", meta.MappingVersion, MappingVersion)
		default:
			return idx, OpenState{Generation: meta.Generation}, nil
		}
		idx.Close()
	}
	reason := "missing"
	if !errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		reason = err.Error()
	}
	idx, cerr := create(path, build)
	return idx, OpenState{Rebuilt: true, Reason: reason}, cerr
}

func create(path string, build func() (*mapping.IndexMappingImpl, error)) (bleve.Index, error) {
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("search: remove %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	m, err := build()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	idx, err := bleve.New(path, m)
	if err != nil {
		return nil, fmt.Errorf("search: create %s: %w", path, err)
	}
	if err := writeMeta(idx.SetInternal, 0); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// reset replaces both indexes by empty ones.
func (ix *Index) reset() error {
	ix.kitas.Close()
	ix.places.Close()
	var err error
	if ix.kitas, err = create(filepath.Join(ix.dir, "kitas"), KitaMapping); err != nil {
		return err
	}
	if ix.places, err = create(filepath.Join(ix.dir, "places"), PlaceMapping); err != nil {
		ix.kitas.Close()
		return err
	}
	return nil
}

// Close closes both indexes.
//
// Close first lets a compaction in the background finish, so that an index
// rebuilt by a short-lived command is left compacted.
func (ix *Index) Close() error {
	_ = ix.Compacted() // its error went to CompactInBackground's onError
	return errors.Join(ix.kitas.Close(), ix.places.Close())
}

// Generation is the store generation the Kita index reflects.
func (ix *Index) Generation() (uint64, error) {
	m, err := readMeta(ix.kitas)
	return m.Generation, err
}

// DocCount returns the number of Kitas and places indexed.
func (ix *Index) DocCount() (kitas, places uint64, err error) {
	if kitas, err = ix.kitas.DocCount(); err != nil {
		return 0, 0, err
	}
	places, err = ix.places.DocCount()
	return kitas, places, err
}

func readMeta(idx bleve.Index) (indexMeta, error) {
	var m indexMeta
	raw, err := idx.GetInternal(metaKey)
	if err != nil {
		return m, fmt.Errorf("read index meta: %w", err)
	}
	if raw == nil {
		return m, errors.New("index has no meta record")
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("decode index meta: %w", err)
	}
	return m, nil
}

func writeMeta(set func(key, val []byte) error, generation uint64) error {
	raw, _ := json.Marshal(indexMeta{MappingVersion: MappingVersion, Generation: generation})
	if err := set(metaKey, raw); err != nil {
		return fmt.Errorf("search: write index meta: %w", err)
	}
	return nil
}

// guarded runs fn and turns a panic of a damaged index (a garbled segment
// panics Bleve's decoders; a truncated one faults its memory mapping) into
// an error, so the index is rebuilt instead of the process dying.
func guarded(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	return fn()
}

// ErrDamaged marks an index that failed while being read: it is to be
// rebuilt from the store.
var ErrDamaged = errors.New("damaged index")

// Reset empties both indexes (to be refilled from the store) and records
// generation 0.
func (ix *Index) Reset() error {
	ix.updateMu.Lock()
	err := ix.reset()
	ix.updateMu.Unlock()
	if err != nil {
		return err
	}
	return ix.loadTable()
}
