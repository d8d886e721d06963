package cli

import (
	"fmt"
	"net/http"
	"time"

	"kitaportal/app/importer"
	"kitaportal/storage"
)

func runImport(env Env, args []string) error {
	fs, data := newFlags(env, "import", "[--data DIR] [--format auto|csv|geojson|json] [--mapping FILE] [--skip-invalid] FILE...")
	format := fs.String("format", "auto", "input format: auto, csv, geojson or json")
	mappingPath := fs.String("mapping", "", "mapping file (JSON) naming which source column feeds which field; see build/mappings/README.md")
	skip := fs.Bool("skip-invalid", false, "import the valid rows and list the rejected ones, instead of importing nothing")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("name at least one FILE to import")
	}
	switch *format {
	case "auto", "csv", "geojson", "json":
	default:
		return usagef("--format %q: use auto, csv, geojson or json", *format)
	}
	opts := importer.Options{Format: *format, SkipInvalid: *skip, Now: time.Now()}
	if *mappingPath != "" {
		m, err := importer.LoadMapping(*mappingPath)
		if err != nil {
			return err
		}
		opts.Mapping = m
	}
	// All files go into one batch: either everything is stored or nothing.
	batch := storage.Batch{RemoveDemo: true}
	rejected := 0
	for _, path := range fs.Args() {
		fmt.Fprintf(env.Stderr, "reading %s …\n", path)
		res, err := importer.ParseFile(path, opts)
		if res != nil {
			for _, r := range res.Rejected {
				fmt.Fprintf(env.Stderr, "  rejected: %s\n", r)
			}
		}
		if err != nil {
			return fmt.Errorf("%w; nothing was imported", err)
		}
		rejected += len(res.Rejected)
		fmt.Fprintf(env.Stderr, "  %d rows: %d Kitas, %d places, %d rejected\n", res.Rows, len(res.Batch.Kitas), len(res.Batch.Places), len(res.Rejected))
		batch.Add(res.Batch)
	}
	start := time.Now()
	var res storage.BatchResult
	if c := dialControl(*data); c != nil {
		// The running server imports it: its store, its index, at once.
		fmt.Fprintf(env.Stderr, "handing %d Kitas and %d places to the running server …\n", len(batch.Kitas), len(batch.Places))
		if err := c.decode(http.MethodPost, "/import", batch, &res); err != nil {
			return fmt.Errorf("%w; nothing was imported", err)
		}
	} else {
		o, err := open(*data, newLogger(env.Stderr, false), false)
		if err != nil {
			return err
		}
		defer o.Close()
		if res, err = o.svc.Catalog.ApplyBatch(batch); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "imported: %d created, %d updated, %d unchanged, %d places, %d demo Kitas removed, %d rows rejected (%s)\n",
		res.Created, res.Updated, res.Unchanged, res.PlacesWritten, res.Removed, rejected, time.Since(start).Round(time.Millisecond))
	return nil
}
