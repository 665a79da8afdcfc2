"""The app's words for its vocabulary, in one place: the window, the charts and the letters.

A treatment, a status, a lesion kind or a measure is called by the same name everywhere
because every layer takes the name from here: :mod:`~trochtrack.wording.labels` (the
clinical vocabulary, the documents, the rules presets), :mod:`~trochtrack.wording.dates`
(the one date format) and :mod:`~trochtrack.wording.measures` (the scores a visit
records). It is pure data and functions: it imports nothing from the app but the domain
(an import-linter layer), so charts, reports, services and the UI can all use it.
Formatting that needs Qt (numbers in the user's locale, plain-text labels) stays in
:mod:`trochtrack.ui.text`; prose drafted for letters stays with the letters
(:mod:`trochtrack.services.letter_wording`).
"""
