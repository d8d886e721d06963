package httpapi

import (
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/buildinfo"
	"kitaportal/app/domain"
	"kitaportal/app/session"
)

// The admin: staff users, settings, the audit log, the outbox.

func (a *API) users(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	us, err := a.svc.Users(sess.Principal)
	a.answer(w, r, map[string]any{"items": us}, err)
}

func (a *API) userAdd(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var nu app.NewUser
	if err := decodeBody(w, r, maxBodyBytes, &nu); err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.svc.AddUser(sess.Principal, nu)
	a.answer(w, r, u, err)
}

func (a *API) userDisable(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	action := r.PathValue("action")
	if action != "disable" && action != "enable" {
		a.writeError(w, r, noSuch("user action", action))
		return
	}
	u, err := a.svc.SetUserDisabled(sess.Principal, r.PathValue("id"), action == "disable")
	a.answer(w, r, u, err)
}

func (a *API) userChange(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var c app.UserChange
	if err := decodeBody(w, r, maxBodyBytes, &c); err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.svc.ChangeUser(sess.Principal, r.PathValue("id"), c)
	a.answer(w, r, u, err)
}

func (a *API) userDelete(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	a.answer(w, r, nil, a.svc.DeleteUser(sess.Principal, r.PathValue("id")))
}

func (a *API) settingsGet(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	set, err := a.svc.AdminSettings(sess.Principal)
	a.answer(w, r, set, err)
}

func (a *API) settingsPut(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var values map[string]string
	if err := decodeBody(w, r, maxBodyBytes, &values); err != nil {
		a.writeError(w, r, err)
		return
	}
	set, err := a.svc.ChangeSettings(sess.Principal, values)
	a.answer(w, r, set, err)
}

func (a *API) auditLog(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	after, _ := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	entries, err := a.svc.AuditLog(sess.Principal, after, limit)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") != "csv" {
		a.writeJSON(w, http.StatusOK, map[string]any{"items": entries})
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kitaportal-audit.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"seq", "at", "actor_id", "actor_role", "action", "number", "vormerkung_id", "kita_id", "detail"})
	for _, e := range entries {
		_ = cw.Write([]string{strconv.FormatUint(e.Seq, 10), e.At.UTC().Format(time.RFC3339), e.ActorID, e.ActorRole, e.Action,
			e.Number, strconv.FormatUint(e.VormerkungID, 10), e.KitaID, e.Detail})
	}
	cw.Flush()
}

func (a *API) outbox(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	items, err := a.svc.OutboxStatus(sess.Principal)
	a.answer(w, r, map[string]any{"items": items}, err)
}

// about tells the admin which build runs.
func (a *API) about(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	if err := auth.RequireStaff(sess.Principal, domain.RoleAdmin); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, buildinfo.Read())
}

// backup downloads a hot backup of the store (a bbolt file, restored with
// `kitaportal restore`).
func (a *API) backup(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	if err := auth.RequireStaff(sess.Principal, domain.RoleAdmin); err != nil {
		a.writeError(w, r, err)
		return
	}
	name := "kitaportal-" + a.svc.Now().In(domain.Berlin).Format("20060102-1504") + ".db"
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if _, err := a.svc.Backup(sess.Principal, w); err != nil {
		// The headers went out: the download breaks off, which the
		// browser shows as a failed download.
		a.log.WithError(err).Error("backup download")
	}
}

// importPath is the admin's upload of Kita or place files; its body may be
// larger than any other request's.
const (
	importPath     = "/api/admin/import"
	maxImportBytes = 64 << 20
)

// importUpload imports uploaded files (multipart fields "file", repeated;
// "mapping"; "codes", repeated; "skip_invalid") and answers the report.
func (a *API) importUpload(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	// The admin check comes before the (large) body is read.
	if err := auth.RequireStaff(sess.Principal, domain.RoleAdmin); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			a.writeError(w, r, apperr.New(http.StatusRequestEntityTooLarge, apperr.RequestTooLarge, "the files are larger than %d MB together", maxImportBytes>>20))
			return
		}
		a.writeError(w, r, apperr.Invalid("file", apperr.RequestUnreadable, "the upload could not be read: send the files as multipart/form-data"))
		return
	}
	defer r.MultipartForm.RemoveAll()
	read := func(field string) ([]app.UploadedFile, error) {
		var out []app.UploadedFile
		for _, fh := range r.MultipartForm.File[field] {
			f, err := fh.Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, err
			}
			out = append(out, app.UploadedFile{Name: fh.Filename, Data: data})
		}
		return out, nil
	}
	var up app.ImportUpload
	var err error
	if up.Files, err = read("file"); err == nil {
		var m []app.UploadedFile
		if m, err = read("mapping"); err == nil && len(m) > 0 {
			up.Mapping = &m[0]
		}
	}
	if err == nil {
		up.CodeLists, err = read("codes")
	}
	if err != nil {
		a.writeError(w, r, apperr.Invalid("file", apperr.RequestUnreadable, "the upload could not be read"))
		return
	}
	up.SkipInvalid = r.FormValue("skip_invalid") == "true"
	rep, err := a.svc.ImportKitas(sess.Principal, up)
	a.answer(w, r, rep, err)
}
