package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping or the document shape changes;
// an index built with another version is rebuilt.
const MappingVersion = 2

// foldAnalyzer lower-cases and folds diacritics (ß → ss, ö → o) without
// stemming, so that prefixes and typos of names and streets can be matched
// against whole words ("kaiserberg" is a prefix of "kaiserbergstrasse").
const foldAnalyzer = "kitaportal_fold"

// Field names shared by indexing and querying.
const (
	fName        = "name"
	fNameFold    = "name_fold"
	fNameSort    = "name_sort"
	fDescription = "description"
	fConceptText = "concept_text"
	fConceptFold = "concept_fold"
	fCarrierText = "carrier_text"
	fStreetFold  = "street_fold"
	fDistrictTxt = "district_fold"
	fCarrierType = "carrier_type"
	fDistrict    = "district"
	fConcepts    = "concepts"
	fLanguages   = "languages"
	fFeatures    = "features"
	fBookable    = "bookable"
	fLocation    = "location"
	fAgeMin      = "age_min"
	fAgeMax      = "age_max"
	fFreeU3      = "free_u3"
	fFreeUe3     = "free_ue3"
	// fOpenWeekdays and fCloseWeekdays are the latest opening and the
	// earliest closing from Monday to Friday, when all five are known.
	fOpenWeekdays  = "open_weekdays"
	fCloseWeekdays = "close_weekdays"
	fKind          = "kind"
	fPostcode      = "postcode"
)

func openField(day string) string  { return "open_" + day }
func closeField(day string) string { return "close_" + day }

// weekdays are the day keys of opening hours, Monday first.
var weekdays = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}

// FacetFields are the keyword fields whose counts come back with every
// Kita search, in display order.
var FacetFields = []string{fCarrierType, fDistrict, fConcepts, fLanguages, fFeatures, fBookable}

// KitaMapping builds the whole mapping of the Kita index.
func KitaMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := addFoldAnalyzer(im); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f // doc values on: facets and sorting read them
	}
	number := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	for name, fm := range map[string]*mapping.FieldMapping{
		fName: text(de.AnalyzerName), fNameFold: text(foldAnalyzer),
		fDescription: text(de.AnalyzerName), fConceptText: text(de.AnalyzerName),
		fConceptFold: text(foldAnalyzer), fCarrierText: text(foldAnalyzer),
		fStreetFold: text(foldAnalyzer), fDistrictTxt: text(foldAnalyzer),
		fNameSort: keyword(), fCarrierType: keyword(), fDistrict: keyword(),
		fConcepts: keyword(), fLanguages: keyword(), fFeatures: keyword(),
		fAgeMin: number(), fAgeMax: number(), fFreeU3: number(), fFreeUe3: number(),
		fOpenWeekdays: number(), fCloseWeekdays: number(),
	} {
		doc.AddFieldMappingsAt(name, fm)
	}
	for _, day := range weekdays {
		doc.AddFieldMappingsAt(openField(day), number())
		doc.AddFieldMappingsAt(closeField(day), number())
	}
	b := bleve.NewBooleanFieldMapping()
	b.Store, b.IncludeInAll = false, false
	doc.AddFieldMappingsAt(fBookable, b)
	doc.AddFieldMappingsAt(fLocation, geoPointField())

	im.DefaultMapping = doc
	im.DefaultAnalyzer = de.AnalyzerName
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im, im.Validate()
}

// PlaceMapping builds the mapping of the gazetteer index.
func PlaceMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := addFoldAnalyzer(im); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	fold := bleve.NewTextFieldMapping()
	fold.Analyzer = foldAnalyzer
	fold.Store, fold.IncludeInAll, fold.IncludeTermVectors, fold.DocValues = false, false, false, false
	doc.AddFieldMappingsAt(fNameFold, fold)
	doc.AddFieldMappingsAt(fDistrictTxt, fold)
	for _, name := range []string{fKind, fPostcode} {
		k := bleve.NewKeywordFieldMapping()
		k.Store, k.IncludeInAll, k.IncludeTermVectors = false, false, false
		doc.AddFieldMappingsAt(name, k)
	}
	doc.AddFieldMappingsAt(fLocation, geoPointField())
	im.DefaultMapping = doc
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im, im.Validate()
}

func geoPointField() *mapping.FieldMapping {
	g := bleve.NewGeoPointFieldMapping()
	g.Store, g.IncludeInAll = false, false
	return g // doc values on: distance filter and sort read them
}

func addFoldAnalyzer(im *mapping.IndexMappingImpl) error {
	return im.AddCustomAnalyzer(foldAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
}
