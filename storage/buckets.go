package storage

// All bucket names live here, and Open creates every one of them in a single
// write transaction, so no other code has to check whether a bucket exists.
var (
	// bucketMeta holds the schema version and change counters.
	bucketMeta = []byte("meta")
	// bucketKitas maps a Kita id to its JSON record.
	bucketKitas = []byte("kitas")
	// bucketKitaSources maps a source key (e.g. "berlin:274129") to a Kita id,
	// which makes imports idempotent.
	bucketKitaSources = []byte("kita_sources")
	// bucketCarriers maps a carrier id to its JSON record.
	bucketCarriers = []byte("carriers")
	// bucketPlaces maps a place id to its JSON record (the gazetteer).
	bucketPlaces = []byte("places")
)

// allBuckets is the list that Open creates.
var allBuckets = [][]byte{bucketMeta, bucketKitas, bucketKitaSources, bucketCarriers, bucketPlaces}

// Keys inside bucketMeta.
var (
	metaSchemaVersion = []byte("schema_version")
	// metaKitaGeneration counts committed transactions that changed Kitas,
	// carriers or places. The search index records the generation it reflects,
	// so a crash between a commit and the index update is detected on start.
	metaKitaGeneration = []byte("kita_generation")
)
