package httpapi

import (
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"kitaportal/app/buildinfo"
)

// What an operator's monitoring reads: /healthz (the process answers),
// /readyz (store and index open, the index reflects the store) and
// /metrics (Prometheus). /metrics answers only clients on loopback or a
// private network (the city's monitoring), never the public: its figures
// hold no personal data, but they are nobody else's business.

// metrics are the server's Prometheus collectors.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	roundRuns prometheus.Counter
}

func (a *API) newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kitaportal_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kitaportal_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		roundRuns: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kitaportal_round_runs_total", Help: "Vergaberunden run (new rounds and reruns) since the start.",
		}),
	}
	b := buildinfo.Read()
	m.reg.MustRegister(m.requests, m.latency, m.roundRuns,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kitaportal_build_info", Help: "The running build (always 1).",
			ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit},
		}, func() float64 { return 1 }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kitaportal_sessions", Help: "Server sessions held."},
			func() float64 { return float64(a.sessions.Sessions.Count()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kitaportal_store_generation", Help: "The store's generation of Kita data."},
			func() float64 { g, _ := a.catalog.StoreGeneration(); return float64(g) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kitaportal_index_generation", Help: "The store generation the search index reflects."},
			func() float64 { g, _ := a.catalog.Index().Generation(); return float64(g) }),
		&outboxCollector{a: a,
			queued: prometheus.NewDesc("kitaportal_outbox_queued", "Messages waiting to be sent.", nil, nil),
			failed: prometheus.NewDesc("kitaportal_outbox_failed", "Messages given up after every attempt.", nil, nil)},
	)
	return m
}

// outboxCollector reads the outbox once per scrape.
type outboxCollector struct {
	a              *API
	queued, failed *prometheus.Desc
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.queued; ch <- c.failed }

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	msgs, err := c.a.svc.Store.Outbox(false)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.queued, err)
		return
	}
	var queued, failed float64
	for _, m := range msgs {
		switch {
		case m.GaveUp:
			failed++
		case m.SentAt == nil:
			queued++
		}
	}
	ch <- prometheus.MustNewConstMetric(c.queued, prometheus.GaugeValue, queued)
	ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, failed)
}

// observe counts one answered request under its route pattern.
func (m *metrics) observe(r *http.Request, status int, took time.Duration) {
	route := r.Pattern
	if route == "" || route == "/" {
		route = "ui"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

func (a *API) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// readiness is what /readyz answers.
type readiness struct {
	Ready           bool   `json:"ready"`
	Store           string `json:"store"`
	Index           string `json:"index"`
	StoreGeneration uint64 `json:"store_generation"`
	IndexGeneration uint64 `json:"index_generation"`
	Version         string `json:"version"`
}

func (a *API) readyz(w http.ResponseWriter, r *http.Request) {
	v := readiness{Store: "ok", Index: "ok", Version: buildinfo.Read().Version}
	var err error
	if v.StoreGeneration, err = a.catalog.StoreGeneration(); err != nil {
		v.Store = "unreadable"
	}
	if v.IndexGeneration, err = a.catalog.Index().Generation(); err != nil {
		v.Index = "unreadable"
	} else if v.Store == "ok" && v.IndexGeneration != v.StoreGeneration {
		v.Index = "behind the store"
	}
	v.Ready = v.Store == "ok" && v.Index == "ok"
	status := http.StatusOK
	if !v.Ready {
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Cache-Control", "no-store")
	a.writeJSON(w, status, v)
}

// metricsHandler serves /metrics to the city's own networks only.
func (a *API) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(a.metrics.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, err := netip.ParseAddr(a.clientAddr(r))
		if err != nil || !(ip.IsLoopback() || ip.IsPrivate()) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
