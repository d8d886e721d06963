package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	sasl "github.com/emersion/go-sasl"
	smtp "github.com/emersion/go-smtp"

	"kitaportal/app/settings"
	"kitaportal/storage"
)

// Delivery of the outbox: every pending message whose time has come is
// sent; a failure is retried with exponential backoff (1 minute, doubling,
// at most 6 hours) and given up after MaxAttempts, which the admin sees.
const (
	MaxAttempts  = 10
	firstBackoff = time.Minute
	MaxBackoff   = 6 * time.Hour
	smtpTimeout  = 30 * time.Second
)

// backoff is the wait after the n-th failed attempt (n ≥ 1).
func backoff(n int) time.Duration {
	d := firstBackoff << (n - 1)
	if n > 20 || d > MaxBackoff {
		return MaxBackoff
	}
	return d
}

// DeliverDue sends the messages that are due; it returns how many were
// sent and how many failed this time.
func (n *Notifier) DeliverDue(ctx context.Context) (sent, failed int, err error) {
	set, err := n.settings.Get()
	if err != nil || set.SMTPHost == "" {
		return 0, 0, err
	}
	msgs, err := n.store.Outbox(true)
	if err != nil {
		return 0, 0, err
	}
	now := n.now()
	for _, m := range msgs {
		if ctx.Err() != nil || m.NextAttempt.After(now) {
			continue
		}
		m.Attempts++
		if err := n.sendMail(ctx, set, m); err != nil {
			failed++
			m.LastError = oneLineError(err)
			m.NextAttempt = now.Add(backoff(m.Attempts))
			m.GaveUp = m.Attempts >= MaxAttempts
			n.log.WithField("message", m.ID).WithField("attempt", m.Attempts).WithField("gave_up", m.GaveUp).Warn("mail delivery failed")
		} else {
			sent++
			t := n.now()
			m.SentAt, m.LastError = &t, ""
		}
		if err := n.store.UpdateMessage(m); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

func oneLineError(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}

// sendMail delivers one message over SMTP with the configured security.
func (n *Notifier) sendMail(ctx context.Context, set settings.Settings, m storage.Message) error {
	addr := net.JoinHostPort(set.SMTPHost, strconv.Itoa(set.SMTPPort))
	tlsConf := &tls.Config{ServerName: set.SMTPHost, MinVersion: tls.VersionTLS12}
	if n.TLS != nil {
		tlsConf = n.TLS.Clone()
		tlsConf.ServerName = set.SMTPHost
	}
	dialer := &net.Dialer{Timeout: smtpTimeout}
	var conn net.Conn
	var err error
	if set.SMTPSecurity == "tls" {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: tlsConf}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("connect to %s: %w", addr, err)
	}
	_ = conn.SetDeadline(time.Now().Add(smtpTimeout))
	var c *smtp.Client
	if set.SMTPSecurity == "starttls" {
		if c, err = smtp.NewClientStartTLS(conn, tlsConf); err != nil {
			conn.Close()
			if strings.Contains(err.Error(), "doesn't support STARTTLS") {
				return errors.New("the mail server does not offer STARTTLS (set smtp_security to tls or none)")
			}
			return fmt.Errorf("starttls: %w", err)
		}
	} else {
		c = smtp.NewClient(conn)
		if err := c.Hello("localhost"); err != nil {
			c.Close()
			return fmt.Errorf("smtp greeting: %w", err)
		}
	}
	defer c.Close()
	if set.SMTPUsername != "" {
		a, err := authClient(c, set)
		if err != nil {
			return err
		}
		if err := c.Auth(a); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(set.SMTPFrom, nil); err != nil {
		return fmt.Errorf("smtp MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To, nil); err != nil {
		return fmt.Errorf("smtp RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	if _, err := w.Write(formatMail(set.SMTPFrom, m, n.now())); err != nil {
		return fmt.Errorf("smtp write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp end of data: %w", err)
	}
	return c.Quit()
}

// formatMail writes a UTF-8 plain-text e-mail (quoted-printable body).
func formatMail(from string, m storage.Message, now time.Time) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: KitaPortal <%s>\r\n", from)
	fmt.Fprintf(&b, "To: <%s>\r\n", m.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", now.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <kitaportal-%d-%d@%s>\r\n", m.ID, m.CreatedAt.Unix(), domainOf(from))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(m.Body, "\n", "\r\n")))
	_ = qp.Close()
	return b.Bytes()
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}

// smtpPassword is the password (or OAuth token): from the file the
// settings name, else the environment, else the stored setting.
func smtpPassword(set settings.Settings) (string, error) {
	if set.SMTPPasswordFile != "" {
		b, err := os.ReadFile(set.SMTPPasswordFile)
		if err != nil {
			return "", fmt.Errorf("smtp password file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if p := os.Getenv("KITAPORTAL_SMTP_PASSWORD"); p != "" {
		return p, nil
	}
	return set.SMTPPassword, nil
}

// authClient chooses the SASL mechanism: the one set, or PLAIN, or LOGIN
// when the server offers LOGIN and not PLAIN (Microsoft Exchange).
func authClient(c *smtp.Client, set settings.Settings) (sasl.Client, error) {
	pw, err := smtpPassword(set)
	if err != nil {
		return nil, err
	}
	mech := set.SMTPAuth
	if mech == "" || mech == "auto" {
		mech = "plain"
		if !c.SupportsAuth(sasl.Plain) && c.SupportsAuth(sasl.Login) {
			mech = "login"
		}
	}
	switch mech {
	case "login":
		return sasl.NewLoginClient(set.SMTPUsername, pw), nil
	case "xoauth2":
		return xoauth2{user: set.SMTPUsername, token: pw}, nil
	}
	return sasl.NewPlainClient("", set.SMTPUsername, pw), nil
}

// xoauth2 is the XOAUTH2 mechanism of Google and Microsoft 365: the user
// and an OAuth access token in one initial response.
type xoauth2 struct{ user, token string }

func (x xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers the server's error challenge (a JSON status) with an empty
// response, as the mechanism prescribes; the server then fails the AUTH.
func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }
