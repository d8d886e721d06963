package synthetic_test

import (
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"kitaportal/app/domain"
	"kitaportal/app/synthetic"
	"kitaportal/storage"
)

func TestKitasDeterministic(t *testing.T) {
	k1, c1 := synthetic.Kitas(500, 42)
	k2, c2 := synthetic.Kitas(500, 42)
	if !reflect.DeepEqual(k1, k2) || !reflect.DeepEqual(c1, c2) {
		t.Fatal("the same seed gave different records")
	}
	k3, _ := synthetic.Kitas(500, 43)
	if reflect.DeepEqual(k1, k3) {
		t.Fatal("another seed gave the same records")
	}
	prefix, _ := synthetic.Kitas(100, 42)
	if !reflect.DeepEqual(prefix, k1[:100]) {
		t.Error("a smaller n is not a prefix of a larger one")
	}
}

func TestKitasAcceptedByStore(t *testing.T) {
	kitas, carriers := synthetic.Kitas(2000, 1)
	db, err := storage.Open(filepath.Join(t.TempDir(), "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Error(err)
		}
		db.Close()
	})
	res, err := db.ApplyBatch(storage.Batch{Carriers: carriers, Kitas: kitas})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != len(kitas) {
		t.Errorf("created %d, want %d", res.Created, len(kitas))
	}
	got, err := db.GetKita(kitas[1234].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, kitas[1234]) {
		t.Errorf("stored record differs:\n got %+v\nwant %+v", got, kitas[1234])
	}
}

// TestKitasRealisticMix checks the shares the benchmarks rely on, with
// tolerances wide enough for any seed.
func TestKitasRealisticMix(t *testing.T) {
	const n = 10000
	kitas, carriers := synthetic.Kitas(n, 7)
	carrierType := map[string]string{}
	for _, c := range carriers {
		carrierType[c.ID] = c.Type
	}
	idPattern := regexp.MustCompile(`^syn-\d{6}$`)
	count := map[string]int{}
	perCarrier := map[string]int{}
	for i, k := range kitas {
		if !idPattern.MatchString(k.ID) || i > 0 && k.ID <= kitas[i-1].ID {
			t.Fatalf("id %q is malformed or out of order", k.ID)
		}
		typ, ok := carrierType[k.CarrierID]
		if !ok {
			t.Fatalf("%s refers to unknown carrier %q", k.ID, k.CarrierID)
		}
		count["carrier "+typ]++
		perCarrier[k.CarrierID]++
		if k.Hours == nil {
			count["no hours"]++
		}
		if k.Ages == nil {
			count["no ages"]++
		}
		if k.Location == nil {
			count["no location"]++
		} else if l := k.Location; l.Lat < 47 || l.Lat > 55.3 || l.Lon < 5.5 || l.Lon > 15.5 {
			t.Errorf("%s lies outside Germany: %+v", k.ID, *l)
		}
		if !k.Bookable {
			count["not bookable"]++
		}
	}
	for _, tc := range []struct {
		what  string
		share float64
	}{
		{"carrier " + domain.CarrierStaedtisch, 0.30},
		{"carrier " + domain.CarrierFrei, 0.35},
		{"carrier " + domain.CarrierKatholisch, 0.12},
		{"carrier " + domain.CarrierEvangelisch, 0.12},
		{"carrier " + domain.CarrierElterninitiative, 0.08},
		{"carrier " + domain.CarrierBetrieblich, 0.03},
		{"no hours", 0.10},
		{"no ages", 0.05},
		{"no location", 0.03},
		{"not bookable", 0.20},
	} {
		got := float64(count[tc.what]) / n
		if got < tc.share*0.8-0.005 || got > tc.share*1.2+0.005 {
			t.Errorf("%s: share %.3f, want about %.2f", tc.what, got, tc.share)
		}
	}
	shared := 0
	for _, k := range perCarrier {
		if k >= 3 {
			shared++
		}
	}
	if len(carriers) > n/2 || shared < 50 {
		t.Errorf("%d carriers, %d of them with 3 or more Kitas: carriers are not shared enough", len(carriers), shared)
	}
}
