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
	"net/smtp"
	"strconv"
	"strings"
	"time"

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
	c, err := smtp.NewClient(conn, set.SMTPHost)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer c.Close()
	if set.SMTPSecurity == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the mail server does not offer STARTTLS (set smtp_security to tls or none)")
		}
		if err := c.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if set.SMTPUsername != "" {
		if err := c.Auth(smtp.PlainAuth("", set.SMTPUsername, set.SMTPPassword, set.SMTPHost)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(set.SMTPFrom); err != nil {
		return fmt.Errorf("smtp MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
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
