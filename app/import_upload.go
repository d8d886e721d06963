package app

import (
	"errors"
	"fmt"
	"path/filepath"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/importer"
	"kitaportal/storage"
)

// UploadedFile is one file an admin uploaded.
type UploadedFile struct {
	Name string
	Data []byte
}

// ImportUpload is an admin's import: data files of one city, the mapping
// that reads them (none: the native JSON format) and the code list files
// the mapping names.
type ImportUpload struct {
	Files       []UploadedFile
	Mapping     *UploadedFile
	CodeLists   []UploadedFile
	SkipInvalid bool
}

// ImportReport is what an import did, file by file and row by row.
type ImportReport struct {
	Imported bool                 `json:"imported"`
	Files    []ImportFileReport   `json:"files"`
	Rejected []ImportRejectedRow  `json:"rejected"`
	Result   *storage.BatchResult `json:"result,omitempty"`
}

// ImportFileReport is one file's counts.
type ImportFileReport struct {
	Name     string `json:"name"`
	Rows     int    `json:"rows"`
	Kitas    int    `json:"kitas"`
	Places   int    `json:"places"`
	Rejected int    `json:"rejected"`
}

// ImportRejectedRow is one problem of one row: where, which field, why.
type ImportRejectedRow struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Feature int    `json:"feature,omitempty"`
	Key     string `json:"key,omitempty"`
	Field   string `json:"field,omitempty"`
	Column  string `json:"column,omitempty"`
	Value   string `json:"value,omitempty"`
	Reason  string `json:"reason"`
}

// maxUploadFiles bounds the data files of one import.
const maxUploadFiles = 20

// ImportKitas is the admin's import of Kitas or places from uploaded files,
// into the live store and index, like `kitaportal import`: all files in one
// batch, so either everything valid is stored or nothing. Rows with
// problems reject the import unless SkipInvalid; the report lists each.
func (s *Services) ImportKitas(p *auth.Principal, up ImportUpload) (ImportReport, error) {
	if err := auth.RequireStaff(p, domain.RoleAdmin); err != nil {
		return ImportReport{}, err
	}
	if len(up.Files) == 0 {
		return ImportReport{}, apperr.Invalid("file", apperr.ImportRead, "choose at least one file to import")
	}
	if len(up.Files) > maxUploadFiles {
		return ImportReport{}, apperr.Invalid("file", apperr.ImportRead, "at most %d files at once", maxUploadFiles)
	}
	opts := importer.Options{Format: "auto", SkipInvalid: up.SkipInvalid, Now: s.Now()}
	if up.Mapping != nil {
		beside := map[string][]byte{}
		for _, f := range up.CodeLists {
			beside[filepath.Base(f.Name)] = f.Data
		}
		m, err := importer.ParseMapping(up.Mapping.Name, up.Mapping.Data, beside)
		if err != nil {
			return ImportReport{}, importError("mapping", err)
		}
		opts.Mapping = m
	}
	rep := ImportReport{Files: []ImportFileReport{}, Rejected: []ImportRejectedRow{}}
	batch := storage.Batch{RemoveDemo: true}
	var rejected error
	for _, f := range up.Files {
		res, err := importer.Parse(f.Data, filepath.Base(f.Name), opts)
		if res != nil {
			fr := ImportFileReport{Name: filepath.Base(f.Name), Rows: res.Rows, Kitas: len(res.Batch.Kitas), Places: len(res.Batch.Places), Rejected: res.RejectedRows()}
			rep.Files = append(rep.Files, fr)
			for _, r := range res.Rejected {
				rep.Rejected = append(rep.Rejected, ImportRejectedRow{File: r.File, Line: r.Line, Feature: r.Feature, Key: r.Key,
					Field: r.Field, Column: r.Column, Value: r.Value, Reason: r.Reason})
			}
		}
		if errors.Is(err, importer.ErrRejected) {
			rejected = err
			continue // the other files' problems belong in the report too
		}
		if err != nil {
			return rep, importError("file", err)
		}
		batch.Add(res.Batch)
	}
	if rejected != nil {
		// Nothing is stored; the report says which rows to correct.
		return rep, nil
	}
	res, err := s.Catalog.ApplyBatch(batch)
	if err != nil {
		return rep, err
	}
	rep.Imported, rep.Result = true, &res
	s.auditAdmin(p, "admin.import", fmt.Sprintf("%d files: %d created, %d updated, %d unchanged, %d removed, %d places, %d rows rejected",
		len(up.Files), res.Created, res.Updated, res.Unchanged, res.Removed, res.PlacesWritten, len(rep.Rejected)))
	return rep, nil
}

// importError is a file's problem as the admin's error (a 400 naming the
// file and, where known, the line).
func importError(field string, err error) error {
	var fe *importer.FileError
	if errors.As(err, &fe) {
		return apperr.Invalid(field, fe.Code, "%s", fe.Error())
	}
	if _, ok := apperr.As(err); ok {
		return err
	}
	return apperr.Invalid(field, apperr.ImportRead, "%s", err.Error())
}
