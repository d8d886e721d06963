// German texts of the handoff screens: the reference for the other languages here.
export const deHandoff = {
  // The kiosk: the button, the dialog with the QR code, the message after the wipe.
  'handoff.button': 'Auf dem Handy weitermachen',
  'handoff.title': 'Auf dem Handy weitermachen',
  'handoff.loading': 'Der Code wird erstellt …',
  'handoff.scan': 'Scannen Sie den QR-Code mit der Kamera Ihres Handys.',
  'handoff.qrAlt': 'QR-Code zum Weitermachen auf dem Handy',
  'handoff.orType': 'Ohne Kamera: Öffnen Sie auf dem Handy die Adresse {url} und geben Sie diesen Code ein:',
  'handoff.codeLabel': 'Code',
  'handoff.validity': 'Der Code gilt einmal und {minutes} Minuten lang.',
  'handoff.remaining': 'Noch {time} gültig',
  'handoff.wipeNote':
    'Sobald Ihr Handy den Code benutzt, löscht der Kiosk alle Ihre Angaben. Sie machen dann auf dem Handy weiter.',
  'handoff.cancel': 'Abbrechen',
  'handoff.expired': 'Der Code ist abgelaufen. Sie können sich einen neuen anzeigen lassen.',
  'handoff.newCode': 'Neuen Code anzeigen',
  'handoff.retry': 'Noch einmal versuchen',
  'handoff.tooMany': 'Zu viele Codes in kurzer Zeit. Bitte versuchen Sie es in {minutes} Minuten noch einmal.',
  'handoff.farewellTitle': 'Weiter auf Ihrem Handy',
  'handoff.farewellText': 'Ihre Angaben sind jetzt auf Ihrem Handy. An diesem Kiosk wurde alles gelöscht.',
  'handoff.farewellOk': 'OK',

  // The phone: typing the code at /h, and the answers to /h/TOKEN.
  'title.handoff': 'KitaPortal – Auf dem Handy weitermachen',
  'title.handoffInvalid': 'KitaPortal – Code nicht gültig',
  'handoff.redeeming': 'Ihre Angaben werden übernommen …',
  'handoff.entryHeading': 'Mit dem Code vom Kiosk weitermachen',
  'handoff.entryLead': 'Am Kiosk steht unter dem QR-Code ein Code aus acht Zeichen. Geben Sie ihn hier ein.',
  'handoff.entryLabel': 'Code vom Kiosk',
  'handoff.entryHint': 'Zum Beispiel ABCD-EFGH. Groß- und Kleinschreibung und Leerzeichen sind egal.',
  'handoff.entrySubmit': 'Weitermachen',
  'handoff.noCode': 'Noch kein Code? Tippen Sie am Kiosk auf „Auf dem Handy weitermachen“.',
  'handoff.startFresh': 'Ohne Code neu beginnen',
  'handoff.invalidHeading': 'Dieser Code gilt nicht mehr',
  'handoff.invalidText': 'Ein Code zum Weitermachen gilt nur einmal und nur 10 Minuten lang.',
  'handoff.invalidWhat': 'So geht es weiter:',
  'handoff.invalidStep1':
    'Lassen Sie sich am Kiosk einen neuen Code anzeigen: Tippen Sie dort auf „Auf dem Handy weitermachen“.',
  'handoff.invalidStep2': 'Scannen Sie den neuen QR-Code, oder geben Sie den Code hier ein.',
  'handoff.invalidStep3':
    'Wurde der Kiosk inzwischen geleert, sind Ihre Angaben dort gelöscht. Dann beginnen Sie hier einfach neu.',
  'handoff.enterCode': 'Code eingeben',
  'handoff.limitedHeading': 'Bitte warten Sie kurz',
  'handoff.limitedText':
    'Es gab zu viele falsche Versuche. Bitte warten Sie {minutes} Minuten und versuchen Sie es dann noch einmal.',
  'handoff.failedHeading': 'Keine Verbindung',
  'handoff.arrivedTitle': 'Willkommen auf Ihrem Handy',
  'handoff.arrivedText': 'Ihre Merkliste und Ihre bisherigen Angaben sind da. Am Kiosk wurde alles gelöscht.',
  'handoff.arrivedForm': 'Mit „{button}“ machen Sie bei Schritt {n} von {of} weiter.',

  // Error codes of the hand-off routes (errors.<code>).
  'errors.handoff.invalid':
    'Dieser Code gilt nicht (mehr). Bitte prüfen Sie ihn, oder lassen Sie sich am Kiosk einen neuen Code anzeigen.',
  'errors.handoff.invalid_request': 'Bitte geben Sie den Code vom Kiosk ein.',
  'errors.handoff.kiosk_only': 'Das Weitermachen auf dem Handy geht nur vom Kiosk aus.',
  'errors.handoff.logged_in': 'Bitte melden Sie sich zuerst ab. Eine Anmeldung wird nicht auf das Handy übertragen.',
  'errors.handoff.no_public_url':
    'An diesem Kiosk ist das Weitermachen auf dem Handy nicht eingerichtet. Bitte fragen Sie am Empfang.',
} as const;

export type HandoffKey = keyof typeof deHandoff;
