package app_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"mime/quotedprintable"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"kitaportal/app"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/internal/testcert"
	"kitaportal/app/notify"
	"kitaportal/app/session"
	"kitaportal/storage"
)

// mailServer is a real SMTP server (go-smtp) on loopback with STARTTLS and
// AUTH PLAIN. failFirst makes the first deliveries fail with a temporary
// error, like a mail server that is briefly overloaded.
type mailServer struct {
	mu        sync.Mutex
	failFirst int
	received  []receivedMail
	srv       *smtp.Server
	port      int
	certPool  *x509.CertPool
	// mechs are the SASL mechanisms offered (default PLAIN).
	mechs []string
}

type receivedMail struct {
	from, to, data string
	user           string
}

type mailSession struct {
	s    *mailServer
	user string
	m    receivedMail
}

func (ms *mailSession) AuthMechanisms() []string {
	if len(ms.s.mechs) > 0 {
		return ms.s.mechs
	}
	return []string{sasl.Plain}
}

func (ms *mailSession) Auth(mech string) (sasl.Server, error) {
	if !slices.Contains(ms.AuthMechanisms(), mech) { // as Exchange answers AUTH PLAIN
		return nil, &smtp.SMTPError{Code: 504, EnhancedCode: smtp.EnhancedCode{5, 7, 4}, Message: "Unrecognized authentication type"}
	}
	check := func(user, pass string) error {
		if user != "kitaportal" || pass != "smtp-geheim" {
			return smtp.ErrAuthFailed
		}
		ms.user = user + " via " + mech
		return nil
	}
	switch mech {
	case sasl.Login:
		return &loginServer{check: check}, nil
	case "XOAUTH2":
		return &xoauth2Server{check: check}, nil
	}
	return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
}

// loginServer is AUTH LOGIN as Microsoft Exchange speaks it (go-sasl has
// only the client): "Username:", then "Password:", each base64.
type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func (s *loginServer) Next(response []byte) ([]byte, bool, error) {
	switch s.step++; s.step {
	case 1:
		if len(response) > 0 { // an initial response carries the user
			s.user, s.step = string(response), 2
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		s.user = string(response)
		return []byte("Password:"), false, nil
	}
	return nil, true, s.check(s.user, string(response))
}

// xoauth2Server reads "user=U\x01auth=Bearer T\x01\x01"; the token plays the password.
type xoauth2Server struct{ check func(user, pass string) error }

func (s *xoauth2Server) Next(response []byte) ([]byte, bool, error) {
	var user, token string
	for _, part := range strings.Split(string(response), "\x01") {
		if v, ok := strings.CutPrefix(part, "user="); ok {
			user = v
		}
		if v, ok := strings.CutPrefix(part, "auth=Bearer "); ok {
			token = v
		}
	}
	return nil, true, s.check(user, token)
}
func (ms *mailSession) Reset()        { ms.m = receivedMail{} }
func (ms *mailSession) Logout() error { return nil }
func (ms *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if ms.user == "" {
		return smtp.ErrAuthRequired
	}
	ms.m.from = from
	return nil
}
func (ms *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error { ms.m.to = to; return nil }
func (ms *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ms.s.mu.Lock()
	defer ms.s.mu.Unlock()
	if ms.s.failFirst > 0 {
		ms.s.failFirst--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ms.m.data, ms.m.user = string(data), ms.user
	ms.s.received = append(ms.s.received, ms.m)
	return nil
}

func startMailServer(t *testing.T, failFirst int) *mailServer {
	t.Helper()
	return startMailServerWith(t, failFirst, false)
}

// startMailServerWith starts the server with STARTTLS, or with implicit TLS
// (port 465 style) when implicit is set.
func startMailServerWith(t *testing.T, failFirst int, implicit bool) *mailServer {
	t.Helper()
	cert := testcert.New(t)
	ms := &mailServer{failFirst: failFirst, certPool: cert.Pool}
	ms.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &mailSession{s: ms}, nil
	}))
	ms.srv.Domain = "localhost"
	ms.srv.ReadTimeout, ms.srv.WriteTimeout = 10*time.Second, 10*time.Second
	tlsConf := &tls.Config{Certificates: []tls.Certificate{cert.TLS}}
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", tlsConf)
	} else {
		ms.srv.TLSConfig = tlsConf
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	ms.port = ln.Addr().(*net.TCPAddr).Port
	go func() { _ = ms.srv.Serve(ln) }()
	t.Cleanup(func() { ms.srv.Close() })
	return ms
}

