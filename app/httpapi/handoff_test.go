package httpapi

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"kitaportal/app/auth"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/internal/testcity"
	"kitaportal/app/session"
)

const testKioskKey = "kiosk-key-0123456789"

// kioskWithDraft is a kiosk session that chose two Kitas and typed part of
// the form.
func kioskWithDraft(t *testing.T, h http.Handler) *apiClient {
	t.Helper()
	k := newClient(t, h)
	k.session("?kiosk=" + testKioskKey)
	k.cookie = nil
	for _, id := range []string{"k-betze", "k-pfaff"} {
		merklisteIDs(t, k.do(http.MethodPost, "/api/merkliste", `{"kita_id":"`+id+`"}`))
	}
	if rec := k.do(http.MethodPut, "/api/draft/form", `{"child":{"first_name":"Mia","last_name":"Müller"},"care_hours":35}`); rec.Code != http.StatusNoContent {
		t.Fatalf("draft: %d %s", rec.Code, rec.Body)
	}
	return k
}

// decodeQR reads a QR code image the way a phone camera would.
func decodeQR(t *testing.T, dataURL string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(dataURL, "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code in the image: %v", err)
	}
	return res.GetText()
}

func TestHandoffToPhone(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	kiosk := kioskWithDraft(t, h)
	var hv session.HandoffView
	kiosk.decode(kiosk.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &hv)
	url := decodeQR(t, hv.QRDataURL)
	token := strings.TrimPrefix(url, "https://kita.example.de/h/")
	if url != hv.URL || len(token) < 22 || hv.ShortURL != "kita.example.de/h" || len(hv.Code) != 9 {
		t.Fatalf("hand-off %+v, QR %q", hv, url)
	}
	var state map[string]string
	kiosk.decode(kiosk.do(http.MethodGet, "/api/handoff", ""), http.StatusOK, &state)
	if state["state"] != "pending" {
		t.Fatalf("kiosk state %v", state)
	}

	phone := newClient(t, h)
	var v SessionView
	phone.decode(phone.do(http.MethodPost, "/api/handoff/redeem", `{"token":"`+token+`"}`), http.StatusOK, &v)
	if v.Shell != session.ShellWeb || v.SessionID != "" || phone.cookie == nil || len(v.Draft.Merkliste) != 2 ||
		v.Draft.Merkliste[0].ID != "k-betze" || !bytes.Contains(v.Draft.Form, []byte(`"Mia"`)) {
		t.Fatalf("phone session %+v", v)
	}
	kiosk.decode(kiosk.do(http.MethodGet, "/api/handoff", ""), http.StatusOK, &state)
	if state["state"] != "redeemed" {
		t.Errorf("the kiosk does not learn of the hand-off: %v", state)
	}
	kiosk.wantError(kiosk.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-unknown"}`), http.StatusUnauthorized, "session.expired")
	if fresh := kiosk.session("?kiosk=" + testKioskKey); len(fresh.Draft.Merkliste) != 0 || bytes.Contains(fresh.Draft.Form, []byte("Mia")) {
		t.Errorf("the kiosk still holds the family's draft: %+v", fresh.Draft)
	}
	again := newClient(t, h)
	again.wantError(again.do(http.MethodPost, "/api/handoff/redeem", `{"token":"`+token+`"}`), http.StatusNotFound, "handoff.invalid")
}

func TestHandoffByTypedCode(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	kiosk := kioskWithDraft(t, h)
	var hv session.HandoffView
	kiosk.decode(kiosk.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &hv)
	typed := strings.ToLower(strings.ReplaceAll(hv.Code, "-", " "))
	phone := newClient(t, h)
	var v SessionView
	phone.decode(phone.do(http.MethodPost, "/api/handoff/redeem", `{"code":"`+typed+`"}`), http.StatusOK, &v)
	if len(v.Draft.Merkliste) != 2 {
		t.Errorf("phone draft %+v", v.Draft)
	}
	// A new request replaces the old hand-off: its token is dead.
	kiosk2 := kioskWithDraft(t, h)
	var first, second session.HandoffView
	kiosk2.decode(kiosk2.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &first)
	kiosk2.decode(kiosk2.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &second)
	other := newClient(t, h)
	other.wantError(other.do(http.MethodPost, "/api/handoff/redeem", `{"code":"`+first.Code+`"}`), http.StatusNotFound, "handoff.invalid")
}

func TestHandoffExpires(t *testing.T) {
	svc := apptest.NewSubmit(t)
	now := testcity.Now
	svc.Now = func() time.Time { return now }
	h := handlerOf(svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	kiosk := kioskWithDraft(t, h)
	var hv session.HandoffView
	kiosk.decode(kiosk.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &hv)
	now = now.Add(10 * time.Minute)
	kiosk.session("?kiosk=" + testKioskKey) // the kiosk is still in use
	phone := newClient(t, h)
	phone.wantError(phone.do(http.MethodPost, "/api/handoff/redeem", `{"token":"`+strings.TrimPrefix(hv.URL, "https://kita.example.de/h/")+`"}`),
		http.StatusNotFound, "handoff.invalid")
	var state map[string]string
	kiosk.decode(kiosk.do(http.MethodGet, "/api/handoff", ""), http.StatusOK, &state)
	if state["state"] != "none" {
		t.Errorf("expired hand-off state %v", state)
	}
}

func TestHandoffGuessingIsRefusedAndLimited(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	kiosk := kioskWithDraft(t, h)
	var hv session.HandoffView
	kiosk.decode(kiosk.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &hv)
	guesser := newClient(t, h)
	refused, limited := 0, 0
	for i := 0; i < 1000; i++ {
		rec := guesser.do(http.MethodPost, "/api/handoff/redeem", fmt.Sprintf(`{"token":%q}`, auth.RandomToken(session.HandoffTokenBytes)))
		switch rec.Code {
		case http.StatusNotFound:
			refused++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("guess %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	if refused != 10 || limited != 990 {
		t.Errorf("refused %d, rate limited %d; want 10 and 990", refused, limited)
	}
	// The real token still works from another address (the family's phone).
	phone := newClient(t, h)
	phone.addr = "198.51.100.23:40000"
	var v SessionView
	phone.decode(phone.do(http.MethodPost, "/api/handoff/redeem", `{"token":"`+strings.TrimPrefix(hv.URL, "https://kita.example.de/h/")+`"}`), http.StatusOK, &v)
	if len(v.Draft.Merkliste) != 2 {
		t.Errorf("phone draft %+v", v.Draft)
	}
}

func TestHandoffOnlyFromAKioskWithAChoice(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	web := newClient(t, h)
	web.session("")
	web.wantError(web.do(http.MethodPost, "/api/handoff", ""), http.StatusForbidden, "handoff.kiosk_only")
	empty := newClient(t, h)
	empty.session("?kiosk=" + testKioskKey)
	empty.wantError(empty.do(http.MethodPost, "/api/handoff", ""), http.StatusConflict, "merkliste.empty")
	bad := newClient(t, h)
	bad.wantError(bad.do(http.MethodPost, "/api/handoff/redeem", `{"token":"a","code":"b"}`), http.StatusBadRequest, "handoff.invalid_request")
}

func TestLoginKeepsTheDraftOnlyForTheFamily(t *testing.T) {
	f := apptest.NewLife(t)
	_, rec := f.Register(t, []string{"k-pfaff"}, nil)
	h := handlerOf(f.Svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	for _, tc := range []struct {
		name, path, body string
		keeps            bool
	}{
		{"family", "/api/login/code", `{"number":"` + rec.Number + `","access_code":"` + rec.AccessCode + `"}`, true},
		{"clerk", "/api/login/staff", `{"login":"clerk","password":"` + apptest.StaffPassword + `"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := kioskWithDraft(t, h)
			var v SessionView
			k.decode(k.do(http.MethodPost, tc.path, tc.body), http.StatusOK, &v)
			if got := len(v.Draft.Merkliste) == 2; got != tc.keeps {
				t.Errorf("after a %s login the draft holds %d Kitas", tc.name, len(v.Draft.Merkliste))
			}
		})
	}
}

func TestWipeCancelsTheHandoff(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	kiosk := kioskWithDraft(t, h)
	var hv session.HandoffView
	kiosk.decode(kiosk.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &hv)
	if hv.ExpiresIn != 600 {
		t.Errorf("expires_in %d, want 600", hv.ExpiresIn)
	}
	kiosk.decode(kiosk.do(http.MethodDelete, "/api/session", ""), http.StatusOK, nil)
	phone := newClient(t, h)
	phone.wantError(phone.do(http.MethodPost, "/api/handoff/redeem", `{"code":"`+hv.Code+`"}`), http.StatusNotFound, "handoff.invalid")
}

// Someone who can make hand-offs (a kiosk) and redeems one of its own
// between guesses still gets 10 failed guesses per address, not 10 per
// success.
func TestHandoffSuccessesDoNotResetTheGuessLimit(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{KioskKey: testKioskKey, PublicURL: "https://kita.example.de"})
	guesser := newClient(t, h)
	refused, limited := 0, 0
	for round := 0; round < 4; round++ {
		kiosk := kioskWithDraft(t, h)
		var hv session.HandoffView
		kiosk.decode(kiosk.do(http.MethodPost, "/api/handoff", ""), http.StatusCreated, &hv)
		for i := 0; i < 9; i++ {
			switch rec := guesser.do(http.MethodPost, "/api/handoff/redeem", fmt.Sprintf(`{"token":%q}`, auth.RandomToken(session.HandoffTokenBytes))); rec.Code {
			case http.StatusNotFound:
				refused++
			case http.StatusTooManyRequests:
				limited++
			default:
				t.Fatalf("guess: %d %s", rec.Code, rec.Body)
			}
		}
		// Its own, real hand-off, from the same address.
		own := newClient(t, h)
		own.do(http.MethodPost, "/api/handoff/redeem", `{"token":"`+strings.TrimPrefix(hv.URL, "https://kita.example.de/h/")+`"}`)
	}
	if refused != 10 {
		t.Errorf("%d guesses refused as wrong before the limit (%d limited); want 10 in all", refused, limited)
	}
}
