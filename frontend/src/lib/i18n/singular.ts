// Texts for exactly one ({n} = 1) where a language's plural text would read wrong
// ("1 Kitas gefunden"). Only German and English need them: the other catalogues
// word these messages so that any number fits ("Найдено садов: 1").
import type { MessageKey } from './de';

export type Singulars = Partial<Record<MessageKey, string>>;

export const singulars: Record<string, Singulars> = {
  de: {
    'search.count': '{n} Kita gefunden',
    'filters.countLabel': '{n} Kita',
    'filters.ageYears': '{n} Jahr',
    'age.months': '{n} Monat',
    'age.years': '{n} Jahr',
    'places.ofTotal': 'von {n} Platz',
    'form.errorsHeading': 'Bitte prüfen Sie {n} Angabe:',
    'account.offer.daysLeft': 'noch {n} Tag',
    'round.points': '{n} Punkt',
    'round.figures.placed': 'haben einen Platz ({n} Kind)',
    'round.figures.first': 'haben ihren Erstwunsch ({n} Kind)',
    'round.publish.text': '{n} Familie bekommt dann ein Platzangebot in ihrem Konto.',
    'round.publish.confirmText':
      '{n} Familie bekommt ein Platzangebot. Alle Familien sehen ihr Ergebnis mit der Erklärung.',
    'round.publish.confirmButton': 'Ja, {n} Angebot senden',
    'round.publish.done': '{n} Platzangebot ist verschickt.',
    'admin.audit.count': '{n} Eintrag',
    'admin.outbox.summary': '{n} E-Mail: {sent} verschickt, {waiting} warten, {failed} aufgegeben.',
  },
  en: {
    'search.count': '{n} Kita found',
    'filters.countLabel': '{n} Kita',
    'filters.ageYears': '{n} year',
    'age.months': '{n} month',
    'age.years': '{n} year',
    'places.ofTotal': 'of {n} place',
    'form.errorsHeading': 'Please check {n} entry:',
    'account.offer.daysLeft': '{n} day left',
    'round.points': '{n} point',
    'round.figures.placed': 'got a place ({n} child)',
    'round.figures.first': 'got their first wish ({n} child)',
    'round.publish.text': '{n} family will then get a place offer in its account.',
    'round.publish.confirmText': '{n} family gets a place offer. All families see their result with the explanation.',
    'round.publish.confirmButton': 'Yes, send {n} offer',
    'round.publish.done': '{n} place offer has been sent.',
    'admin.audit.count': '{n} entry',
    'admin.outbox.summary': '{n} e-mail: {sent} sent, {waiting} waiting, {failed} given up.',
  },
};
