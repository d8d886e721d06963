package httpapi

import (
	"net/http"
	"sync"
	"time"

	"kitaportal/app"
	"kitaportal/app/rounds"
	"kitaportal/app/session"
	"kitaportal/storage"
)

// The sessions of each test's services: every handler over the same
// services shares them, as the kiosk window and its network side do.
var (
	managersMu sync.Mutex
	managers   = map[*app.Services]*session.Manager{}
)

func sessionsOf(svc *app.Services) *session.Manager {
	managersMu.Lock()
	defer managersMu.Unlock()
	m, ok := managers[svc]
	if !ok {
		m = session.NewManager(svc.Settings, svc.Log, func() time.Time { return svc.Now() }, svc.CurrentLogin)
		managers[svc] = m
	}
	return m
}

// newAPI is the API over svc for one shell.
func newAPI(svc *app.Services, opts Options) *API {
	return New(svc, rounds.New(svc, svc.Store.(*storage.DB)), sessionsOf(svc), opts)
}

// handlerOf is the API's handler (without the UI).
func handlerOf(svc *app.Services, opts Options) http.Handler { return newAPI(svc, opts).Handler(nil) }
