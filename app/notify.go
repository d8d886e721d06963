package app

import (
	"fmt"
	"strings"

	"kitaportal/storage"
)

// E-mails carry as little as possible: the Vormerkungsnummer, what kind of
// news there is and where to read it. Names, dates and addresses stay in
// the account, behind a login.

// mailText is one language's wording of the family e-mails.
type mailText struct {
	subject, greeting, news, submitted, login, noReply string
	status                                             map[string]string
}

var familyMail = map[string]mailText{
	"de": {
		subject: "KitaPortal: Neuigkeiten zu Ihrer Vormerkung %s", greeting: "Guten Tag,",
		news:      "zu Ihrer Vormerkung %s gibt es Neuigkeiten: %s.",
		submitted: "Ihre Vormerkung %s ist eingegangen.",
		login:     "Die Einzelheiten lesen Sie in Ihrem Konto: %s",
		noReply:   "Aus Datenschutzgründen stehen keine persönlichen Daten in dieser E-Mail. Bitte antworten Sie nicht auf diese E-Mail.",
		status: map[string]string{
			storage.StatusGelesen: "Die Kita hat Ihre Vormerkung gelesen", storage.StatusTermin: "Die Kita lädt Sie zu einem Termin ein",
			storage.StatusPlatzangebot: "Die Kita bietet Ihnen einen Platz an – bitte antworten Sie bis zur Frist",
			storage.StatusWarteliste:   "Ihr Kind steht auf der Warteliste", storage.StatusAbsage: "Die Kita hat abgesagt",
			storage.StatusZurueckgezogen: "Eine Vormerkung wurde zurückgezogen", storage.StatusAngenommen: "Sie haben einen Platz angenommen",
			storage.StatusAbgelehnt: "Ein Platzangebot ist abgelehnt oder abgelaufen",
		},
	},
	"en": {
		subject: "KitaPortal: news about your registration %s", greeting: "Hello,",
		news:      "there is news about your registration (Vormerkung) %s: %s.",
		submitted: "Your registration (Vormerkung) %s has been received.",
		login:     "Read the details in your account: %s",
		noReply:   "For data protection, this e-mail contains no personal data. Please do not reply to it.",
		status: map[string]string{
			storage.StatusGelesen: "the Kita has read your registration", storage.StatusTermin: "the Kita invites you to an appointment",
			storage.StatusPlatzangebot: "the Kita offers you a place – please answer before the deadline",
			storage.StatusWarteliste:   "your child is on the waiting list", storage.StatusAbsage: "the Kita has declined",
			storage.StatusZurueckgezogen: "a registration was withdrawn", storage.StatusAngenommen: "you have accepted a place",
			storage.StatusAbgelehnt: "a place offer was declined or has expired",
		},
	},
	"tr": {
		subject: "KitaPortal: %s numaralı ön kaydınızla ilgili haberler", greeting: "Merhaba,",
		news:      "%s numaralı ön kaydınızla (Vormerkung) ilgili yeni bir gelişme var: %s.",
		submitted: "%s numaralı ön kaydınız (Vormerkung) alındı.",
		login:     "Ayrıntıları hesabınızda okuyabilirsiniz: %s",
		noReply:   "Veri koruma nedeniyle bu e-postada kişisel veri yoktur. Lütfen bu e-postayı yanıtlamayın.",
		status: map[string]string{
			storage.StatusGelesen: "Kita ön kaydınızı okudu", storage.StatusTermin: "Kita sizi bir görüşmeye davet ediyor",
			storage.StatusPlatzangebot: "Kita size bir yer teklif ediyor – lütfen süre dolmadan yanıt verin",
			storage.StatusWarteliste:   "çocuğunuz bekleme listesinde", storage.StatusAbsage: "Kita olumsuz yanıt verdi",
			storage.StatusZurueckgezogen: "bir ön kayıt geri çekildi", storage.StatusAngenommen: "bir yeri kabul ettiniz",
			storage.StatusAbgelehnt: "bir yer teklifi reddedildi veya süresi doldu",
		},
	},
	"ar": {
		subject: "KitaPortal: مستجدات حول تسجيلك المسبق %s", greeting: "مرحبًا،",
		news:      "هناك مستجدات حول تسجيلك المسبق (Vormerkung) رقم %s: %s.",
		submitted: "تم استلام تسجيلك المسبق (Vormerkung) رقم %s.",
		login:     "اقرأ التفاصيل في حسابك: %s",
		noReply:   "حرصًا على حماية البيانات لا يحتوي هذا البريد على بيانات شخصية. يرجى عدم الرد عليه.",
		status: map[string]string{
			storage.StatusGelesen: "قرأت الروضة تسجيلك", storage.StatusTermin: "تدعوك الروضة إلى موعد",
			storage.StatusPlatzangebot: "تعرض عليك الروضة مكانًا – يرجى الرد قبل انتهاء المهلة",
			storage.StatusWarteliste:   "طفلك على قائمة الانتظار", storage.StatusAbsage: "اعتذرت الروضة",
			storage.StatusZurueckgezogen: "تم سحب تسجيل مسبق", storage.StatusAngenommen: "لقد قبلت مكانًا",
			storage.StatusAbgelehnt: "تم رفض عرض مكان أو انتهت مهلته",
		},
	},
	"uk": {
		subject: "KitaPortal: новини щодо вашої попередньої реєстрації %s", greeting: "Добрий день,",
		news:      "є новини щодо вашої попередньої реєстрації (Vormerkung) %s: %s.",
		submitted: "Вашу попередню реєстрацію (Vormerkung) %s отримано.",
		login:     "Подробиці читайте у своєму обліковому записі: %s",
		noReply:   "З міркувань захисту даних цей лист не містить персональних даних. Будь ласка, не відповідайте на нього.",
		status: map[string]string{
			storage.StatusGelesen: "дитсадок прочитав вашу реєстрацію", storage.StatusTermin: "дитсадок запрошує вас на зустріч",
			storage.StatusPlatzangebot: "дитсадок пропонує вам місце – будь ласка, дайте відповідь до кінцевого терміну",
			storage.StatusWarteliste:   "ваша дитина в списку очікування", storage.StatusAbsage: "дитсадок відмовив",
			storage.StatusZurueckgezogen: "реєстрацію відкликано", storage.StatusAngenommen: "ви прийняли місце",
			storage.StatusAbgelehnt: "пропозицію місця відхилено або її строк минув",
		},
	},
	"ru": {
		subject: "KitaPortal: новости по вашей предварительной записи %s", greeting: "Здравствуйте,",
		news:      "есть новости по вашей предварительной записи (Vormerkung) %s: %s.",
		submitted: "Ваша предварительная запись (Vormerkung) %s получена.",
		login:     "Подробности читайте в своём личном кабинете: %s",
		noReply:   "В целях защиты данных это письмо не содержит персональных данных. Пожалуйста, не отвечайте на него.",
		status: map[string]string{
			storage.StatusGelesen: "детский сад прочитал вашу запись", storage.StatusTermin: "детский сад приглашает вас на встречу",
			storage.StatusPlatzangebot: "детский сад предлагает вам место – пожалуйста, ответьте до указанного срока",
			storage.StatusWarteliste:   "ваш ребёнок в листе ожидания", storage.StatusAbsage: "детский сад отказал",
			storage.StatusZurueckgezogen: "запись отозвана", storage.StatusAngenommen: "вы приняли место",
			storage.StatusAbgelehnt: "предложение места отклонено или его срок истёк",
		},
	},
}

