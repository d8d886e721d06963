package apperr_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
)

// The UI's languages; each has a core catalogue and sub-catalogues for the
// account and the hand-off screens (frontend/src/lib/i18n).
var languages = []string{"de", "en", "tr", "ar", "uk", "ru"}

const root = "../.."

// catalogueKey matches one entry of a catalogue object: 'key': or "key":.
var catalogueKey = regexp.MustCompile(`(?m)^\s*['"]([^'"]+)['"]\s*:`)

// readCatalogue returns the keys the UI has for one language.
func readCatalogue(t *testing.T, lang string) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	for _, part := range []string{"", "account/", "handoff/"} {
		path := filepath.Join(root, "frontend/src/lib/i18n", part+lang+".ts")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("catalogue %s: %v", path, err)
		}
		for _, m := range catalogueKey.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	if len(keys) < 100 {
		t.Fatalf("catalogue %s: only %d keys read; has its format changed?", lang, len(keys))
	}
	return keys
}

// declaredCodes reads codes.go: every constant of type Code.
func declaredCodes(t *testing.T) []apperr.Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []apperr.Code
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Code" {
				t.Errorf("codes.go: constant %s is not of type Code", v.Names[0].Name)
				continue
			}
			for _, val := range v.Values {
				lit, ok := val.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("codes.go: constant %s is not a string literal", v.Names[0].Name)
					continue
				}
				s, _ := strconv.Unquote(lit.Value)
				codes = append(codes, apperr.Code(s))
			}
		}
	}
	if len(codes) < 50 {
		t.Fatalf("codes.go: only %d codes read", len(codes))
	}
	return codes
}

// TestEveryValueHasText fails when a value the API sends to the UI has no
// text in one of its languages: a code for users, a Vormerkung status, a
// carrier type, a feature. Without it, a parent reads the generic "Das hat
// leider nicht geklappt" instead of what to correct.
func TestEveryValueHasText(t *testing.T) {
	var want []string
	for _, c := range declaredCodes(t) {
		if c.ForUsers() {
			want = append(want, "errors."+string(c))
		}
	}
	for _, s := range domain.Statuses {
		want = append(want, "status."+string(s))
	}
	for _, c := range domain.CarrierTypes {
		want = append(want, "carrier."+c)
	}
	for _, f := range domain.FeatureKeys {
		want = append(want, "feature."+f)
	}
	for _, lang := range languages {
		keys := readCatalogue(t, lang)
		var missing []string
		for _, k := range want {
			if !keys[k] {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			t.Errorf("catalogue %q has no text for %d values: %s", lang, len(missing), strings.Join(missing, ", "))
		}
	}
}

// TestCodesOnlyInCodesGo fails when a code is written as a string literal
// in product code outside codes.go: each code is used by its constant, so
// the list above is complete and a renamed code cannot be missed.
func TestCodesOnlyInCodesGo(t *testing.T) {
	codes := map[string]bool{}
	for _, c := range declaredCodes(t) {
		codes[string(c)] = true
	}
	var found []string
	for _, dir := range []string{"app", "search", "storage"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
				filepath.Base(path) == "codes.go" && filepath.Base(filepath.Dir(path)) == "apperr" {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && codes[s] {
						rel, _ := filepath.Rel(root, path)
						found = append(found, rel+": "+s)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(found)
	if len(found) > 0 {
		t.Errorf("codes written as strings instead of apperr constants:\n%s", strings.Join(found, "\n"))
	}
}
