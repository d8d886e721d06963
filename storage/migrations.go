package storage

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration upgrades the file from version-1 to version. Migrations run in
// order inside the same write transaction that creates the buckets, so a
// failed migration leaves the file exactly as it was.
type migration struct {
	version int
	name    string
	apply   func(tx *bolt.Tx) error
}

var migrations = []migration{
	{1, "create buckets", func(*bolt.Tx) error { return nil }},
	{2, "index Kitas by source key", migrateSourceIndex},
	// The buckets themselves are created by migrate before any migration.
	{3, "settings, applications and Vormerkungen", func(*bolt.Tx) error { return nil }},
	{4, "users, family accounts, audit log and outbox", func(*bolt.Tx) error { return nil }},
	{5, "Vergaberunden", func(*bolt.Tx) error { return nil }},
}

// SchemaVersion is the version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func (db *DB) migrate() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("storage: create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		current := int(readUint(meta.Get(metaSchemaVersion)))
		if current > SchemaVersion() {
			return fmt.Errorf("%w (file version %d, this build %d)", ErrTooNew, current, SchemaVersion())
		}
		for _, m := range migrations {
			if m.version <= current {
				continue
			}
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("storage: migration %d (%s): %w", m.version, m.name, err)
			}
		}
		return meta.Put(metaSchemaVersion, uintBytes(uint64(SchemaVersion())))
	})
}

func (db *DB) checkVersion() error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("storage: %s is not a kitaportal database", db.path)
		}
		v := int(readUint(meta.Get(metaSchemaVersion)))
		if v > SchemaVersion() {
			return fmt.Errorf("%w (file version %d, this build %d)", ErrTooNew, v, SchemaVersion())
		}
		if v < SchemaVersion() {
			return fmt.Errorf("storage: %s needs a migration (version %d); open it once read-write", db.path, v)
		}
		return nil
	})
}

// migrateSourceIndex builds the source-key index for files written before it
// existed: version 1 stored Kitas only by id.
func migrateSourceIndex(tx *bolt.Tx) error {
	src := tx.Bucket(bucketKitaSources)
	return tx.Bucket(bucketKitas).ForEach(func(k, v []byte) error {
		var rec struct {
			SourceKey string `json:"source_key"`
		}
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode kita %s: %w", k, err)
		}
		if rec.SourceKey == "" {
			return nil
		}
		return src.Put([]byte(rec.SourceKey), append([]byte(nil), k...))
	})
}
