package cli

import (
	"fmt"
	"io"

	"kitaportal/app/buildinfo"
)

func runVersion(env Env, args []string) error {
	fs, _ := newFlags(env, "version", "[--json]")
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, buildinfo.Read())
	}
	printVersion(env.Stdout)
	return nil
}

func printVersion(w io.Writer) { fmt.Fprintln(w, buildinfo.Read().String()) }
