package httpapi

import (
	"net/http"

	"kitaportal/app/session"
)

// access says what a route needs of the request's session.
type access int

const (
	// open routes need no session; the handler gets an empty one.
	open access = iota
	// reads routes get the session and its login if there is one; the use
	// case decides whether that is enough.
	reads
	// writes routes change state: they need a live session and its CSRF
	// token.
	writes
)

// handlerFunc is every route's handler: the session is a copy, changed
// only through the session manager.
type handlerFunc func(w http.ResponseWriter, r *http.Request, sess *session.Session)

type route struct {
	pattern string
	access  access
	handle  handlerFunc
}

// routes is every route of the API: the handler, and in the comment the use
// case it calls (the rule lives there, or in the package it names).
func (a *API) routes() []route {
	return []route{
		// The Kita catalogue (kitas.go) — anyone.
		{"GET /api/kitas", open, a.kitaSearch},    // kitas.Catalog.Search
		{"GET /api/kitas/{id}", open, a.kitaGet},  // kitas.Catalog.Get
		{"GET /api/places", open, a.placeSuggest}, // kitas.Catalog.SuggestPlaces
		{"GET /api/districts", open, a.districts}, // kitas.Catalog.City

		// The visitor's session and draft (session.go).
		{"GET /api/session", open, a.sessionGet},           // session.Manager.New / Lookup
		{"DELETE /api/session", writes, a.sessionDelete},   // session.Manager.Wipe
		{"PUT /api/draft/filters", writes, a.draftFilters}, // session.Manager.Update
		{"PUT /api/draft/form", writes, a.draftForm},       // session.Manager.Update

		// The Merkliste (merkliste.go).
		{"POST /api/merkliste", writes, a.merklisteAdd},                // app.Services.MerklisteAdd
		{"PUT /api/merkliste", writes, a.merklisteOrder},               // app.MerklisteOrder
		{"DELETE /api/merkliste/{kita_id}", writes, a.merklisteRemove}, // app.MerklisteRemove

		// Registering (vormerkungen.go).
		{"POST /api/vormerkungen/check", writes, a.vormerkungCheck}, // app.CheckForm
		{"POST /api/vormerkungen", writes, a.vormerkungSubmit},      // app.Services.Submit
		{"GET /api/receipt", open, a.receiptGet},                    // the session's receipt
		{"GET /api/receipt/qr.png", open, a.receiptQR},              // the session's receipt

		// The hand-off to a phone (handoff.go).
		{"POST /api/handoff", writes, a.handoffCreate},      // session.Manager.StartHandoff
		{"GET /api/handoff", open, a.handoffState},          // session.Manager.HandoffState
		{"DELETE /api/handoff", writes, a.handoffCancel},    // session.Handoffs.Cancel
		{"POST /api/handoff/redeem", open, a.handoffRedeem}, // session.Manager.RedeemHandoff

		// Logging in and out (login.go).
		{"POST /api/login/{kind}", writes, a.login}, // app.Services.LoginFamily / LoginCode / LoginStaff
		{"POST /api/logout", writes, a.logout},      // session.Manager.Wipe

		// The family's account (family.go).
		{"GET /api/family", reads, a.family},                              // app.Services.Family
		{"GET /api/family/export", reads, a.familyExport},                 // app.Services.ExportFamily
		{"DELETE /api/family", writes, a.familyDelete},                    // app.Services.DeleteFamily
		{"PUT /api/family/siblings-apart", writes, a.familyApart},         // app.Services.SetSiblingsApart
		{"POST /api/family/{number}/kitas", writes, a.familyAddKita},      // app.Services.FamilyAddKita
		{"PUT /api/family/{number}/priorities", writes, a.familyReorder},  // app.Services.FamilyReorder
		{"POST /api/vormerkungen/{id}/{action}", writes, a.familyRespond}, // app.Services.FamilyRespond

		// Kita staff (kita_staff.go).
		{"GET /api/kita/kitas", reads, a.staffKitas},                     // app.Services.StaffKitas
		{"GET /api/kita/vormerkungen", reads, a.kitaInbox},               // app.Services.KitaInbox
		{"POST /api/kita/vormerkungen/{id}/{action}", writes, a.kitaAct}, // app.Services.KitaAct
		{"PUT /api/kita/kitas/{id}/free-places", writes, a.freePlaces},   // app.Services.UpdateFreePlaces
		{"GET /api/kita/rounds", reads, a.kitaRecommendations},           // rounds.Service.Recommendations
		{"POST /api/kita/rounds/{id}/deviations", writes, a.kitaDeviate}, // rounds.Service.Deviate

		// The clerk (clerk.go).
		{"GET /api/clerk/families", reads, a.clerkFind},                   // app.Services.FindFamilies
		{"GET /api/clerk/families/{number}", reads, a.clerkFamily},        // app.Services.ClerkFamily
		{"GET /api/clerk/duplicates", reads, a.duplicates},                // app.Services.Duplicates
		{"POST /api/clerk/merge", writes, a.merge},                        // app.Services.Merge
		{"POST /api/clerk/siblings", writes, a.siblingsLink},              // app.Services.LinkSiblings
		{"DELETE /api/clerk/siblings/{number}", writes, a.siblingsUnlink}, // app.Services.UnlinkSibling

		// The Vergaberunde (rounds.go).
		{"GET /api/clerk/rounds", reads, a.roundList},                          // rounds.Service.Rounds
		{"POST /api/clerk/rounds", writes, a.roundCreate},                      // rounds.Service.CreateRound
		{"GET /api/clerk/rounds/{id}", reads, a.roundGet},                      // rounds.Service.GetRound
		{"GET /api/clerk/rounds/families", reads, a.roundFamilies},             // rounds.Service.PlannedFamilies
		{"POST /api/clerk/rounds/{id}/rerun", writes, a.roundRerun},            // rounds.Service.RerunRound
		{"GET /api/clerk/rounds/{id}/explain/{number}", reads, a.roundExplain}, // rounds.Service.ExplainRound
		{"POST /api/clerk/rounds/{id}/publish", writes, a.roundPublish},        // rounds.Service.PublishRound
		{"GET /api/clerk/rounds/{id}/export", reads, a.roundExport},            // rounds.Service.ExportRound

		// The admin (admin.go).
		{"GET /api/admin/users", reads, a.users},                       // app.Services.Users
		{"POST /api/admin/users", writes, a.userAdd},                   // app.Services.AddUser
		{"POST /api/admin/users/{id}/{action}", writes, a.userDisable}, // app.Services.SetUserDisabled
		{"PUT /api/admin/users/{id}", writes, a.userChange},            // app.Services.ChangeUser
		{"DELETE /api/admin/users/{id}", writes, a.userDelete},         // app.Services.DeleteUser
		{"GET /api/admin/settings", reads, a.settingsGet},              // app.Services.AdminSettings
		{"PUT /api/admin/settings", writes, a.settingsPut},             // app.Services.ChangeSettings
		{"GET /api/admin/audit", reads, a.auditLog},                    // app.Services.AuditLog
		{"GET /api/admin/outbox", reads, a.outbox},                     // app.Services.OutboxStatus
		{"GET /api/admin/about", reads, a.about},                       // buildinfo.Read
		{"GET /api/admin/backup", reads, a.backup},                     // app.Services.Backup
		{"POST " + importPath, writes, a.importUpload},                 // app.Services.ImportKitas
	}
}
