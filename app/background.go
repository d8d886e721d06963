package app

import (
	"context"
	"time"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// ExpireAllOffers applies passed deadlines everywhere (the Kita's list and
// the statistics must not wait for the family to look).
func (s *Services) ExpireAllOffers() error {
	now := s.Now()
	var due []string
	err := s.Store.ForEachApplication(func(l storage.Loaded) error {
		for _, v := range l.Vormerkungen {
			if v.Status == domain.StatusPlatzangebot && v.Offer != nil && !now.Before(v.Offer.Deadline) {
				due = append(due, l.App.Number)
				break
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, n := range due {
		if err := s.ExpireOffersOf(n); err != nil {
			return err
		}
	}
	return nil
}

// RunBackground delivers mail and expires offers until ctx ends (serve).
func (s *Services) RunBackground(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.ExpireAllOffers(); err != nil {
			s.Log.WithError(err).Error("expire offers")
		}
		if _, _, err := s.Notify.DeliverDue(ctx); err != nil {
			s.Log.WithError(err).Error("deliver mail")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
