package app

import (
	"time"

	"kitaportal/app/domain"
	"kitaportal/app/kitas"
	"kitaportal/storage"
)

// Receipt is what a family takes home after submitting: the
// Vormerkungsnummer, the access code (shown only here) and the Kitas.
type Receipt struct {
	Number         string        `json:"number"`
	AccessCode     string        `json:"access_code"`
	CreatedAt      time.Time     `json:"created_at"`
	ChildFirstName string        `json:"child_first_name"`
	StartDate      string        `json:"start_date"`
	Items          []ReceiptItem `json:"items"`
	// StatusURL is the status page; its QR code never holds the access code.
	StatusURL string `json:"status_url,omitempty"`
	QRURL     string `json:"qr_url,omitempty"`
}

// ReceiptItem is one Kita on the receipt.
type ReceiptItem struct {
	Priority int           `json:"priority"`
	Status   domain.Status `json:"status"`
	Kita     kitas.Item    `json:"kita"`
}

func (s *Services) receipt(app storage.Application, vs []storage.Vormerkung, code string) (*Receipt, error) {
	r := &Receipt{
		Number: app.Number, AccessCode: code, CreatedAt: app.CreatedAt,
		ChildFirstName: app.Child.FirstName, StartDate: app.StartDate,
	}
	for _, v := range vs {
		k, err := s.Store.GetKita(v.KitaID)
		if err != nil {
			return nil, err
		}
		it, err := s.Catalog.ItemOf(k)
		if err != nil {
			return nil, err
		}
		r.Items = append(r.Items, ReceiptItem{Priority: v.Priority, Status: v.Status, Kita: it})
	}
	return r, nil
}
