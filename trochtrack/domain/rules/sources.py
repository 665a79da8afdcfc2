"""What the source tags of the alerts stand for (the clinical evidence notes' references).

Alerts name their sources by tag (``S15``) so that evidence stays compact and stable; the
window and the letters show each tag with this short citation, so a clinician can see
what a rule rests on without the notes at hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

DESIGN: Final = "DESIGN"

CITATIONS: Final[dict[str, str]] = {
    "S4": "Fearon et al., Br J Sports Med 2024: ICON 2020 core outcome set, gluteal tendinopathy",
    "S6": "Farrar et al., Pain 2001: clinically important change on the 0-10 pain NRS",
    "S7": "Dworkin et al., J Pain 2008: IMMPACT recommendations on pain outcomes",
    "S11": "Clifford et al., BMJ Open Sport Exerc Med 2019: isometric v isotonic exercise, GTPS",
    "S15": "Mellor et al., BMJ 2018: LEAP trial, education and exercise v injection v wait",
    "S19": "Rompe et al., Am J Sports Med 2009: home training, injection or shockwave, GTPS",
    "S22": "Fitzpatrick et al., Am J Sports Med 2018: PRP v corticosteroid injection",
    "S23": "Fitzpatrick et al., Am J Sports Med 2019: PRP, two-year follow-up",
    "S24": "Sports Med Arthrosc Rev 2016: endoscopic repair of gluteus medius tears",
    "S27": "NHS Tayside referral guide: trochanteric bursitis",
    "S28": "NHS Lothian RefHelp: greater trochanteric pain syndrome",
    "S30": "ultrasound volume measurement: ellipsoid factor 0.523",
    "S31": "ellipsoid volume formula",
    "S32": "Kodikara et al., Acta Radiol 2020: accuracy of volume formulae",
    "S33": "Durante et al., JAMA 2015: growth of benign thyroid nodules (2 mm and 20 %)",
    "S34": "Brauer et al., Thyroid 2005: observer variation of ellipsoid volumes",
    "S37": "BMJ Open: inter-rater reliability of ultrasound, supraspinatus tendinopathy",
    "S38": "Muscles Ligaments Tendons J 2017: reliability of tendon thickness on ultrasound",
    "S41": "Vereecke et al., J Belg Soc Radiol 2015: needle lavage, gluteus medius calcific",
    "S42": "Jo et al., Ann Rehabil Med 2016: barbotage of gluteus medius calcific tendinopathy",
    "S43": "barbotage of gluteus minimus and medius calcific tendinopathy (technique)",
    "S44b": "Coakley et al., Rheumatology 2006: the hot swollen joint in adults (BSR, BOA, RCGP)",
    "S44d": "GP Online: hip pain in adults, red flag symptoms",
    "S44e": "NHS Gloucestershire: red flags for hip conditions",
    "S44f": "NHS Cornwall: young adult hip pain red flags",
    "S45b": "Hospital Medicine 2016: hip pain and fever, calcific bursitis mimicking sepsis",
    "S46b": "fever above 38 °C in the Sepsis-1 (SIRS) criteria",
    "S51": "UK ibuprofen leaflet: no longer than 10 days without medical advice",
    "S55": "NHS GGC oral NSAID guideline: risk factors, age 65 and over",
    "S56": "NHS Highland NSAID guideline: bleeding risk rises after 5 days",
    DESIGN: "a value of this app's design where no published number exists (to sign off)",
}


def cite(tags: Iterable[str]) -> list[str]:
    """Each tag with its short citation, as "S15: Mellor et al., …" (unknown tags as they are)."""
    return [f"{tag}: {CITATIONS[tag]}" if tag in CITATIONS else tag for tag in tags]
