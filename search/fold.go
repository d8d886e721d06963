package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
)

var folder = asciifolding.New()

// foldText lower-cases and folds diacritics exactly like the fold analyzer.
func foldText(s string) string {
	return strings.ToLower(string(folder.Filter([]byte(s))))
}
