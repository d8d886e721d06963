package cli

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kitaportal/app/internal/testcert"
)

// runningServe starts `kitaportal serve` in this process on a free port
// and returns its base URL and a channel with its exit status.
func runningServe(t *testing.T, args ...string) (string, chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := Main(append([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--demo"}, args...), Env{Stdout: pw, Stderr: io.Discard})
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "listening on ") {
		t.Fatalf("serve did not start: %q %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	addr := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	scheme := "http"
	if strings.Contains(strings.Join(args, " "), "--tls-cert") {
		scheme = "https"
	}
	return scheme + "://" + addr, done
}

// stopServe sends SIGTERM, as systemd does, and waits for a clean exit.
func stopServe(t *testing.T, done chan int) {
	t.Helper()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d after SIGTERM", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20 s of SIGTERM")
	}
}

func TestServeSecurityHeadersAndLimits(t *testing.T) {
	base, done := runningServe(t, "--public-url", "https://kita.example.de")
	defer stopServe(t, done)
	for _, path := range []string{"/api/kitas?limit=1", "/api/session", "/"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		for name, want := range map[string]string{"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
			if h.Get(name) != want {
				t.Errorf("%s: %s = %q, want %q", path, name, h.Get(name), want)
			}
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", path)
		}
	}
	// A body over the limit is refused before anything reads it.
	big := strings.NewReader(strings.Repeat("x", 2<<20))
	resp, err := http.Post(base+"/api/handoff/redeem", "application/json", big)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB body: %d", resp.StatusCode)
	}
	// A header section over the limit.
	req, _ := http.NewRequest(http.MethodGet, base+"/api/kitas", nil)
	req.Header.Set("X-Filler", strings.Repeat("y", 64<<10))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("64 KiB header: %d", resp.StatusCode)
		}
	}
}

func TestServeGracefulShutdownFinishesRequests(t *testing.T) {
	base, done := runningServe(t)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := client.Get(base + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	// A phone on a slow line: the form arrives in pieces over a second.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPut, base+"/api/draft/form", pr)
	req.Header.Set("X-CSRF-Token", sess.CSRF)
	req.Header.Set("Content-Type", "application/json")
	result := make(chan int, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("in-flight request failed: %v", err)
			result <- 0
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	_, _ = pw.Write([]byte(`{"child":{"first_name":`))
	time.Sleep(300 * time.Millisecond)
	stopped := make(chan struct{})
	go func() { stopServe(t, done); close(stopped) }()
	time.Sleep(500 * time.Millisecond)
	_, _ = pw.Write([]byte(`"Mia"}}`))
	pw.Close()
	if code := <-result; code != http.StatusNoContent {
		t.Errorf("the request in flight during SIGTERM got %d, want 204", code)
	}
	<-stopped
	if _, err := http.Get(base + "/api/kitas"); err == nil {
		t.Error("still serving after shutdown")
	}
}

func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := writeCert(t, dir)
	base, done := runningServe(t, "--tls-cert", certFile, "--tls-key", keyFile)
	defer stopServe(t, done)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "localhost"}}}
	resp, err := client.Get(base + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over TLS")
	}
	var secure bool
	for _, c := range resp.Cookies() {
		secure = c.Name == "kp_session" && c.Secure && c.HttpOnly
	}
	if !secure {
		t.Errorf("session cookie over TLS is not Secure+HttpOnly: %v", resp.Header.Values("Set-Cookie"))
	}
}

func TestServeBehindProxy(t *testing.T) {
	base, done := runningServe(t, "--trust-proxy")
	defer stopServe(t, done)
	req, _ := http.NewRequest(http.MethodGet, base+"/api/session", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") == "" || !strings.Contains(resp.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("behind a TLS proxy: HSTS %q, cookie %q", resp.Header.Get("Strict-Transport-Security"), resp.Header.Get("Set-Cookie"))
	}
}

func writeCert(t *testing.T, dir string) (string, string, *x509.CertPool) {
	t.Helper()
	c := testcert.New(t)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, c.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, c.KeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, c.Pool
}

// A kiosk whose --addr is taken says so and opens no window: a window
// whose hand-off codes point at somebody else's server helps nobody.
func TestKioskWithATakenAddressOpensNoWindow(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	t.Setenv("DISPLAY", ":99") // the window is never opened: RunKiosk below records the call
	opened := false
	var out, errb bytes.Buffer
	code := Main([]string{"kiosk", "--data", t.TempDir(), "--addr", taken.Addr().String(), "--public-url", "http://" + taken.Addr().String()},
		Env{Stdout: &out, Stderr: &errb, RunKiosk: func(KioskConfig) error { opened = true; return nil }})
	if code == 0 || opened {
		t.Fatalf("exit %d, window opened %v; want an error and no window", code, opened)
	}
	if !strings.Contains(errb.String(), "listen on "+taken.Addr().String()) {
		t.Errorf("the error does not name the address: %s", errb.String())
	}
}

func TestServeTrustedProxiesAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"--trust-proxy", "--trusted-proxies", "10.0.0.0/8,proxy.example"},
		{"--trusted-proxies", "10.0.0.0/8"},
	} {
		code, _, stderr := run(t, append([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, args...)...)
		if code != 2 || !strings.Contains(stderr, "--trusted-proxies") || strings.Contains(stderr, "goroutine") {
			t.Errorf("serve %v: exit %d, %s", args, code, stderr)
		}
	}
}
