// Command loadgen drives a running `kitaportal serve` with many concurrent
// phone sessions, each searching, opening Kitas and saving its draft, and
// reports throughput and latency percentiles. At the end every session
// reads its draft back: a draft that differs from the last one saved is
// counted as lost.
//
//	go run ./build/loadgen -url http://127.0.0.1:8080 -sessions 200 -duration 30s
//
// `make load` imports the Berlin data into a scratch directory, starts the
// server and runs this against it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

type sample struct {
	kind string
	at   time.Duration // when the request started, from the start of the run
	d    time.Duration
	err  error
}

type kitaRef struct {
	ID       string `json:"id"`
	Bookable bool   `json:"bookable"`
	Location *struct {
		Lat float64 `json:"lat"`
		Lon float64 `json:"lon"`
	} `json:"location"`
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "address of kitaportal serve")
	sessions := flag.Int("sessions", 200, "concurrent phone sessions")
	duration := flag.Duration("duration", 30*time.Second, "how long to run")
	think := flag.Duration("think", time.Second, "mean pause between a session's requests (a parent reading; 0: as fast as possible)")
	ramp := flag.Duration("ramp", 0, "start the sessions evenly spread over this time instead of all at once")
	flag.Parse()
	refs, err := loadKitas(*base)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	transport := &http.Transport{MaxIdleConns: *sessions * 2, MaxIdleConnsPerHost: *sessions * 2}
	results := make(chan sample, 4096)
	var collected []sample
	collectDone := make(chan struct{})
	go func() {
		for s := range results {
			collected = append(collected, s)
		}
		close(collectDone)
	}()
	var wg sync.WaitGroup
	lost := make(chan string, *sessions)
	start := time.Now()
	deadline := start.Add(*duration)
	for i := 0; i < *sessions; i++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			p := newPhone(*base, transport, refs, seed, results)
			p.think = *think
			p.start = start
			if *sessions > 1 {
				time.Sleep(*ramp * time.Duration(seed-1) / time.Duration(*sessions-1))
			}
			if msg := p.run(deadline); msg != "" {
				lost <- msg
			}
		}(uint64(i) + 1)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(results)
	close(lost)
	<-collectDone
	var lostMsgs []string
	for m := range lost {
		lostMsgs = append(lostMsgs, m)
	}
	report(collected, elapsed, *sessions, lostMsgs)
	if len(lostMsgs) > 0 || errorsIn(collected) > 0 {
		os.Exit(1)
	}
}

