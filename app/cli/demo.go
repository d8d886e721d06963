package cli

import (
	"fmt"
	"time"
)

// runDemoFamilies registers invented families in the demo city, so that
// the clerk's screens and a Vergaberunde can be tried.
func runDemoFamilies(env Env, args []string) error {
	fs, data := newFlags(env, "demo-families", "[--data DIR] [--count N] [--seed S]")
	count := fs.Int("count", 120, "how many families")
	seed := fs.Uint64("seed", 1, "the same seed gives the same families")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *count < 1 || *count > 10000 {
		return usagef("--count is from 1 to 10000")
	}
	if fwd, err := forward(env, *data, runRequest{Args: append([]string{"demo-families"}, args...)}); fwd {
		return err
	}
	o, err := env.open(*data, newLogger(env.Stderr, false), true)
	if err != nil {
		return err
	}
	defer o.Close()
	start := time.Now()
	n, err := o.svc.SeedDemoFamilies(*count, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "registered %d demo families in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
