package storage

import (
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Carriers returns every carrier by id.
func (db *DB) Carriers() (map[string]Carrier, error) {
	out := map[string]Carrier{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCarriers).ForEach(func(k, v []byte) error {
			var c Carrier
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("storage: decode carrier %s: %w", k, err)
			}
			out[c.ID] = c
			return nil
		})
	})
	return out, err
}

// GetCarrier returns one carrier or ErrNotFound.
func (db *DB) GetCarrier(id string) (Carrier, error) {
	var c Carrier
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return getJSON(tx.Bucket(bucketCarriers), id, &c)
	})
	if err != nil {
		return Carrier{}, fmt.Errorf("storage: get carrier %s: %w", id, err)
	}
	return c, nil
}

// GetPlace returns one gazetteer entry or ErrNotFound.
func (db *DB) GetPlace(id string) (Place, error) {
	var p Place
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return getJSON(tx.Bucket(bucketPlaces), id, &p)
	})
	if err != nil {
		return Place{}, fmt.Errorf("storage: get place %s: %w", id, err)
	}
	return p, nil
}

// ForEachPlace calls fn for every gazetteer entry in id order.
func (db *DB) ForEachPlace(fn func(Place) error) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPlaces).ForEach(func(k, v []byte) error {
			var p Place
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("storage: decode place %s: %w", k, err)
			}
			return fn(p)
		})
	})
}

// CountPlaces returns the number of gazetteer entries.
func (db *DB) CountPlaces() (int, error) {
	var n int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketPlaces).Stats().KeyN
		return nil
	})
	return n, err
}

func validatePlace(p Place) error {
	switch {
	case strings.TrimSpace(p.ID) == "" || strings.TrimSpace(p.Name) == "":
		return fmt.Errorf("%w: place without id or name", ErrInvalid)
	case p.Kind != PlaceDistrict && p.Kind != PlaceStreet && p.Kind != PlacePostcode:
		return fmt.Errorf("%w: place %s has unknown kind %q", ErrInvalid, p.ID, p.Kind)
	case p.Location.Lat < -90 || p.Location.Lat > 90 || p.Location.Lon < -180 || p.Location.Lon > 180:
		return fmt.Errorf("%w: place %s location out of range", ErrInvalid, p.ID)
	}
	return nil
}
