// Package notify tells families and Kitas by e-mail that something
// happened: the wording in six languages, the messages a change adds to the
// outbox (in the same transaction as the change), and the delivery of the
// outbox over SMTP with retries.
package notify

import (
	"fmt"
	"strings"
	"time"

	"kitaportal/app/domain"
	"kitaportal/app/settings"
	"kitaportal/storage"
)

// E-mails carry as little as possible: the Vormerkungsnummer, what kind of
// news there is and where to read it. Names, dates and addresses stay in
// the account, behind a login.

// mailText is one language's wording of the family e-mails.
type mailText struct {
	subject, greeting, news, submitted, login, noReply string
	status                                             map[domain.Status]string
}

var familyMail = map[string]mailText{
	"de": {
		subject: "KitaPortal: Neuigkeiten zu Ihrer Vormerkung %s", greeting: "Guten Tag,",
		news:      "zu Ihrer Vormerkung %s gibt es Neuigkeiten: %s.",
		submitted: "Ihre Vormerkung %s ist eingegangen.",
		login:     "Die Einzelheiten lesen Sie in Ihrem Konto: %s",
		noReply:   "Aus Datenschutzgründen stehen keine persönlichen Daten in dieser E-Mail. Bitte antworten Sie nicht auf diese E-Mail.",
		status: map[domain.Status]string{
			domain.StatusGelesen: "Die Kita hat Ihre Vormerkung gelesen", domain.StatusTermin: "Die Kita lädt Sie zu einem Termin ein",
			domain.StatusPlatzangebot: "Die Kita bietet Ihnen einen Platz an – bitte antworten Sie bis zur Frist",
			domain.StatusWarteliste:   "Ihr Kind steht auf der Warteliste", domain.StatusAbsage: "Die Kita hat abgesagt",
			domain.StatusZurueckgezogen: "Eine Vormerkung wurde zurückgezogen", domain.StatusAngenommen: "Sie haben einen Platz angenommen",
			domain.StatusAbgelehnt: "Ein Platzangebot ist abgelehnt oder abgelaufen",
		},
	},
	"en": {
		subject: "KitaPortal: news about your registration %s", greeting: "Hello,",
		news:      "there is news about your registration (Vormerkung) %s: %s.",
		submitted: "Your registration (Vormerkung) %s has been received.",
		login:     "Read the details in your account: %s",
		noReply:   "For data protection, this e-mail contains no personal data. Please do not reply to it.",
		status: map[domain.Status]string{
			domain.StatusGelesen: "the Kita has read your registration", domain.StatusTermin: "the Kita invites you to an appointment",
			domain.StatusPlatzangebot: "the Kita offers you a place – please answer before the deadline",
			domain.StatusWarteliste:   "your child is on the waiting list", domain.StatusAbsage: "the Kita has declined",
			domain.StatusZurueckgezogen: "a registration was withdrawn", domain.StatusAngenommen: "you have accepted a place",
			domain.StatusAbgelehnt: "a place offer was declined or has expired",
		},
	},
	"tr": {
		subject: "KitaPortal: %s numaralı ön kaydınızla ilgili haberler", greeting: "Merhaba,",
		news:      "%s numaralı ön kaydınızla (Vormerkung) ilgili yeni bir gelişme var: %s.",
		submitted: "%s numaralı ön kaydınız (Vormerkung) alındı.",
		login:     "Ayrıntıları hesabınızda okuyabilirsiniz: %s",
		noReply:   "Veri koruma nedeniyle bu e-postada kişisel veri yoktur. Lütfen bu e-postayı yanıtlamayın.",
		status: map[domain.Status]string{
			domain.StatusGelesen: "Kita ön kaydınızı okudu", domain.StatusTermin: "Kita sizi bir görüşmeye davet ediyor",
			domain.StatusPlatzangebot: "Kita size bir yer teklif ediyor – lütfen süre dolmadan yanıt verin",
			domain.StatusWarteliste:   "çocuğunuz bekleme listesinde", domain.StatusAbsage: "Kita olumsuz yanıt verdi",
			domain.StatusZurueckgezogen: "bir ön kayıt geri çekildi", domain.StatusAngenommen: "bir yeri kabul ettiniz",
			domain.StatusAbgelehnt: "bir yer teklifi reddedildi veya süresi doldu",
		},
	},
	"ar": {
		subject: "KitaPortal: مستجدات حول تسجيلك المسبق %s", greeting: "مرحبًا،",
		news:      "هناك مستجدات حول تسجيلك المسبق (Vormerkung) رقم %s: %s.",
		submitted: "تم استلام تسجيلك المسبق (Vormerkung) رقم %s.",
		login:     "اقرأ التفاصيل في حسابك: %s",
		noReply:   "حرصًا على حماية البيانات لا يحتوي هذا البريد على بيانات شخصية. يرجى عدم الرد عليه.",
		status: map[domain.Status]string{
			domain.StatusGelesen: "قرأت الروضة تسجيلك", domain.StatusTermin: "تدعوك الروضة إلى موعد",
			domain.StatusPlatzangebot: "تعرض عليك الروضة مكانًا – يرجى الرد قبل انتهاء المهلة",
			domain.StatusWarteliste:   "طفلك على قائمة الانتظار", domain.StatusAbsage: "اعتذرت الروضة",
			domain.StatusZurueckgezogen: "تم سحب تسجيل مسبق", domain.StatusAngenommen: "لقد قبلت مكانًا",
			domain.StatusAbgelehnt: "تم رفض عرض مكان أو انتهت مهلته",
		},
	},
	"uk": {
		subject: "KitaPortal: новини щодо вашої попередньої реєстрації %s", greeting: "Добрий день,",
		news:      "є новини щодо вашої попередньої реєстрації (Vormerkung) %s: %s.",
		submitted: "Вашу попередню реєстрацію (Vormerkung) %s отримано.",
		login:     "Подробиці читайте у своєму обліковому записі: %s",
		noReply:   "З міркувань захисту даних цей лист не містить персональних даних. Будь ласка, не відповідайте на нього.",
		status: map[domain.Status]string{
			domain.StatusGelesen: "дитсадок прочитав вашу реєстрацію", domain.StatusTermin: "дитсадок запрошує вас на зустріч",
			domain.StatusPlatzangebot: "дитсадок пропонує вам місце – будь ласка, дайте відповідь до кінцевого терміну",
			domain.StatusWarteliste:   "ваша дитина в списку очікування", domain.StatusAbsage: "дитсадок відмовив",
			domain.StatusZurueckgezogen: "реєстрацію відкликано", domain.StatusAngenommen: "ви прийняли місце",
			domain.StatusAbgelehnt: "пропозицію місця відхилено або її строк минув",
		},
	},
	"ru": {
		subject: "KitaPortal: новости по вашей предварительной записи %s", greeting: "Здравствуйте,",
		news:      "есть новости по вашей предварительной записи (Vormerkung) %s: %s.",
		submitted: "Ваша предварительная запись (Vormerkung) %s получена.",
		login:     "Подробности читайте в своём личном кабинете: %s",
		noReply:   "В целях защиты данных это письмо не содержит персональных данных. Пожалуйста, не отвечайте на него.",
		status: map[domain.Status]string{
			domain.StatusGelesen: "детский сад прочитал вашу запись", domain.StatusTermin: "детский сад приглашает вас на встречу",
			domain.StatusPlatzangebot: "детский сад предлагает вам место – пожалуйста, ответьте до указанного срока",
			domain.StatusWarteliste:   "ваш ребёнок в листе ожидания", domain.StatusAbsage: "детский сад отказал",
			domain.StatusZurueckgezogen: "запись отозвана", domain.StatusAngenommen: "вы приняли место",
			domain.StatusAbgelehnt: "предложение места отклонено или его срок истёк",
		},
	},
}

