package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"kitaportal/app/buildinfo"
	"kitaportal/app/httpapi"
	"kitaportal/app/session"

	"github.com/sirupsen/logrus"
)

const serveArgs = "[--data DIR] [--demo] [--addr HOST:PORT] [--public-url URL] [--tls-cert F --tls-key F] [--kiosk-key KEY] [--trust-proxy [--trusted-proxies CIDR,…]]"

// netFlags are the options of the network shell; the kiosk takes them too,
// to serve phones from the same process (and so the same data).
type netFlags struct {
	addr, publicURL, cert, key, kioskKey *string
	trustProxy                           *bool
	trustedProxies                       *string
	proxies                              []netip.Prefix // parsed by check
}

func addNetFlags(fs *flag.FlagSet, defaultAddr string) netFlags {
	return netFlags{
		addr:           fs.String("addr", defaultAddr, "address to listen on for phones, desks and browsers"),
		publicURL:      fs.String("public-url", "", "the address phones use to reach this server (for QR codes)"),
		cert:           fs.String("tls-cert", "", "TLS certificate file (PEM)"),
		key:            fs.String("tls-key", "", "TLS key file (PEM)"),
		kioskKey:       fs.String("kiosk-key", os.Getenv("KITAPORTAL_KIOSK_KEY"), "browsers opening /?kiosk=KEY get kiosk sessions (idle wipe, on-screen keyboard); default $KITAPORTAL_KIOSK_KEY"),
		trustProxy:     fs.Bool("trust-proxy", false, "behind a reverse proxy: take the client address from X-Forwarded-For and https from X-Forwarded-Proto"),
		trustedProxies: fs.String("trusted-proxies", "", "with --trust-proxy: comma-separated ranges (CIDR) the proxies run in; the client is the right-most X-Forwarded-For address outside them (default: loopback and private ranges)"),
	}
}

func (n *netFlags) check() error {
	if *n.trustedProxies != "" {
		if !*n.trustProxy {
			return usagef("--trusted-proxies needs --trust-proxy")
		}
		for _, f := range strings.Split(*n.trustedProxies, ",") {
			p, err := netip.ParsePrefix(strings.TrimSpace(f))
			if err != nil {
				return usagef("--trusted-proxies: %q is not a range such as 10.0.0.0/8", strings.TrimSpace(f))
			}
			n.proxies = append(n.proxies, p.Masked())
		}
	}
	if (*n.cert == "") != (*n.key == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	if *n.publicURL != "" {
		u, err := url.Parse(*n.publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--public-url %q is not an http(s) address such as https://kita.example.de", *n.publicURL)
		}
	}
	if *n.kioskKey != "" && len(*n.kioskKey) < 16 {
		return usagef("--kiosk-key must have at least 16 characters")
	}
	return nil
}

func (n netFlags) options() httpapi.Options {
	return httpapi.Options{KioskKey: *n.kioskKey, PublicURL: strings.TrimRight(*n.publicURL, "/"), TrustProxy: *n.trustProxy, TrustedProxies: n.proxies}
}

func runServe(env Env, args []string) error {
	fs, data := newFlags(env, "serve", serveArgs)
	nf := addNetFlags(fs, "127.0.0.1:8080")
	demo := fs.Bool("demo", false, "on an empty data directory, load the invented demo city (shown as demo in the UI)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := nf.check(); err != nil {
		return err
	}
	log := newLogger(env.Stderr, true)
	o, err := open(*data, log, *demo)
	if err != nil {
		return err
	}
	defer o.Close()
	o.finishDeletions(log)
	o.restoreSessions(log)
	stopControl, err := startControl(o, *data, log)
	if err != nil {
		return err
	}
	defer stopControl()
	if n, err := o.store.CountKitas(); err == nil && n == 0 {
		log.Warnf("the store holds no Kitas yet: import your city's Kitas with `kitaportal import --data %s FILE` (or start with --demo to try the invented demo city)", *data)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ln, err := listen(o, nf)
	if err != nil {
		return err
	}
	return serveHTTP(ctx, env, o, nf, ln, o.handler(env.Assets, nf.options()))
}

// listen opens the flags' address. The kiosk calls it before it opens its
// window, so that a taken port is an error at once, not a hand-off that
// points nowhere.
func listen(o *opened, nf netFlags) (net.Listener, error) {
	// The city's districts and centre are computed once per data state;
	// doing it before listening keeps a burst of first visitors from all
	// queueing behind it.
	if _, err := o.svc.Catalog.City(); err != nil {
		o.svc.Log.WithError(err).Warn("city info")
	}
	ln, err := net.Listen("tcp", *nf.addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (is another server running? use --addr)", *nf.addr, err)
	}
	return ln, nil
}

// serveHTTP serves handler on ln until ctx ends, then shuts down
// gracefully: requests in flight finish (up to 15 s). Mail delivery and
// offer deadlines run beside it and stop before it returns.
func serveHTTP(ctx context.Context, env Env, o *opened, nf netFlags, ln net.Listener, handler http.Handler) error {
	log := o.svc.Log
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	errc := make(chan error, 1)
	go func() {
		if *nf.cert != "" {
			errc <- srv.ServeTLS(ln, *nf.cert, *nf.key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
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
	b := buildinfo.Read()
	log.WithFields(logrus.Fields{"addr": ln.Addr().String(), "version": b.Version, "commit": b.Commit}).Info("serving")
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
		o.keepSessions(log)
	}
	return nil
}

// keepSessions writes the live web sessions to the store for the next
// start (a planned restart keeps drafts and logins).
func (o *opened) keepSessions(log *logrus.Logger) {
	set, err := o.svc.Settings.Get()
	if err != nil {
		log.WithError(err).Error("sessions not kept")
		return
	}
	ps := o.sessions.Sessions.Export(o.svc.Now(), set)
	data, err := json.Marshal(ps)
	if err == nil {
		err = o.store.KeepSessions(data)
	}
	if err != nil {
		log.WithError(err).Error("sessions not kept")
		return
	}
	log.WithField("sessions", len(ps)).Info("sessions kept for the next start")
}

// restoreSessions takes back the sessions a planned stop kept.
func (o *opened) restoreSessions(log *logrus.Logger) {
	data, err := o.store.TakeSessions()
	if err != nil || data == nil {
		if err != nil {
			log.WithError(err).Error("kept sessions not read")
		}
		return
	}
	var ps []session.Persisted
	set, err := o.svc.Settings.Get()
	if err == nil {
		err = json.Unmarshal(data, &ps)
	}
	if err != nil {
		log.WithError(err).Error("kept sessions not read")
		return
	}
	n := o.sessions.Sessions.Import(ps, o.svc.Now(), set)
	log.WithFields(logrus.Fields{"sessions": n, "expired": len(ps) - n}).Info("sessions of the last run taken back")
}
