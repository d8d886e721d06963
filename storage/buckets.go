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
	// bucketSettings maps a setting name to its JSON value.
	bucketSettings = []byte("settings")
	// bucketApplications maps a Vormerkungsnummer to one child's
	// registration (the family's data); see Application.
	bucketApplications = []byte("applications")
	// bucketVormerkungen maps a big-endian sequence id to one Vormerkung
	// (the child at one Kita).
	bucketVormerkungen = []byte("vormerkungen")
	// bucketVormerkungenByKita indexes Vormerkungen by Kita: the key is the
	// Kita id, a 0 byte and the Vormerkung id; the value is empty.
	bucketVormerkungenByKita = []byte("vormerkungen_by_kita")
	// bucketVormerkungenByNumber indexes Vormerkungen by application: the key
	// is the Vormerkungsnummer, a 0 byte and the Vormerkung id.
	bucketVormerkungenByNumber = []byte("vormerkungen_by_number")
	// bucketChildKeys indexes applications by their child key (normalised
	// name and birth date): the key is the child key, a 0 byte and the
	// Vormerkungsnummer; the value is empty. It finds duplicates.
	bucketChildKeys = []byte("child_keys")
	// bucketUsers maps a staff user id (clerk, Kita staff, admin) to its
	// record; bucketUserLogins maps a login name to the user id.
	bucketUsers      = []byte("users")
	bucketUserLogins = []byte("user_logins")
	// bucketAccounts maps a family account id to its record;
	// bucketAccountEmails maps a normalised e-mail address to the id.
	bucketAccounts      = []byte("accounts")
	bucketAccountEmails = []byte("account_emails")
	// bucketAudit is the append-only audit log, keyed by sequence.
	bucketAudit = []byte("audit")
	// bucketOutbox holds e-mails waiting for delivery, keyed by sequence.
	bucketOutbox = []byte("outbox")
	// bucketRounds maps a Vergaberunde id to the round: its input snapshot
	// and its result.
	bucketRounds = []byte("rounds")
)

// allBuckets is the list that Open creates.
var allBuckets = [][]byte{
	bucketMeta, bucketKitas, bucketKitaSources, bucketCarriers, bucketPlaces,
	bucketSettings, bucketApplications, bucketVormerkungen, bucketVormerkungenByKita, bucketVormerkungenByNumber,
	bucketChildKeys, bucketUsers, bucketUserLogins, bucketAccounts, bucketAccountEmails,
	bucketAudit, bucketOutbox, bucketRounds,
}

// Keys inside bucketMeta.
var (
	metaSchemaVersion = []byte("schema_version")
	// metaKitaGeneration counts committed transactions that changed Kitas,
	// carriers or places. The search index records the generation it reflects,
	// so a crash between a commit and the index update is detected on start.
	metaKitaGeneration = []byte("kita_generation")
)
