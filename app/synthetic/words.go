package synthetic

// kind is a type of Kita: it decides the name prefix and the ages taken.
type kind struct {
	prefix string
	weight float64
	// ages are candidate age ranges in months, one picked at random.
	ages [][2]int
}

var kinds = []kind{
	{"Kita", 0.50, [][2]int{{12, 71}, {0, 71}, {8, 71}, {12, 83}}},
	{"Kindertagesstätte", 0.08, [][2]int{{12, 71}, {0, 71}}},
	{"Kindergarten", 0.18, [][2]int{{36, 71}, {30, 71}, {36, 83}}},
	{"Krippe", 0.08, [][2]int{{0, 35}, {8, 35}, {12, 35}}},
	{"Kinderhaus", 0.10, [][2]int{{12, 71}, {0, 71}, {24, 83}}},
	{"Kinderladen", 0.06, [][2]int{{12, 71}, {18, 71}}},
}

// nameWords are the second half of a Kita name.
var nameWords = []string{
	"Sonnenschein", "Regenbogen", "Pusteblume", "Löwenzahn", "Sonnenblume",
	"Am Park", "Am Wald", "Am Bach", "Wirbelwind", "Spatzennest",
	"Zwergenland", "Kunterbunt", "Schatzkiste", "Rappelkiste", "Wichtelhaus",
	"Marienkäfer", "Purzelbaum", "Sternschnuppe", "Arche Noah", "Abenteuerland",
	"Villa Kunterbunt", "Kleine Strolche", "Wolkenburg", "Traumland", "Spielkiste",
	"Schneckenhaus", "Glühwürmchen", "Bärenhöhle", "Eichhörnchen", "Schmetterling",
	"Zauberwald", "Entdeckerland", "Kleeblatt", "Froschkönig", "Waldwichtel",
	"Die kleinen Füchse", "Pfiffikus", "Mäuseburg", "Lummerland", "Flohkiste",
}

// saints name church Kitas ("Kath. Kita St. Martin").
var saints = []string{
	"St. Martin", "St. Josef", "St. Elisabeth", "St. Michael", "St. Marien",
	"St. Franziskus", "St. Antonius", "St. Nikolaus", "St. Petrus", "St. Paulus",
	"St. Johannes", "St. Georg", "St. Barbara", "St. Hedwig", "Heilig Kreuz",
}

// churchWords name Protestant Kitas and parishes.
var churchWords = []string{
	"Arche Noah", "Senfkorn", "Regenbogen", "Lukas", "Markus", "Matthäus",
	"Paul Gerhardt", "Dietrich Bonhoeffer", "Kreuzkirche", "Friedenskirche",
	"Christuskirche", "Erlöserkirche", "Himmelszelt", "Kirchenmaus",
}

// freeCarriers are large free (non-church) carriers present in many cities.
var freeCarriers = []string{
	"AWO Kreisverband %s e.V.", "DRK Kreisverband %s e.V.", "Johanniter-Unfall-Hilfe e.V. %s",
	"Lebenshilfe %s e.V.", "FRÖBEL Bildung und Erziehung gGmbH", "Kinderwelt %s gGmbH",
	"Volkssolidarität %s e.V.", "Arbeiter-Samariter-Bund %s", "Internationaler Bund %s",
	"Klax Kindergärten gGmbH", "Kinder in Bewegung gGmbH", "Montessori-Verein %s e.V.",
}

// companyCarriers run Betriebskitas.
var companyCarriers = []string{
	"Universitätsklinikum %s", "Stadtwerke %s GmbH", "Sparkasse %s", "Universität %s",
	"Klinikum %s gGmbH", "Verkehrsbetriebe %s AG",
}

var streets = []string{
	"Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße",
	"Bergstraße", "Birkenweg", "Lindenstraße", "Kirchstraße", "Waldstraße",
	"Ringstraße", "Am Markt", "Goethestraße", "Schillerstraße", "Mozartstraße",
	"Wiesenweg", "Rosenweg", "Amselweg", "Buchenweg", "Jahnstraße",
	"Parkstraße", "Blumenstraße", "Feldstraße", "Friedrichstr.", "Lessingstr.",
	"Am Sportplatz", "Beethovenstraße", "Eichendorffweg", "Uhlandstraße", "Mühlenweg",
}

var concepts = []string{
	"Montessori", "Waldorf", "Reggio", "Situationsansatz", "Naturpädagogik",
	"Fröbel", "Kneipp", "offene Arbeit", "Bewegungskita", "Sprachkita",
	"Inklusion", "Emmi Pikler", "Religionspädagogik", "Freinet", "Waldpädagogik",
	"Interkulturelle Pädagogik",
}

// conceptWeights say how common each concept is, in the order of concepts.
var conceptWeights = []float64{
	0.08, 0.04, 0.05, 0.20, 0.12,
	0.03, 0.04, 0.15, 0.08, 0.10,
	0.12, 0.03, 0.08, 0.02, 0.03,
	0.08,
}

// secondLanguages are spoken besides German in bilingual Kitas.
var secondLanguages = []string{
	"englisch", "türkisch", "arabisch", "polnisch", "russisch",
	"französisch", "spanisch", "italienisch", "griechisch", "gebärdensprache",
}

// featureShares is the share of Kitas with each domain.FeatureKeys entry.
var featureShares = map[string]float64{
	"mittagessen": 0.85, "ganztag": 0.60, "integrativ": 0.30, "naturgruppe": 0.10,
	"waldkita": 0.03, "bio_essen": 0.25, "barrierefrei": 0.30, "hort": 0.08, "teilzeit": 0.40,
}

// Ring-two district names are built from these, like "Oberfeld" or "Neuhausen".
var (
	districtPrefixes = []string{"Neu", "Alt", "Ober", "Nieder", "Unter", "Klein", "Groß", "Hohen", "Ost", "West", "Süd", "Nord"}
	districtRoots    = []string{"dorf", "hausen", "heim", "feld", "berg", "bach", "au", "stedt", "hof", "wald", "brück", "kirchen", "rode"}
	directions       = []string{"Nord", "Nordost", "Ost", "Südost", "Süd", "Südwest", "West", "Nordwest"}
	centreNames      = []string{"Mitte", "Innenstadt", "Altstadt", "Zentrum"}
)
