package allocation

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// bigCity is the benchmark city: 100,000 children ranking 5 of 3,000
// Kitas each, 20% fewer places than children, 4% applying with a sibling.
func bigCity() Round {
	return genCity(cityConfig{Kitas: 3000, Children: 100_000, Shortage: 0.2, GroupShare: 0.04,
		FullLists: true, Seed: 100})
}

// heapPeak samples the live heap in the background, so a benchmark can
// report the peak it reached above the baseline at start.
type heapPeak struct {
	base, peak uint64
	stop, done chan struct{}
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func readHeap(s []metrics.Sample) uint64 {
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapPeak() *heapPeak {
	runtime.GC()
	s := []metrics.Sample{{Name: heapMetric}}
	h := &heapPeak{base: readHeap(s), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			h.peak = max(h.peak, readHeap(s))
			select {
			case <-h.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

// report adds the peak heap above the baseline, in MB, to b's metrics.
func (h *heapPeak) report(b *testing.B) {
	close(h.stop)
	<-h.done
	b.ReportMetric(float64(h.peak-min(h.base, h.peak))/1e6, "peak-heap-MB")
}

// BenchmarkDeferredAcceptance100k is one whole round: validation and
// compilation (NewMarket), deferred acceptance and the group repair.
func BenchmarkDeferredAcceptance100k(b *testing.B) {
	r := bigCity()
	b.ReportAllocs()
	h := startHeapPeak()
	var res *Result
	for b.Loop() {
		m, err := NewMarket(r)
		if err != nil {
			b.Fatal(err)
		}
		res = m.DeferredAcceptance()
	}
	h.report(b)
	b.ReportMetric(float64(res.Groups.Runs), "da-runs")
}

// BenchmarkNewMarket100k is the validation and compilation part alone.
func BenchmarkNewMarket100k(b *testing.B) {
	r := bigCity()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewMarket(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatchingOnly100k is one plain DA run on a compiled market.
func BenchmarkMatchingOnly100k(b *testing.B) {
	m := mustMarket(b, bigCity())
	run := newDARun(m)
	b.ReportAllocs()
	for b.Loop() {
		run.run(nil, nil)
	}
}

func BenchmarkFirstChoiceFirst100k(b *testing.B) {
	r := bigCity()
	b.ReportAllocs()
	h := startHeapPeak()
	for b.Loop() {
		m, err := NewMarket(r)
		if err != nil {
			b.Fatal(err)
		}
		m.FirstChoiceFirst()
	}
	h.report(b)
}

// BenchmarkExplain100k builds every family's explanation of a DA result.
func BenchmarkExplain100k(b *testing.B) {
	m := mustMarket(b, bigCity())
	res := m.DeferredAcceptance()
	b.ReportAllocs()
	h := startHeapPeak()
	for b.Loop() {
		if _, err := m.Explain(res); err != nil {
			b.Fatal(err)
		}
	}
	h.report(b)
}

func BenchmarkEnvyAndStats100k(b *testing.B) {
	m := mustMarket(b, bigCity())
	res := m.DeferredAcceptance()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Envy(res); err != nil {
			b.Fatal(err)
		}
		if _, err := m.Stats(res); err != nil {
			b.Fatal(err)
		}
	}
}
