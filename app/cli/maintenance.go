package cli

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"kitaportal/app/kitas"
	"kitaportal/storage"
)

func runReindex(env Env, args []string) error {
	fs, data := newFlags(env, "reindex", "[--data DIR]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if c := dialControl(*data); c != nil {
		fmt.Fprintln(env.Stderr, "a server is running on this data directory: it builds the new index beside the live one …")
		var r kitas.ReindexResult
		if err := c.decode(http.MethodPost, "/reindex", nil, &r); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "index rebuilt beside the live one and swapped in: %d Kitas, %d places in %s\n", r.Kitas, r.Places, r.Duration.Round(time.Millisecond))
		return nil
	}
	// The store is opened (and locked) first; the new index is built beside
	// the old one and swapped in, so nothing is removed before this process
	// holds the data directory.
	o, err := open(*data, newLogger(env.Stderr, false), false)
	if err != nil {
		return err
	}
	defer o.Close()
	r, err := o.svc.Catalog.Reindex()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "index rebuilt: %d Kitas, %d places in %s\n", r.Kitas, r.Places, r.Duration.Round(time.Millisecond))
	return nil
}

func runBackup(env Env, args []string) error {
	fs, data := newFlags(env, "backup", "[--data DIR] FILE")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("name exactly one backup FILE")
	}
	// The target's folder is checked first: a backup the server has
	// streamed for nothing, or a half-read store, helps nobody.
	if dir := filepath.Dir(fs.Arg(0)); (localFiles{}).CheckDir(dir) != nil {
		return fmt.Errorf("cannot write the backup to %s: the folder %s does not exist", fs.Arg(0), dir)
	}
	if c := dialControl(*data); c != nil {
		// A hot backup of the running server, checked on this side.
		n, err := c.backup(fs.Arg(0))
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "backup of the running server written to %s (%d bytes)\n", fs.Arg(0), n)
		return nil
	}
	store, err := openStore(*data)
	if err != nil {
		return err
	}
	defer store.Close()
	n, err := store.BackupFile(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written to %s (%d bytes)\n", fs.Arg(0), n)
	return nil
}

func runRestore(env Env, args []string) error {
	fs, data := newFlags(env, "restore", "[--data DIR] FILE")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("name exactly one backup FILE")
	}
	if dialControl(*data) != nil {
		return fmt.Errorf("a kitaportal server is running on %s: stop it (systemctl stop kitaportal), restore, and start it again; sessions and drafts are kept over the stop", *data)
	}
	err := storage.Restore(fs.Arg(0), storePath(*data), storage.DefaultTimeout)
	if errors.Is(err, storage.ErrLocked) {
		return fmt.Errorf("the data directory %s is in use by another kitaportal process; stop it before restoring", *data)
	}
	if err != nil {
		return err
	}
	// The index reflected the replaced store: it is rebuilt from the
	// restored one now rather than trusted or left to the next start.
	o, err := open(*data, newLogger(env.Stderr, false), false)
	if err != nil {
		return err
	}
	defer o.Close()
	if _, err := o.svc.Catalog.Reindex(); err != nil {
		return err
	}
	n, err := o.store.CountKitas()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s: %d Kitas\n", fs.Arg(0), n)
	return nil
}