func (ms *mailServer) mails() []receivedMail {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]receivedMail(nil), ms.received...)
}

func configureMail(t *testing.T, svc *app.Services, ms *mailServer) {
	t.Helper()
	svc.Notify.TLS = &tls.Config{RootCAs: ms.certPool}
	_, err := svc.Settings.Set(map[string]string{
		"smtp_host": "localhost", "smtp_port": strconv.Itoa(ms.port), "smtp_security": "starttls",
		"smtp_username": "kitaportal", "smtp_password": "smtp-geheim", "smtp_from": "kitaportal@stadt.example",
		"public_url": "https://kita.stadt.example",
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMailDeliveryOverSTARTTLS(t *testing.T) {
	f := apptest.NewLife(t)
	ms := startMailServer(t, 0)
	configureMail(t, f.Svc, ms)
	form := apptest.ValidForm()
	form.Language = "tr"
	rec, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: []string{"k-pfaff"}, Channel: session.ShellWeb})
	if err != nil {
		t.Fatal(err)
	}
	sent, failed, err := f.Svc.Notify.DeliverDue(context.Background())
	if err != nil || sent != 1 || failed != 0 {
		t.Fatalf("deliver: sent %d, failed %d, %v", sent, failed, err)
	}
	got := ms.mails()
	if len(got) != 1 || got[0].to != "anna@example.de" || got[0].from != "kitaportal@stadt.example" || got[0].user != "kitaportal via PLAIN" {
		t.Fatalf("received %+v", got)
	}
	body := decodeQP(t, got[0].data)
	for _, want := range []string{rec.Number, "Ihre Vormerkung", "ön kaydınız", "https://kita.stadt.example/status/" + rec.Number} {
		if !strings.Contains(body, want) {
			t.Errorf("the mail lacks %q:\n%s", want, body)
		}
	}
	for _, personal := range []string{"Mia", "Müller", "Pfaffstraße", "2024-09-01", rec.AccessCode} {
		if strings.Contains(body, personal) {
			t.Errorf("the mail carries personal data %q", personal)
		}
	}
	msgs, _ := apptest.DB(f.Svc).Outbox(false)
	if len(msgs) != 1 || msgs[0].SentAt == nil || msgs[0].Attempts != 1 {
		t.Errorf("outbox %+v", msgs)
	}
	if sent, _, _ := f.Svc.Notify.DeliverDue(context.Background()); sent != 0 {
		t.Errorf("a delivered mail was sent again")
	}
}

func TestMailRetriedWithBackoff(t *testing.T) {
	f := apptest.NewLife(t)
	ms := startMailServer(t, 2)
	configureMail(t, f.Svc, ms)
	if err := apptest.DB(f.Svc).Enqueue(storage.Message{To: "eltern@example.de", Subject: "Test", Body: "Hallo", CreatedAt: *f.Now}); err != nil {
		t.Fatal(err)
	}
	deliver := func() (int, int) {
		sent, failed, err := f.Svc.Notify.DeliverDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return sent, failed
	}
	if sent, failed := deliver(); sent != 0 || failed != 1 {
		t.Fatalf("first try: sent %d failed %d", sent, failed)
	}
	if sent, failed := deliver(); sent+failed != 0 {
		t.Fatalf("retried before the backoff: sent %d failed %d", sent, failed)
	}
	*f.Now = f.Now.Add(time.Minute)
	if sent, failed := deliver(); sent != 0 || failed != 1 {
		t.Fatalf("second try: sent %d failed %d", sent, failed)
	}
	msgs, _ := apptest.DB(f.Svc).Outbox(true)
	if len(msgs) != 1 || !msgs[0].NextAttempt.Equal(f.Now.Add(2*time.Minute)) || !strings.Contains(msgs[0].LastError, "451") {
		t.Fatalf("after two failures: %+v", msgs)
	}
	*f.Now = f.Now.Add(2 * time.Minute)
	if sent, failed := deliver(); sent != 1 || failed != 0 {
		t.Fatalf("third try: sent %d failed %d", sent, failed)
	}
	if got := ms.mails(); len(got) != 1 || got[0].to != "eltern@example.de" {
		t.Errorf("received %+v", got)
	}
}

func TestMailGivesUpAndReportsWrongSettings(t *testing.T) {
	f := apptest.NewLife(t)
	ms := startMailServer(t, 0)
	configureMail(t, f.Svc, ms)
	if _, err := f.Svc.Settings.Set(map[string]string{"smtp_password": "falsch"}); err != nil {
		t.Fatal(err)
	}
	if err := apptest.DB(f.Svc).Enqueue(storage.Message{To: "eltern@example.de", Subject: "Test", Body: "Hallo", CreatedAt: *f.Now}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < notify.MaxAttempts; i++ {
		if _, _, err := f.Svc.Notify.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		*f.Now = f.Now.Add(notify.MaxBackoff)
	}
	msgs, _ := apptest.DB(f.Svc).Outbox(false)
	if len(msgs) != 1 || !msgs[0].GaveUp || msgs[0].Attempts != notify.MaxAttempts || !strings.Contains(msgs[0].LastError, "auth") {
		t.Errorf("after %d failures: %+v", notify.MaxAttempts, msgs)
	}
	if pending, _ := apptest.DB(f.Svc).Outbox(true); len(pending) != 0 {
		t.Errorf("a given-up message is still pending")
	}
}

func TestNoMailWithoutSMTP(t *testing.T) {
	f := apptest.NewLife(t)
	f.Register(t, []string{"k-pfaff"}, nil)
	if msgs, _ := apptest.DB(f.Svc).Outbox(false); len(msgs) != 0 {
		t.Errorf("%d messages queued without a mail server", len(msgs))
	}
}

func decodeQP(t *testing.T, data string) string {
	t.Helper()
	_, body, ok := strings.Cut(data, "\r\n\r\n")
	if !ok {
		t.Fatalf("no header end in %q", data)
	}
	out, err := io.ReadAll(quotedPrintableReader(body))
	if err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(out), "\r\n", "\n")
}

func quotedPrintableReader(s string) io.Reader {
	return quotedprintable.NewReader(strings.NewReader(s))
}

// TestMailAuthMechanisms: a server that offers only LOGIN (Microsoft
// Exchange answered AUTH PLAIN with 504 5.7.4), XOAUTH2 with the token
// from a file, implicit TLS, and the password from the environment.
func TestMailAuthMechanisms(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "smtp-token")
	if err := os.WriteFile(tokenFile, []byte("smtp-geheim\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		mechs    []string
		settings map[string]string
		env      string
		implicit bool
		want     string
	}{
		{"Exchange offers only LOGIN", []string{sasl.Login}, nil, "", false, "kitaportal via LOGIN"},
		{"PLAIN preferred when both", []string{sasl.Login, sasl.Plain}, nil, "", false, "kitaportal via PLAIN"},
		{"LOGIN when set", []string{sasl.Plain, sasl.Login}, map[string]string{"smtp_auth": "login"}, "", false, "kitaportal via LOGIN"},
		{"XOAUTH2 token from a file", []string{"XOAUTH2"}, map[string]string{"smtp_auth": "xoauth2", "smtp_password": "", "smtp_password_file": tokenFile}, "", false, "kitaportal via XOAUTH2"},
		{"password from the environment, implicit TLS", nil, map[string]string{"smtp_password": "", "smtp_security": "tls"}, "smtp-geheim", true, "kitaportal via PLAIN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := apptest.NewLife(t)
			ms := startMailServerWith(t, 0, tc.implicit)
			ms.mechs = tc.mechs
			configureMail(t, f.Svc, ms)
			if tc.settings != nil {
				if _, err := f.Svc.Settings.Set(tc.settings); err != nil {
					t.Fatal(err)
				}
			}
			t.Setenv("KITAPORTAL_SMTP_PASSWORD", tc.env)
			if _, err := f.Svc.Submit(app.SubmitRequest{Form: apptest.ValidForm(), Merkliste: []string{"k-pfaff"}, Channel: session.ShellWeb}); err != nil {
				t.Fatal(err)
			}
			sent, failed, err := f.Svc.Notify.DeliverDue(context.Background())
			msgs, _ := apptest.DB(f.Svc).Outbox(false)
			if err != nil || sent != 1 || failed != 0 {
				t.Fatalf("sent %d, failed %d, %v; outbox %+v", sent, failed, err, msgs)
			}
			if got := ms.mails(); len(got) != 1 || got[0].user != tc.want {
				t.Fatalf("received %+v, want authenticated as %q", got, tc.want)
			}
		})
	}
}
