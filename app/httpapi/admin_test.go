package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"kitaportal/app/allocation"
)

// The admin screen edits the points catalogue: it reads the defaults while
// none is set, stores a changed one, and refuses a broken one at its field.
func TestAdminEditsThePointsCatalogue(t *testing.T) {
	w := newMatrixWorld(t)
	admin := w.client(t, "admin")
	var got struct {
		AllocationPoints allocation.Catalogue `json:"allocation_points"`
	}
	admin.decode(admin.do(http.MethodGet, "/api/admin/settings", ""), http.StatusOK, &got)
	if !reflect.DeepEqual(got.AllocationPoints, allocation.DefaultCatalogue()) {
		t.Errorf("without a setting the admin reads %+v, want the defaults", got.AllocationPoints)
	}
	c := allocation.DefaultCatalogue()
	c.SingleParent, c.DistrictEnabled = 35, true
	c.Employment = append(c.Employment, allocation.HoursBand{MinHours: 38, Points: 20})
	js, _ := json.Marshal(c)
	body, _ := json.Marshal(map[string]string{"allocation_points": string(js)})
	admin.decode(admin.do(http.MethodPut, "/api/admin/settings", string(body)), http.StatusOK, &got)
	if !reflect.DeepEqual(got.AllocationPoints, c) {
		t.Errorf("after saving: %+v, want %+v", got.AllocationPoints, c)
	}
	bad, _ := json.Marshal(map[string]string{"allocation_points": `{"employment":[{"min_hours":20,"points":5},{"min_hours":10,"points":8}]}`})
	rec := admin.do(http.MethodPut, "/api/admin/settings", string(bad))
	admin.wantError(rec, http.StatusBadRequest, "settings.invalid")
	if !strings.Contains(rec.Body.String(), `"field":"allocation_points"`) {
		t.Errorf("the error does not name its field: %s", rec.Body)
	}
	admin.decode(admin.do(http.MethodGet, "/api/admin/settings", ""), http.StatusOK, &got)
	if !reflect.DeepEqual(got.AllocationPoints, c) {
		t.Errorf("a refused catalogue changed the stored one: %+v", got.AllocationPoints)
	}
}
