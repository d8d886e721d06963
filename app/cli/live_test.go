package cli

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"kitaportal/storage"
)

// TestCommandsOnALiveServer: with serve running, every operator command
// works and acts on the live state (through the control socket), while
// searches keep answering; before, each exited 1 ("data directory … in
// use") and reindex deleted the live index.
func TestCommandsOnALiveServer(t *testing.T) {
	dir := t.TempDir()
	base, stop := serveChild(t, "--demo", "--data", dir)
	defer func() {
		if t.Failed() {
			t.Log(stop())
		} else {
			stop()
		}
	}()
	if st, err := os.Stat(controlPath(dir)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("control socket: %v, mode %v (want owner-only)", err, st)
	}

	// Searches run throughout; each must answer 200 with a whole page.
	var done atomic.Bool
	var searches, failures atomic.Int64
	var lastFailure atomic.Value
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			res, err := http.Get(base + "/api/kitas?limit=50&q=kita")
			if err != nil {
				failures.Add(1)
				lastFailure.Store(err.Error())
				continue
			}
			var page struct{ Total int }
			if res.StatusCode != http.StatusOK || json.NewDecoder(res.Body).Decode(&page) != nil {
				failures.Add(1)
				lastFailure.Store(res.Status)
			}
			res.Body.Close()
			searches.Add(1)
		}
	}()
	total := func() int {
		var page struct{ Total int }
		getJSON(t, base+"/api/kitas?limit=1", &page)
		return page.Total
	}
	cmd := func(wantCode int, want string, args ...string) string {
		t.Helper()
		code, out, errs := kitaportal(t, args...)
		noStackTrace(t, args[0], errs)
		if code != wantCode || !strings.Contains(out+errs, want) {
			t.Fatalf("%s on a live server: exit %d (want %d)\n%s\n%s", strings.Join(args, " "), code, wantCode, out, errs)
		}
		return out
	}

	backup := filepath.Join(t.TempDir(), "live.db")
	cmd(1, "the folder", "backup", "--data", dir, filepath.Join(t.TempDir(), "missing", "live.db"))
	cmd(0, "backup of the running server", "backup", "--data", dir, backup)

	flensburg := "../../../shared/data/flensburg-kitas.geojson"
	wantTotal := 48
	if _, err := os.Stat(flensburg); err == nil {
		cmd(0, "70 created", "import", "--data", dir, "--mapping", "../../build/mappings/flensburg-kitas.json", flensburg)
		wantTotal = 70
	} else {
		t.Logf("import step skipped: %v", err)
	}
	if got := total(); got != wantTotal {
		t.Errorf("the server answers %d Kitas after the import, want %d", got, wantTotal)
	}
	cmd(0, "swapped in", "reindex", "--data", dir)
	if got := total(); got != wantTotal {
		t.Errorf("after the reindex the server answers %d Kitas, want %d", got, wantTotal)
	}

	pw := filepath.Join(t.TempDir(), "pw")
	must(t, os.WriteFile(pw, []byte("ein-sicheres-Passwort-1\n"), 0o600))
	cmd(0, "user amt-neu added", "user", "add", "--data", dir, "--role", "clerk", "--name", "Frau Test", "--password-file", pw, "amt-neu")
	cmd(2, "role", "user", "add", "--data", dir, "--role", "nobody", "--name", "X", "--password-file", pw, "clerk8")
	if out := cmd(0, "amt-neu", "user", "list", "--data", dir); !strings.Contains(out, "Frau Test") {
		t.Errorf("user list: %s", out)
	}
	// The new user can sign in on the live server at once.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := client.Get(base + "/api/session")
	must(t, err)
	var sv struct {
		CSRF string `json:"csrf_token"`
	}
	must(t, json.NewDecoder(res.Body).Decode(&sv))
	res.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/login/staff", strings.NewReader(`{"login":"amt-neu","password":"ein-sicheres-Passwort-1"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", sv.CSRF)
	res, err = client.Do(req)
	must(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("the user added through the control socket cannot sign in: %s %s", res.Status, body)
	}

	cmd(0, `"idle_seconds": 77`, "settings", "--data", dir, "idle_seconds=77")
	var sess struct {
		Settings struct {
			IdleSeconds int `json:"idle_seconds"`
		}
	}
	getJSON(t, base+"/api/session", &sess)
	if sess.Settings.IdleSeconds != 77 {
		t.Errorf("the live server still has idle_seconds %d after the settings command", sess.Settings.IdleSeconds)
	}
	cmd(2, "", "settings", "--data", dir, "no_such_setting=1")

	exportDir := t.TempDir()
	cmd(0, "dry run", "allocate", "--data", dir, "--dry-run", "--export-input", exportDir)
	if m, _ := filepath.Glob(filepath.Join(exportDir, "*-input.csv")); len(m) != 1 {
		t.Errorf("allocate --export-input on a live server wrote %v into the operator's directory", m)
	}
	if out := cmd(0, "Kitas", "search", "--data", dir, "--limit", "3"); !strings.Contains(out, " of ") {
		t.Errorf("search: %s", out)
	}
	cmd(1, "stop it", "restore", "--data", dir, backup)

	done.Store(true)
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d searches failed while the commands ran (last: %v)", n, searches.Load(), lastFailure.Load())
	}
	t.Logf("%d searches answered while the commands ran", searches.Load())

	// The hot backup restores into a new directory with the data of its
	// moment (the demo city, before the import).
	other := t.TempDir()
	cmd(0, "restored", "restore", "--data", other, backup)
	if out := cmd(0, "of 48 Kitas", "search", "--data", other, "--limit", "1"); out == "" {
		t.Error("no output")
	}
}

// TestStaleControlSocket: the socket file a killed server left behind
// neither stops commands (they open the store themselves) nor the next
// server (which replaces it).
func TestStaleControlSocket(t *testing.T) {
	dir := demoDir(t)
	ln, err := net.Listen("unix", controlPath(dir))
	must(t, err)
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if code, out, errs := kitaportal(t, "search", "--data", dir, "--limit", "1"); code != 0 || !strings.Contains(out, "of 48 Kitas") {
		t.Fatalf("search beside a stale socket: %d %s %s", code, out, errs)
	}
	base, stop := serveChild(t, "--data", dir)
	defer stop()
	var page struct{ Total int }
	getJSON(t, base+"/api/kitas?limit=1", &page)
	if code, out, errs := kitaportal(t, "search", "--data", dir, "--limit", "1"); code != 0 || !strings.Contains(out, "of 48 Kitas") {
		t.Fatalf("search through the new server's socket: %d %s %s", code, out, errs)
	}
}

// TestReindexBesideAHolderThatDoesNotAnswer: a process holding the data
// directory without a control socket (one still starting, an older build)
// makes reindex fail with one line, and the index stays; before, reindex
// deleted the live index before it found the store locked.
func TestReindexBesideAHolderThatDoesNotAnswer(t *testing.T) {
	dir := demoDir(t)
	before, err := os.ReadDir(indexPath(dir))
	must(t, err)
	db, err := storage.Open(storePath(dir), storage.Options{})
	must(t, err)
	defer db.Close()
	code, _, errs := kitaportal(t, "reindex", "--data", dir)
	noStackTrace(t, "reindex", errs)
	if code != 1 || !strings.Contains(errs, "in use") {
		t.Fatalf("reindex beside a holder: %d %s", code, errs)
	}
	after, err := os.ReadDir(indexPath(dir))
	if err != nil || len(after) != len(before) {
		t.Fatalf("the index was touched: %v → %v (%v)", before, after, err)
	}
}
