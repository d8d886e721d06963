package apperr

// Code is a stable error code: the UI shows the text its catalogues hold
// under "errors.<code>" (frontend/src/lib/i18n), in the user's language.
// Every code of the product is a constant in this file, and only here;
// catalogue_test.go fails when a code for users has no text in one of the
// UI's languages, or when a code is written as a string anywhere else.
type Code string

// Requests that the UI never sends as such: a client's programming error.
const (
	APINotFound         Code = "api.not_found"
	RequestInvalidJSON  Code = "request.invalid_json"
	RequestUnknownField Code = "request.unknown_field"
	RequestTooLarge     Code = "request.too_large"
	RequestUnreadable   Code = "request.unreadable"
	Internal            Code = "internal"
	ServerBusy          Code = "server.busy"
)

// Sessions, logins and permissions.
const (
	SessionExpired    Code = "session.expired"
	SessionCSRF       Code = "session.csrf"
	SessionKioskKey   Code = "session.kiosk_key"
	AuthLoginRequired Code = "auth.login_required"
	AuthForbidden     Code = "auth.forbidden"
	AuthInvalid       Code = "auth.invalid"
	AuthRateLimited   Code = "auth.rate_limited"
	AccountExists     Code = "account.exists"
)

// The Kita search and the gazetteer.
const (
	QueryUnknownParameter      Code = "query.unknown_parameter"
	QueryTooLong               Code = "query.too_long"
	QueryInvalid               Code = "query.invalid"
	QueryInvalidNumber         Code = "query.invalid_number"
	QueryInvalidBool           Code = "query.invalid_bool"
	QueryInvalidTime           Code = "query.invalid_time"
	QueryInvalidDate           Code = "query.invalid_date"
	QueryInvalidWeekday        Code = "query.invalid_weekday"
	QueryInvalidCarrierType    Code = "query.invalid_carrier_type"
	QueryInvalidLocation       Code = "query.invalid_location"
	QueryPlaceAndNear          Code = "query.place_and_near"
	QueryRadiusWithoutLocation Code = "query.radius_without_location"
	QueryHoursOrder            Code = "query.hours_order"
	QueryRequired              Code = "query.required"
	PlaceNotFound              Code = "place.not_found"
	PlaceFallbackPostcode      Code = "place.fallback_postcode"
	PlaceFallbackDistrict      Code = "place.fallback_district"
	KitaInvalidID              Code = "kita.invalid_id"
	KitaNotFound               Code = "kita.not_found"
	KitaNotBookable            Code = "kita.not_bookable"
	KitaAgeMismatch            Code = "kita.age_mismatch"
)

// The Merkliste and the Vormerkung form.
const (
	MerklisteEmpty         Code = "merkliste.empty"
	MerklisteLimitReached  Code = "merkliste.limit_reached"
	MerklisteOrderMismatch Code = "merkliste.order_mismatch"
	FormUnknownStep        Code = "form.unknown_step"
	FormRequired           Code = "form.required"
	FormTooLong            Code = "form.too_long"
	FormInvalidName        Code = "form.invalid_name"
	FormInvalidDate        Code = "form.invalid_date"
	FormNoSuchDay          Code = "form.no_such_day"
	FormInvalidTime        Code = "form.invalid_time"
	FormInvalidNumber      Code = "form.invalid_number"
	FormBirthInFuture      Code = "form.birth_in_future"
	FormBirthTooLongAgo    Code = "form.birth_too_long_ago"
	FormExpectedInPast     Code = "form.expected_in_past"
	FormExpectedTooFar     Code = "form.expected_too_far"
	FormStartBeforeBirth   Code = "form.start_before_birth"
	FormStartInPast        Code = "form.start_in_past"
	FormStartTooFar        Code = "form.start_too_far"
	FormDateInPast         Code = "form.date_in_past"
	FormInvalidCareHours   Code = "form.invalid_care_hours"
	FormInvalidStreet      Code = "form.invalid_street"
	FormInvalidPostcode    Code = "form.invalid_postcode"
	FormInvalidPhone       Code = "form.invalid_phone"
	FormInvalidEmail       Code = "form.invalid_email"
	FormContactRequired    Code = "form.contact_required"
	FormInvalidEmployment  Code = "form.invalid_employment"
	FormInvalidHours       Code = "form.invalid_hours"
	FormTooManyGuardians   Code = "form.too_many_guardians"
	FormSiblingNotListed   Code = "form.sibling_not_listed"
	FormConsentRequired    Code = "form.consent_required"
	FormWeakPassword       Code = "form.weak_password"
	FormInvalidDeadline    Code = "form.invalid_deadline"
	ReceiptNone            Code = "receipt.none"
)

// A Vormerkung's life and the family's account.
const (
	VormerkungNotFound          Code = "vormerkung.not_found"
	VormerkungDuplicateChild    Code = "vormerkung.duplicate_child"
	VormerkungInvalidTransition Code = "vormerkung.invalid_transition"
	VormerkungDeadlinePassed    Code = "vormerkung.deadline_passed"
	VormerkungPlaceAccepted     Code = "vormerkung.place_accepted"
	VormerkungAlreadyListed     Code = "vormerkung.already_listed"
	VormerkungOrderMismatch     Code = "vormerkung.order_mismatch"
	FamilyNotFound              Code = "family.not_found"
	MergeSame                   Code = "merge.same"
	SiblingsCount               Code = "siblings.count"
	SiblingsSameChild           Code = "siblings.same_child"
	SiblingsOtherGroup          Code = "siblings.other_group"
	MergeOtherChild             Code = "merge.other_child"
	MergeLimit                  Code = "merge.limit"
)

