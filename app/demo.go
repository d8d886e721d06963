package app

import (
	"embed"
	"fmt"
	"time"

	"kitaportal/app/importer"
	"kitaportal/storage"
)

// demoData is the embedded demo city (Kaiserslautern): invented Kitas on
// real streets and districts, shown until real data is imported.
//
//go:embed demodata/kitas.json demodata/places.json
var demoData embed.FS

// SeedDemo loads the demo city into an empty store. A store that holds any
// Kita is left alone, so real data is never mixed with demo data.
func SeedDemo(s *Services) error {
	n, err := s.Store.CountKitas()
	if err != nil || n > 0 {
		return err
	}
	batch := storage.Batch{}
	for _, name := range []string{"demodata/kitas.json", "demodata/places.json"} {
		raw, err := demoData.ReadFile(name)
		if err != nil {
			return err
		}
		res, err := importer.Parse(raw, name, importer.Options{Format: "json", Now: s.Now()})
		if err != nil {
			return fmt.Errorf("embedded %s: %w", name, err)
		}
		batch.Carriers = append(batch.Carriers, res.Batch.Carriers...)
		batch.Kitas = append(batch.Kitas, res.Batch.Kitas...)
		batch.Places = append(batch.Places, res.Batch.Places...)
	}
	start := time.Now()
	res, err := s.Catalog.ApplyBatch(batch)
	if err != nil {
		return err
	}
	s.Log.WithField("kitas", res.Created).WithField("ms", time.Since(start).Milliseconds()).Info("loaded the demo city (Kaiserslautern); import real data to replace it")
	return nil
}
