package app

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

	"kitaportal/storage"
)

// Delivery of the outbox: every pending message whose time has come is
// sent; a failure is retried with exponential backoff (1 minute, doubling,
// at most 6 hours) and given up after maxAttempts, which the admin sees.
const (
	maxAttempts  = 10
	firstBackoff = time.Minute
	maxBackoff   = 6 * time.Hour
	smtpTimeout  = 30 * time.Second
)

// backoff is the wait after the n-th failed attempt (n ≥ 1).
func backoff(n int) time.Duration {
	d := firstBackoff << (n - 1)
	if n > 20 || d > maxBackoff {
		return maxBackoff
	}
	return d
}

// DeliverDue sends the messages that are due; it returns how many were
// sent and how many failed this time.
func (s *Services) DeliverDue(ctx context.Context) (sent, failed int, err error) {
	set, err := s.Settings()
	if err != nil || set.SMTPHost == "" {
		return 0, 0, err
	}
	msgs, err := s.Store.Outbox(true)
	if err != nil {
		return 0, 0, err
	}
	now := s.Now()
	for _, m := range msgs {
		if ctx.Err() != nil || m.NextAttempt.After(now) {
			continue
		}
		m.Attempts++
		if err := s.sendMail(ctx, set, m); err != nil {
			failed++
			m.LastError = oneLineError(err)
			m.NextAttempt = now.Add(backoff(m.Attempts))
			m.GaveUp = m.Attempts >= maxAttempts
			s.Log.WithField("message", m.ID).WithField("attempt", m.Attempts).WithField("gave_up", m.GaveUp).Warn("mail delivery failed")
		} else {
			sent++
			t := s.Now()
			m.SentAt, m.LastError = &t, ""
		}
		if err := s.Store.UpdateMessage(m); err != nil {
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
func (s *Services) sendMail(ctx context.Context, set Settings, m storage.Message) error {
	addr := net.JoinHostPort(set.SMTPHost, strconv.Itoa(set.SMTPPort))
	tlsConf := &tls.Config{ServerName: set.SMTPHost, MinVersion: tls.VersionTLS12}
	if s.MailTLS != nil {
		tlsConf = s.MailTLS.Clone()
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
	if _, err := w.Write(formatMail(set.SMTPFrom, m, s.Now())); err != nil {
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

// ExpireAllOffers applies passed deadlines everywhere (the Kita's list and
// the statistics must not wait for the family to look).
func (s *Services) ExpireAllOffers() error {
	now := s.Now()
	var due []string
	err := s.Store.ForEachApplication(func(l storage.Loaded) error {
		for _, v := range l.Vormerkungen {
			if v.Status == storage.StatusPlatzangebot && v.Offer != nil && !now.Before(v.Offer.Deadline) {
				due = append(due, l.App.Number)
				break
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, n := range due {
		if err := s.ExpireOffersOf(n); err != nil {
			return err
		}
	}
	return nil
}

// RunBackground delivers mail and expires offers until ctx ends (serve).
func (s *Services) RunBackground(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.ExpireAllOffers(); err != nil {
			s.Log.WithError(err).Error("expire offers")
		}
		if _, _, err := s.DeliverDue(ctx); err != nil {
			s.Log.WithError(err).Error("deliver mail")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
