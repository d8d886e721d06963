package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"kitaportal/app"
)

func runServe(env Env, args []string) error {
	fs, data := newFlags(env, "serve", "[--data DIR] [--addr HOST:PORT] [--public-url URL] [--tls-cert F --tls-key F]")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	publicURL := fs.String("public-url", "", "the address phones use to reach this server (for QR codes)")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM)")
	key := fs.String("tls-key", "", "TLS key file (PEM)")
	trustProxy := fs.Bool("trust-proxy", false, "behind a reverse proxy: take the client address from X-Forwarded-For and https from X-Forwarded-Proto")
	kioskKey := fs.String("kiosk-key", os.Getenv("KITAPORTAL_KIOSK_KEY"), "browsers opening /?kiosk=KEY get kiosk sessions (idle wipe, on-screen keyboard); default $KITAPORTAL_KIOSK_KEY")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if (*cert == "") != (*key == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	if *publicURL != "" {
		u, err := url.Parse(*publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--public-url %q is not an http(s) address such as https://kita.example.de", *publicURL)
		}
	}
	if *kioskKey != "" && len(*kioskKey) < 16 {
		return usagef("--kiosk-key must have at least 16 characters")
	}
	log := newLogger(env.Stderr, true)
	o, err := open(*data, log, true)
	if err != nil {
		return err
	}
	defer o.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server running? use --addr)", *addr, err)
	}
	srv := &http.Server{
		Handler: o.svc.Handler(env.Assets, app.HandlerOptions{
			KioskKey: *kioskKey, PublicURL: strings.TrimRight(*publicURL, "/"), TrustProxy: *trustProxy,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		if *cert != "" {
			errc <- srv.ServeTLS(ln, *cert, *key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	// Mail delivery and offer deadlines run beside the server and stop
	// before the store closes.
	bg, stopBG := context.WithCancel(context.Background())
	bgDone := make(chan struct{})
	go func() {
		defer close(bgDone)
		o.svc.RunBackground(bg, 30*time.Second)
	}()
	defer func() {
		stopBG()
		<-bgDone
	}()
	log.WithField("addr", ln.Addr().String()).Info("serving")
	// Tests and scripts read this line to learn the port of --addr :0.
	fmt.Fprintf(env.Stdout, "listening on %s\n", ln.Addr())
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("shutting down")
		shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	return nil
}
