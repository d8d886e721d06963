package cli

import (
	"errors"
	"fmt"
	"os"
	"time"

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
	log := newLogger(env.Stderr, false)
	// Remove the index first: open then finds it missing and rebuilds it.
	if err := os.RemoveAll(indexPath(*data)); err != nil {
		return fmt.Errorf("remove old index: %w", err)
	}
	start := time.Now()
	o, err := open(*data, log, false)
	if err != nil {
		return err
	}
	defer o.Close()
	kitas, places, err := o.svc.Catalog.Index().DocCount()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "index rebuilt: %d Kitas, %d places in %s\n", kitas, places, time.Since(start).Round(time.Millisecond))
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
	err := storage.Restore(fs.Arg(0), storePath(*data), storage.DefaultTimeout)
	if errors.Is(err, storage.ErrLocked) {
		return fmt.Errorf("the data directory %s is in use by another kitaportal process; stop it before restoring", *data)
	}
	if err != nil {
		return err
	}
	// The index reflects the replaced store; rebuild it now rather than on
	// the next start.
	if err := os.RemoveAll(indexPath(*data)); err != nil {
		return fmt.Errorf("remove old index: %w", err)
	}
	o, err := open(*data, newLogger(env.Stderr, false), false)
	if err != nil {
		return err
	}
	defer o.Close()
	n, err := o.store.CountKitas()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s: %d Kitas\n", fs.Arg(0), n)
	return nil
}