// The hand-off from the kiosk to a phone.
const (
	HandoffKioskOnly      Code = "handoff.kiosk_only"
	HandoffLoggedIn       Code = "handoff.logged_in"
	HandoffNoPublicURL    Code = "handoff.no_public_url"
	HandoffInvalid        Code = "handoff.invalid"
	HandoffInvalidRequest Code = "handoff.invalid_request"
)

// Staff users and settings.
const (
	UserInvalidLogin   Code = "user.invalid_login"
	UserInvalidRole    Code = "user.invalid_role"
	UserKitaRequired   Code = "user.kita_required"
	UserKitaNotAllowed Code = "user.kita_not_allowed"
	UserLoginTaken     Code = "user.login_taken"
	UserNotFound       Code = "user.not_found"
	UserSelf           Code = "user.self"
	SettingsUnknown    Code = "settings.unknown"
	SettingsInvalid    Code = "settings.invalid"
)

// The Vergaberunde as the clerk runs it.
const (
	RoundNotFound            Code = "round.not_found"
	RoundPublished           Code = "round.published"
	RoundStale               Code = "round.stale"
	RoundInvalidInput        Code = "round.invalid_input"
	RoundInvalidMechanism    Code = "round.invalid_mechanism"
	RoundStartBeforeDeadline Code = "round.start_before_deadline"
	RoundChildNotFound       Code = "round.child_not_found"
	RoundDeviationReason     Code = "round.deviation_reason"
	RoundNotRecommended      Code = "round.not_recommended"
)

// Problems in a Vergaberunde's input or points catalogue (app/allocation):
// the clerk reads them with the child or Kita they name.
const (
	CatalogueNegativePoints Code = "catalogue.negative_points"
	CataloguePointsTooHigh  Code = "catalogue.points_too_high"
	CatalogueBandHours      Code = "catalogue.band_hours_out_of_range"
	CatalogueBandOrder      Code = "catalogue.bands_not_ascending"
	CatalogueDistrictZero   Code = "catalogue.district_enabled_without_points"
	RoundMaxChoices         Code = "round.max_choices_invalid"
	RoundStartDateMissing   Code = "round.start_date_missing"
	RoundKitaID             Code = "kita.id_missing"
	RoundKitaDuplicate      Code = "kita.duplicate_id"
	RoundNegativeCapacity   Code = "kita.negative_capacity"
	RoundFixedOverCapacity  Code = "kita.fixed_over_capacity"
	RoundChildID            Code = "child.id_missing"
	RoundChildDuplicate     Code = "child.duplicate_id"
	RoundNoChoices          Code = "child.no_choices"
	RoundTooManyChoices     Code = "child.too_many_choices"
	RoundUnknownKita        Code = "child.unknown_kita"
	RoundDuplicateKita      Code = "child.duplicate_kita"
	RoundDuplicateRank      Code = "child.duplicate_rank"
	RoundRankOutOfRange     Code = "child.rank_out_of_range"
	RoundAgeGroupMissing    Code = "child.age_group_missing"
	RoundAgeGroupConflict   Code = "child.age_group_conflict"
	RoundParentHours        Code = "child.parent_hours_invalid"
	RoundLottery            Code = "child.lottery_invalid"
	RoundTooManyProblems    Code = "input.too_many_problems"
)

// Problems with a whole import file (app/importer).
const (
	ImportRead      Code = "import.read"
	ImportEmpty     Code = "import.empty_file"
	ImportBinary    Code = "import.binary_file"
	ImportEncoding  Code = "import.encoding"
	ImportCSV       Code = "import.csv_syntax"
	ImportJSON      Code = "import.json_syntax"
	ImportColumn    Code = "import.missing_column"
	ImportNoRecords Code = "import.no_records"
	ImportFormat    Code = "import.format"
	ImportMapping   Code = "import.mapping"
)

// notForUsers are the codes the UI shows its generic text for: requests it
// never sends (a client's mistake), failures a user can only retry, codes
// the UI words with texts of their own (the place fallbacks), and problems
// only an operator meets on the command line (import files, a round's
// input). Every other code needs a text in every language.
var notForUsers = map[Code]bool{
	APINotFound: true, RequestInvalidJSON: true, RequestUnknownField: true, RequestTooLarge: true,
	RequestUnreadable:     true,
	QueryUnknownParameter: true, QueryInvalidTime: true, QueryInvalidWeekday: true, QueryInvalidCarrierType: true,
	QueryInvalidLocation: true, QueryPlaceAndNear: true, QueryRadiusWithoutLocation: true, QueryInvalidBool: true,
	PlaceFallbackPostcode: true, PlaceFallbackDistrict: true,
	FormUnknownStep:         true,
	CatalogueNegativePoints: true, CataloguePointsTooHigh: true, CatalogueBandHours: true, CatalogueBandOrder: true,
	CatalogueDistrictZero: true, RoundMaxChoices: true, RoundStartDateMissing: true, RoundKitaID: true,
	RoundKitaDuplicate: true, RoundNegativeCapacity: true, RoundFixedOverCapacity: true, RoundChildID: true,
	RoundChildDuplicate: true, RoundNoChoices: true, RoundTooManyChoices: true, RoundUnknownKita: true,
	RoundDuplicateKita: true, RoundDuplicateRank: true, RoundRankOutOfRange: true, RoundAgeGroupMissing: true,
	RoundAgeGroupConflict: true, RoundParentHours: true, RoundLottery: true, RoundTooManyProblems: true,
	ImportRead: true, ImportEmpty: true, ImportBinary: true, ImportEncoding: true, ImportCSV: true,
	ImportJSON: true, ImportColumn: true, ImportNoRecords: true, ImportFormat: true, ImportMapping: true,
}

// ForUsers reports whether the UI must show a text of the code's own.
func (c Code) ForUsers() bool { return !notForUsers[c] }