func loadKitas(base string) ([]kitaRef, error) {
	resp, err := http.Get(base + "/api/kitas?limit=500")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var list struct {
		Total int       `json:"total"`
		Items []kitaRef `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return nil, err
	}
	if len(list.Items) == 0 {
		return nil, fmt.Errorf("the server lists no Kitas")
	}
	fmt.Printf("loadgen: %s serves %d Kitas\n", base, list.Total)
	return list.Items, nil
}

// phone is one parent's session.
type phone struct {
	base    string
	client  *http.Client
	refs    []kitaRef
	rng     *rand.Rand
	out     chan<- sample
	csrf    string
	lastRev int
	think   time.Duration
	start   time.Time
}

func newPhone(base string, tr http.RoundTripper, refs []kitaRef, seed uint64, out chan<- sample) *phone {
	jar, _ := cookiejar.New(nil)
	return &phone{base: base, client: &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second},
		refs: refs, rng: rand.New(rand.NewPCG(seed, 42)), out: out}
}

// run loops search → detail → draft until the deadline and returns a
// message if the draft read back at the end is not the last one saved.
func (p *phone) run(deadline time.Time) string {
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	if err := p.call("session", http.MethodGet, "/api/session", nil, &sess); err != nil {
		return "no session: " + err.Error()
	}
	p.csrf = sess.CSRF
	for time.Now().Before(deadline) {
		k := p.refs[p.rng.IntN(len(p.refs))]
		q := "/api/kitas?limit=20&age_months=" + fmt.Sprint(6+p.rng.IntN(60))
		if k.Location != nil {
			q += fmt.Sprintf("&near=%.5f,%.5f&radius_km=%d", k.Location.Lat, k.Location.Lon, 1+p.rng.IntN(5))
		}
		if p.rng.IntN(3) == 0 {
			q += "&open_from=07:30&open_until=16:30"
		}
		_ = p.call("search", http.MethodGet, q, nil, nil)
		p.pause()
		_ = p.call("detail", http.MethodGet, "/api/kitas/"+k.ID, nil, nil)
		p.pause()
		p.lastRev++
		form := map[string]any{"child": map[string]any{"first_name": fmt.Sprintf("Kind%d", p.lastRev)}, "care_hours": 35}
		_ = p.call("draft", http.MethodPut, "/api/draft/form", form, nil)
		p.pause()
	}
	var check struct {
		Draft struct {
			Form struct {
				Child struct {
					FirstName string `json:"first_name"`
				} `json:"child"`
			} `json:"form"`
		} `json:"draft"`
	}
	if err := p.call("session", http.MethodGet, "/api/session", nil, &check); err != nil {
		return "read back: " + err.Error()
	}
	if want := fmt.Sprintf("Kind%d", p.lastRev); check.Draft.Form.Child.FirstName != want {
		return fmt.Sprintf("draft lost: got %q, want %q", check.Draft.Form.Child.FirstName, want)
	}
	return ""
}

// pause waits 0.5 to 1.5 times the think time.
func (p *phone) pause() {
	if p.think > 0 {
		time.Sleep(time.Duration(float64(p.think) * (0.5 + p.rng.Float64())))
	}
}

func (p *phone) call(kind, method, path string, body, into any) error {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, p.base+path, rd)
	if method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", p.csrf)
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := p.client.Do(req)
	if err == nil {
		if into != nil && resp.StatusCode < 300 {
			err = json.NewDecoder(resp.Body).Decode(into)
		} else {
			_, _ = io.Copy(io.Discard, resp.Body)
		}
		resp.Body.Close()
		if err == nil && resp.StatusCode >= 400 {
			err = fmt.Errorf("%s %s: status %d", method, strings.SplitN(path, "?", 2)[0], resp.StatusCode)
		}
	}
	p.out <- sample{kind: kind, at: start.Sub(p.start), d: time.Since(start), err: err}
	return err
}

func errorsIn(s []sample) int {
	n := 0
	for _, x := range s {
		if x.err != nil {
			n++
		}
	}
	return n
}

func report(all []sample, elapsed time.Duration, sessions int, lost []string) {
	byKind := map[string][]time.Duration{}
	errs := map[string]int{}
	firstErr := map[string]error{}
	for _, s := range all {
		byKind["all"] = append(byKind["all"], s.d)
		byKind[s.kind] = append(byKind[s.kind], s.d)
		if s.err != nil {
			errs[s.kind]++
			if firstErr[s.kind] == nil {
				firstErr[s.kind] = s.err
			}
		}
	}
	fmt.Printf("loadgen: %d sessions, %s, %d requests, %.0f requests/s\n", sessions, elapsed.Round(time.Millisecond), len(all), float64(len(all))/elapsed.Seconds())
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Printf("%-8s %8s %9s %9s %9s %9s %7s\n", "kind", "count", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
	for _, k := range kinds {
		ds := byKind[k]
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		fmt.Printf("%-8s %8d %9.1f %9.1f %9.1f %9.1f %7d\n", k, len(ds), ms(pct(ds, 0.50)), ms(pct(ds, 0.95)), ms(pct(ds, 0.99)), ms(ds[len(ds)-1]), errs[k])
	}
	timeline(all, elapsed)
	for k, e := range firstErr {
		fmt.Printf("loadgen: first %s error: %v\n", k, e)
	}
	fmt.Printf("loadgen: drafts lost: %d of %d\n", len(lost), sessions)
	for _, m := range lost {
		fmt.Println("loadgen:", m)
	}
}

// timeline prints throughput and latency per 5-second window, so that a
// burst at the start shows apart from the steady state.
func timeline(all []sample, elapsed time.Duration) {
	const window = 5 * time.Second
	n := int(elapsed/window) + 1
	buckets := make([][]time.Duration, n)
	for _, s := range all {
		i := min(int(s.at/window), n-1)
		buckets[i] = append(buckets[i], s.d)
	}
	fmt.Printf("%-8s %8s %9s %9s %9s\n", "from s", "req/s", "p50 ms", "p95 ms", "p99 ms")
	for i, ds := range buckets {
		if len(ds) == 0 {
			continue
		}
		sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
		fmt.Printf("%-8d %8.0f %9.1f %9.1f %9.1f\n", i*int(window/time.Second), float64(len(ds))/window.Seconds(), ms(pct(ds, 0.50)), ms(pct(ds, 0.95)), ms(pct(ds, 0.99)))
	}
}

func pct(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