// mailer composes notifications; it knows the settings and the public URL.
type mailer struct {
	set     settings.Settings
	baseURL string
}

func (n *Notifier) mailer() (mailer, error) {
	set, err := n.settings.Get()
	return mailer{set: set, baseURL: set.PublicURL}, err
}

func (m mailer) enabled() bool { return m.set.SMTPHost != "" && m.set.SMTPFrom != "" }

// familyAddress is where a family's mail goes: the account's address, else
// the first guardian's, else nowhere.
func (n *Notifier) familyAddress(app storage.Application) string {
	if app.AccountID != "" {
		if a, err := n.store.GetAccount(app.AccountID); err == nil {
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
func (m mailer) toFamily(to string, app storage.Application, status domain.Status) []storage.Message {
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
	return []storage.Message{{Number: app.Number, Audience: storage.AudienceFamily, To: to, Subject: fmt.Sprintf(familyMail[langs[len(langs)-1]].subject, app.Number), Body: strings.Join(body, "\n\n———\n\n")}}
}

// toKita tells a Kita (its contact address) about a change on its list.
func (m mailer) toKita(k storage.Kita, number string, status domain.Status) []storage.Message {
	if !m.enabled() || k.Contact.Email == "" {
		return nil
	}
	what := map[domain.Status]string{
		domain.StatusEingegangen:    "Eine neue Vormerkung ist eingegangen",
		domain.StatusZurueckgezogen: "Eine Vormerkung wurde zurückgezogen",
		domain.StatusAngenommen:     "Ein Platzangebot wurde angenommen",
		domain.StatusAbgelehnt:      "Ein Platzangebot wurde abgelehnt oder ist abgelaufen",
	}[status]
	if what == "" {
		return nil
	}
	return []storage.Message{{Number: number, Audience: storage.AudienceKita, To: k.Contact.Email, Subject: "KitaPortal: " + what + " (" + number + ")",
		Body: "Guten Tag,\n\n" + what + ": Vormerkung " + number + ".\nDie Einzelheiten sehen Sie nach der Anmeldung im KitaPortal.\n\nBitte antworten Sie nicht auf diese E-Mail."}}
}

// Announce adds the e-mails about changed Vormerkungen to cs: one to the
// family, one to each Kita concerned (where the Kita wants to know).
func (n *Notifier) Announce(cs *storage.ChangeSet, app storage.Application, changed []storage.Vormerkung, status domain.Status, now time.Time) {
	m, err := n.mailer()
	if err != nil || !m.enabled() {
		return
	}
	cs.Outbox = append(cs.Outbox, stamp(m.toFamily(n.familyAddress(app), app, status), now)...)
	for _, v := range changed {
		if k, err := n.store.GetKita(v.KitaID); err == nil {
			cs.Outbox = append(cs.Outbox, stamp(m.toKita(k, app.Number, v.Status), now)...)
		}
	}
}

// Submitted adds the e-mails of a new registration to cs: the receipt's
// news to the family at to, and "a new Vormerkung" to each Kita.
func (n *Notifier) Submitted(cs *storage.ChangeSet, to string, app storage.Application, kitaIDs []string, now time.Time) error {
	m, err := n.mailer()
	if err != nil {
		return err
	}
	cs.Outbox = append(cs.Outbox, stamp(m.toFamily(to, app, ""), now)...)
	for _, id := range kitaIDs {
		if k, err := n.store.GetKita(id); err == nil {
			cs.Outbox = append(cs.Outbox, stamp(m.toKita(k, app.Number, domain.StatusEingegangen), now)...)
		}
	}
	return nil
}

// stamp dates messages.
func stamp(msgs []storage.Message, now time.Time) []storage.Message {
	for i := range msgs {
		msgs[i].CreatedAt = now
	}
	return msgs
}
