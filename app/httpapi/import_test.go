package httpapi

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"kitaportal/app"
	"kitaportal/app/internal/apptest"
	"kitaportal/storage"
)

// upload sends files as the admin screen does (multipart/form-data).
func upload(t *testing.T, c *apiClient, parts map[string][][2]string, skip bool) (int, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for field, files := range parts {
		for _, f := range files {
			w, err := mw.CreateFormFile(field, f[0])
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(f[1]))
		}
	}
	if skip {
		mw.WriteField("skip_invalid", "true")
	}
	mw.Close()
	c.header = http.Header{"Content-Type": {mw.FormDataContentType()}}
	defer func() { c.header = nil }()
	res := c.do(http.MethodPost, "/api/admin/import", body.String())
	return res.Code, res.Body.Bytes()
}

// TestAdminImportsUploadedFiles: the admin uploads a city's file with its
// mapping and code list; the report names every rejected row (where, which
// field, why) and nothing is stored until the rows are fixed or skipped;
// then the Kitas are in the live search at once, and the import is in the
// audit log. Only admins may.
func TestAdminImportsUploadedFiles(t *testing.T) {
	f := apptest.NewLife(t)
	h := handlerOf(f.Svc, Options{})
	admin := loginClient(t, h, "admin")
	total := func(q string) int {
		var l struct{ Total int }
		admin.decode(admin.do(http.MethodGet, "/api/kitas?limit=1&q="+q, ""), http.StatusOK, &l)
		return l.Total
	}
	before := total("")
	mapping := [2]string{"stadt.json", `{"format":"csv","source":"upload","target":"kitas","key":"id",
		"codes":{"traeger":{"file":"traeger.json"}},
		"fields":{"name":{"column":"name","required":true},"carrier.name":{"column":"traeger","parse":"code"},
		"address.street":"strasse","address.postcode":"plz","address.city":{"constant":"Kaiserslautern"},
		"lat":{"column":"lat","parse":"number"},"lon":{"column":"lon","parse":"number"}}}`}
	data := [2]string{"kitas.csv", "id,name,traeger,strasse,plz,lat,lon\n" +
		"u1,Kita Sonnenblume,S,Hauptstr. 1,67655,49.44,7.76\n" +
		"u2,Kita Regenbogen,K,Marktstr. 2,67655,49.45,7.77\n" +
		"u3,,S,Nirgendwo 3,67655,abc,7.7\n"}
	codes := [2]string{"traeger.json", `{"S":"Stadt Kaiserslautern","K":"Kirchengemeinde"}`}

	code, body := upload(t, admin, map[string][][2]string{"file": {data}, "mapping": {mapping}}, false)
	if code != http.StatusBadRequest || !strings.Contains(string(body), "traeger.json") {
		t.Fatalf("without the code list: %d %s", code, body)
	}
	var rep app.ImportReport
	code, body = upload(t, admin, map[string][][2]string{"file": {data}, "mapping": {mapping}, "codes": {codes}}, false)
	if code != http.StatusOK || json.Unmarshal(body, &rep) != nil {
		t.Fatalf("with a bad row: %d %s", code, body)
	}
	fields := map[string]bool{}
	for _, r := range rep.Rejected {
		if r.File != "kitas.csv" || r.Line != 4 || r.Reason == "" {
			t.Errorf("rejected row not placed: %+v", r)
		}
		fields[r.Field] = true
	}
	if rep.Imported || !fields["name"] || !fields["lat"] || len(rep.Files) != 1 || rep.Files[0].Rows != 3 || rep.Files[0].Rejected != 1 {
		t.Fatalf("report of a file with a bad row: %s", body)
	}
	if got := total(""); got != before {
		t.Fatalf("a rejected import stored Kitas: %d, was %d", got, before)
	}

	rep = app.ImportReport{}
	code, body = upload(t, admin, map[string][][2]string{"file": {data}, "mapping": {mapping}, "codes": {codes}}, true)
	if code != http.StatusOK || json.Unmarshal(body, &rep) != nil || !rep.Imported || rep.Result == nil || rep.Result.Created != 2 {
		t.Fatalf("import skipping the bad row: %d %s", code, body)
	}
	if got := total(""); got != before+2 {
		t.Errorf("after the import the search has %d Kitas, want %d", got, before+2)
	}
	if total("Sonnenblume") != 1 {
		t.Error("the imported Kita is not found by the live search")
	}
	log, err := f.Svc.AuditLog(f.Admin, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(log, func(e storage.AuditEntry) bool { return e.Action == "admin.import" }) {
		t.Error("the import is not in the audit log")
	}

	clerk := loginClient(t, h, "clerk")
	if code, _ := upload(t, clerk, map[string][][2]string{"file": {data}}, true); code != http.StatusForbidden {
		t.Errorf("a clerk's upload: %d, want 403", code)
	}
	if res := admin.do(http.MethodPost, "/api/admin/import", `{"file":"x"}`); res.Code != http.StatusBadRequest {
		t.Errorf("a JSON body: %d %s", res.Code, res.Body)
	}
}
