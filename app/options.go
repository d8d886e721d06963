package app

// What the form offers: the care hours per week a family can ask for, the
// employment situations (the Vergaberunde weighs both), and the languages
// of the UI, German first.
var (
	CareHourOptions   = []int{20, 25, 30, 35, 40, 45}
	EmploymentOptions = []string{"vollzeit", "teilzeit", "ausbildung", "arbeitsuchend", "elternzeit", "nicht_erwerbstaetig"}
	Languages         = []string{"de", "en", "tr", "ar", "uk", "ru"}
)