// mailer composes notifications; it knows the settings and the public URL.
type mailer struct {
	set     Settings
	baseURL string
}

func (s *Services) mailer() (mailer, error) {
	set, err := s.Settings()
	return mailer{set: set, baseURL: set.PublicURL}, err
}

func (m mailer) enabled() bool { return m.set.SMTPHost != "" && m.set.SMTPFrom != "" }

// familyAddress is where a family's mail goes: the account's address, else
// the first guardian's, else nowhere.
func (s *Services) familyAddress(app storage.Application) string {
	if app.AccountID != "" {
		if a, err := s.Store.GetAccount(app.AccountID); err == nil {
			return a.Email
		}
	}
	for _, g := range app.Guardians {
		if g.Email != "" {
			return g.Email
		}
	}
	return ""
}

// toFamily builds the e-mail for one event ("" status: submitted) in
// German and, when different, the family's language.
func (m mailer) toFamily(to string, app storage.Application, status string) []storage.Message {
	if !m.enabled() || to == "" {
		return nil
	}
	langs := []string{"de"}
	if app.Language != "de" && familyMail[app.Language].subject != "" {
		langs = append(langs, app.Language)
	}
	url := m.baseURL + "/status/" + app.Number
	if m.baseURL == "" {
		url = "KitaPortal"
	}
	var body []string
	for _, l := range langs {
		t := familyMail[l]
		line := fmt.Sprintf(t.submitted, app.Number)
		if status != "" {
			line = fmt.Sprintf(t.news, app.Number, t.status[status])
		}
		body = append(body, t.greeting+"\n\n"+line+"\n"+fmt.Sprintf(t.login, url)+"\n\n"+t.noReply)
	}
	return []storage.Message{{To: to, Subject: fmt.Sprintf(familyMail[langs[len(langs)-1]].subject, app.Number), Body: strings.Join(body, "\n\n———\n\n")}}
}

// toKita tells a Kita (its contact address) about a change on its list.
func (m mailer) toKita(k storage.Kita, number, status string) []storage.Message {
	if !m.enabled() || k.Contact.Email == "" {
		return nil
	}
	what := map[string]string{
		storage.StatusEingegangen:    "Eine neue Vormerkung ist eingegangen",
		storage.StatusZurueckgezogen: "Eine Vormerkung wurde zurückgezogen",
		storage.StatusAngenommen:     "Ein Platzangebot wurde angenommen",
		storage.StatusAbgelehnt:      "Ein Platzangebot wurde abgelehnt oder ist abgelaufen",
	}[status]
	if what == "" {
		return nil
	}
	return []storage.Message{{To: k.Contact.Email, Subject: "KitaPortal: " + what + " (" + number + ")",
		Body: "Guten Tag,\n\n" + what + ": Vormerkung " + number + ".\nDie Einzelheiten sehen Sie nach der Anmeldung im KitaPortal.\n\nBitte antworten Sie nicht auf diese E-Mail."}}
}
