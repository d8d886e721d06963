package httpapi

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kitaportal/app/internal/apptest"
	"kitaportal/storage"
)

// TestHealthReadinessAndMetrics: /healthz and /readyz answer for the
// monitoring (not the UI's HTML page); /metrics speaks Prometheus to the
// city's own network and is not found from the internet.
func TestHealthReadinessAndMetrics(t *testing.T) {
	svc := apptest.NewSubmit(t)
	ui := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>KitaPortal</title>")}}
	h := newAPI(svc, Options{}).Handler(ui)
	c := newClient(t, h)
	c.addr = "127.0.0.1:40000"
	if rec := c.do(http.MethodGet, "/healthz", ""); rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Fatalf("/healthz: %d %q", rec.Code, rec.Body)
	}
	var ready readiness
	c.decode(c.do(http.MethodGet, "/readyz", ""), http.StatusOK, &ready)
	if !ready.Ready || ready.Store != "ok" || ready.Index != "ok" || ready.IndexGeneration != ready.StoreGeneration || ready.Version == "" {
		t.Fatalf("/readyz: %+v", ready)
	}
	c.session("")
	c.do(http.MethodGet, "/api/kitas?limit=1", "")
	c.do(http.MethodGet, "/api/kitas/k-nope", "")
	rec := c.do(http.MethodGet, "/metrics", "")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics from loopback: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		`kitaportal_http_requests_total{route="GET /api/kitas",status="200"} 1`,
		`kitaportal_http_requests_total{route="GET /api/kitas/{id}",status="404"} 1`,
		`kitaportal_http_request_duration_seconds_bucket{route="GET /api/session",le="+Inf"} 1`,
		"kitaportal_sessions 0", "kitaportal_outbox_queued 0", "kitaportal_outbox_failed 0",
		"kitaportal_index_generation ", "kitaportal_store_generation ", "kitaportal_round_runs_total 0",
		"kitaportal_build_info{", "go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	public := newClient(t, h)
	public.addr = "203.0.113.7:5555"
	if rec := public.do(http.MethodGet, "/metrics", ""); rec.Code != http.StatusNotFound {
		t.Errorf("/metrics from the internet: %d", rec.Code)
	}
	// A store change the index did not follow (a crash between the two):
	// not ready.
	k, err := apptest.DB(svc).GetKita("k-pfaff")
	if err != nil {
		t.Fatal(err)
	}
	k.Name += " (neu)"
	if _, err := apptest.DB(svc).ApplyBatch(storage.Batch{Kitas: []storage.Kita{k}}); err != nil {
		t.Fatal(err)
	}
	rec = c.do(http.MethodGet, "/readyz", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &ready); err != nil || rec.Code != http.StatusServiceUnavailable || ready.Index != "behind the store" {
		t.Fatalf("/readyz with the index behind: %d %s", rec.Code, rec.Body)
	}
}

// TestAdminDownloadsAHotBackup: the admin downloads a consistent copy of
// the live store (the server keeps running); it opens as a store holding
// the same data; nobody else may, and the download is audit-logged.
func TestAdminDownloadsAHotBackup(t *testing.T) {
	f := apptest.NewLife(t)
	_, rec := f.Register(t, []string{"k-pfaff"}, nil)
	h := handlerOf(f.Svc, Options{})
	admin := loginClient(t, h, "admin")
	res := admin.do(http.MethodGet, "/api/admin/backup", "")
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header().Get("Content-Disposition"), `attachment; filename="kitaportal-`) ||
		res.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("backup download: %d %v", res.Code, res.Header())
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, res.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Verify(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.GetApplication(rec.Number); err != nil {
		t.Fatalf("the backup lacks the registration: %v", err)
	}
	log, err := f.Svc.AuditLog(f.Admin, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(log, func(e storage.AuditEntry) bool { return e.Action == "admin.backup" }) {
		t.Error("the backup download is not in the audit log")
	}
}

// loginClient is a browser logged in as the Life staff user login.
func loginClient(t *testing.T, h http.Handler, login string) *apiClient {
	t.Helper()
	c := newClient(t, h)
	c.session("")
	var v SessionView
	c.decode(c.do(http.MethodPost, "/api/login/staff", `{"login":"`+login+`","password":"`+apptest.StaffPassword+`"}`), http.StatusOK, &v)
	c.csrf = v.CSRFToken
	return c
}
