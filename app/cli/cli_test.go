package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run calls Main like a shell would and returns exit status, stdout, stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, Env{Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

type searchJSON struct {
	Total int `json:"total"`
	Items []struct {
		ID         string   `json:"id"`
		Name       string   `json:"name"`
		DistanceKm *float64 `json:"distance_km"`
		Bookable   bool     `json:"bookable"`
		Demo       bool     `json:"demo"`
	} `json:"items"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	} `json:"facets"`
	Place *struct {
		Name, Precision string
	} `json:"place"`
}

func searchCLI(t *testing.T, args ...string) searchJSON {
	t.Helper()
	code, out, errs := run(t, append([]string{"search", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d: %s", args, code, errs)
	}
	var res searchJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json output: %v\n%s", err, out)
	}
	return res
}

func TestDemoDataOnFirstRun(t *testing.T) {
	data := t.TempDir()
	res := searchCLI(t, "--data", data, "--limit", "100")
	if res.Total < 40 || len(res.Items) < 40 || !res.Items[0].Demo {
		t.Fatalf("first run shows %d Kitas (demo: %v), want the demo city", res.Total, len(res.Items) > 0 && res.Items[0].Demo)
	}
	notBookable := 0
	for _, it := range res.Items {
		if !it.Bookable {
			notBookable++
		}
	}
	if notBookable == 0 {
		t.Error("the demo city has no Kita that is listed but not bookable")
	}
	for _, place := range []string{"Pfaffstraße 12", "Betzenberg", "Kaiserberg"} {
		r := searchCLI(t, "--data", data, "--place", place, "--radius-km", "3")
		if r.Place == nil || r.Total == 0 || r.Items[0].DistanceKm == nil {
			t.Errorf("--place %q: place %+v, %d results", place, r.Place, r.Total)
		}
	}
	// The parent's search of the issue: near an address, a 2-year-old,
	// open 07:30 to 16:30.
	r := searchCLI(t, "--data", data, "--place", "Pfaffstraße 12", "--age-months", "24", "--open-from", "07:30", "--open-until", "16:30")
	if r.Total < 3 {
		t.Errorf("the parent's search finds %d Kitas in the demo city, want at least 3", r.Total)
	}
}

func TestUsageErrors(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"unknown flag", []string{"search", "--data", data, "--colour", "blue"}, "flag provided but not defined"},
		{"bad time", []string{"search", "--data", data, "--open-from", "25:00"}, "--open-from"},
		{"radius without place", []string{"search", "--data", data, "--radius-km", "3"}, "--radius-km"},
		{"import without file", []string{"import", "--data", data}, "FILE"},
		{"bad format", []string{"import", "--data", data, "--format", "xls", "x.xls"}, "--format"},
		{"backup without file", []string{"backup", "--data", data}, "FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 && !strings.Contains(tc.name, "flag") {
				t.Errorf("stderr %q, want one line mentioning %q", errs, tc.want)
			}
		})
	}
}

func TestImportSearchBackupRestore(t *testing.T) {
	flensburg := "../../../shared/data/flensburg-kitas.geojson"
	if _, err := os.Stat(flensburg); err != nil {
		t.Skipf("real data not available: %v", err)
	}
	data := t.TempDir()
	searchCLI(t, "--data", data) // first run: demo city
	code, out, errs := run(t, "import", "--data", data, "--mapping", "../../build/mappings/flensburg-kitas.json", flensburg)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "70 created") || !strings.Contains(out, "demo Kitas removed") {
		t.Errorf("import summary: %s", out)
	}
	res := searchCLI(t, "--data", data, "--limit", "500")
	if res.Total != 70 || res.Items[0].Demo {
		t.Fatalf("after import: %d Kitas (demo first: %v), want Flensburg's 70", res.Total, res.Items[0].Demo)
	}
	code, out, _ = run(t, "import", "--data", data, "--mapping", "../../build/mappings/flensburg-kitas.json", flensburg)
	if code != 0 || !strings.Contains(out, "0 created, 0 updated, 70 unchanged") {
		t.Errorf("second import is not idempotent: %s", out)
	}

	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, _, errs := run(t, "backup", "--data", data, backup); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	// Replace the store's content by the demo city again, then restore.
	other := t.TempDir()
	searchCLI(t, "--data", other)
	if code, _, errs := run(t, "restore", "--data", other, backup); code != 0 {
		t.Fatalf("restore: %s", errs)
	}
	res = searchCLI(t, "--data", other, "--limit", "1")
	if res.Total != 70 {
		t.Errorf("restored store answers %d Kitas, want 70", res.Total)
	}
	if code, out, errs := run(t, "reindex", "--data", other); code != 0 || !strings.Contains(out, "70 Kitas") {
		t.Errorf("reindex: exit %d: %s %s", code, out, errs)
	}
}

func TestImportBadFileImportsNothing(t *testing.T) {
	data := t.TempDir()
	bad := filepath.Join(t.TempDir(), "kitas.json")
	os.WriteFile(bad, []byte(`{"kitas": [{"key": "a", "name": "Gut"}, {"key": "b", "name": ""}]}`), 0o600)
	code, _, errs := run(t, "import", "--data", data, bad)
	if code != 1 || !strings.Contains(errs, "nothing was imported") || !strings.Contains(errs, "kitas.json") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	code, out, errs := run(t, "import", "--data", data, "--skip-invalid", bad)
	if code != 0 || !strings.Contains(out, "1 created") || !strings.Contains(errs, "rejected") {
		t.Errorf("--skip-invalid: exit %d, out %q, err %q", code, out, errs)
	}
}

// An operator changes a user's role and Kitas, and deletes it.
func TestUserChangeAndDelete(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := run(t, "search", "--data", data, "--limit", "1"); code != 0 {
		t.Fatalf("first run: %d %s", code, errs)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("Richtig-Geheim-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	kita := searchCLI(t, "--data", data, "--limit", "1").Items[0].ID
	if code, _, errs := run(t, "user", "add", "--data", data, "--role", "clerk", "--name", "Eva Amt", "--password-file", pw, "eva"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	code, out, errs := run(t, "user", "change", "--data", data, "--role", "kita", "--kita", kita, "eva")
	if code != 0 || !strings.Contains(out, "user eva changed (kita, Kitas "+kita+")") {
		t.Fatalf("change: %d %q %s", code, out, errs)
	}
	// An unknown login is not found (exit 1), for change as for disable and delete.
	for _, sub := range [][]string{{"change", "--role", "kita"}, {"disable"}, {"delete"}} {
		args := append(append([]string{"user", sub[0], "--data", data}, sub[1:]...), "eva2")
		if code, _, errs := run(t, args...); code != 1 || !strings.Contains(errs, `no user "eva2"`) {
			t.Errorf("user %s of an unknown login: %d %s", sub[0], code, errs)
		}
	}
	if code, _, errs := run(t, "user", "change", "--data", data, "--role", "clerk", "--kita", kita, "eva"); code != 2 || !strings.Contains(errs, "Kita") {
		t.Errorf("a clerk bound to a Kita: %d %s", code, errs)
	}
	if code, out, errs := run(t, "user", "delete", "--data", data, "eva"); code != 0 || !strings.Contains(out, "deleted") {
		t.Fatalf("delete: %d %q %s", code, out, errs)
	}
	if _, out, _ := run(t, "user", "list", "--data", data); strings.Contains(out, "eva") {
		t.Errorf("the deleted user is still listed:\n%s", out)
	}
}

// TestAllocateExportsInput: `allocate --export-input` writes the round's
// input and both mechanisms' placements as JSON and CSV, owner-only, for a
// dry run and for a stored round; a wrong directory or round is one line.
func TestAllocateExportsInput(t *testing.T) {
	data, out := t.TempDir(), t.TempDir()
	o, err := open(data, newLogger(io.Discard, false), true)
	if err != nil {
		t.Fatal(err)
	}
	fillRegistrations(t, o.store, 200)
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	args := []string{"allocate", "--data", data, "--seed", "7", "--deadline", "2026-11-30", "--start", "2027-08-01"}
	code, stdout, errs := run(t, append(args, "--dry-run", "--export-input", out)...)
	if code != 0 || !strings.Contains(errs, "children written to") {
		t.Fatalf("dry run with export: exit %d\n%s\n%s", code, stdout, errs)
	}
	files, _ := filepath.Glob(filepath.Join(out, "VR-*-input.*"))
	if len(files) != 2 {
		t.Fatalf("export wrote %v", files)
	}
	var e struct {
		RoundID  string `json:"round_id"`
		Children []struct {
			Number  string `json:"number"`
			Choices []struct {
				Points int `json:"points"`
			} `json:"choices"`
			DA struct {
				Status string `json:"status"`
			} `json:"deferred_acceptance"`
		} `json:"children"`
	}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, mode %v", f, err, st.Mode())
		}
		if strings.HasSuffix(f, ".json") {
			b, _ := os.ReadFile(f)
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(e.Children) < 150 || e.Children[0].DA.Status == "" || len(e.Children[0].Choices) == 0 {
		t.Fatalf("the export has %d children; first %+v", len(e.Children), e.Children[0])
	}
	code, stdout, errs = run(t, args...)
	if code != 0 {
		t.Fatalf("allocate: exit %d: %s", code, errs)
	}
	id := strings.Fields(stdout[strings.Index(stdout, "stored as draft "):])[3]
	if code, _, errs = run(t, "allocate", "--data", data, "--export-input", out, "--round", id); code != 0 {
		t.Fatalf("export of stored round %s: exit %d: %s", id, code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, id+"-input.csv")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--export-input", filepath.Join(out, "nowhere"), "--round", id}, 2, "is not a directory"},
		{[]string{"--export-input", out, "--round", "VR-nope"}, 1, "no such Vergaberunde"},
	} {
		code, _, errs := run(t, append([]string{"allocate", "--data", data}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("allocate %v: exit %d, %q", tc.args, code, errs)
		}
	}
}

// TestHelpAndVersion: --help lists every command (not only the kiosk's
// flags), --version and version print the build.
func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, _ := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, c := range commands() {
			if !strings.Contains(out, "kitaportal "+c.name) {
				t.Errorf("%v does not list %s", args, c.name)
			}
		}
	}
	code, out, _ := run(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "kitaportal ") || strings.Count(out, "\n") != 1 {
		t.Fatalf("--version: %d %q", code, out)
	}
	code, js, _ := run(t, "version", "--json")
	var b struct{ Version, Go string }
	if code != 0 || json.Unmarshal([]byte(js), &b) != nil || b.Version == "" || b.Go == "" {
		t.Fatalf("version --json: %d %q", code, js)
	}
}
