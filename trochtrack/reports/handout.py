"""The patient handout: plain words (a reading age of about 12), larger type.

The advice follows the first-line content in the clinical notes: load management, the
patient's own exercises, what to expect and when, and the red flags in everyday words.
It never names a diagnosis the clinician has not recorded.
"""

from __future__ import annotations

from typing import BinaryIO, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from trochtrack.charts.style import LARGE_PRINT_STYLE
from trochtrack.charts.symptoms import symptom_chart
from trochtrack.reports.common import (
    CELL_FONT,
    PageFurniture,
    build_pdf,
    bullets,
    chart,
    content_width,
    letterhead,
    para,
    rich,
)
from trochtrack.reports.data import HandoutData
from trochtrack.reports.styles import CRITICAL, SHADE, HandoutStyles
from trochtrack.wording.dates import long_date

WHAT_IT_IS: Final = (
    "The pain on the outside of your hip usually comes from the tendons that join your "
    "buttock muscles to the bony bump at the side of your hip. Sometimes a small cushion "
    "of fluid next to them, called a bursa, is sore too. These tendons get sore when they "
    "are squeezed against the bone, for example when you lie on that side or cross your "
    "legs, or when they suddenly have to work much harder than usual.",
    "This is a common problem. Most people get better without an operation.",
)
CALCIUM: Final = (
    "Your scan showed a small deposit of calcium in a tendon. This is common, and it "
    "often gets smaller by itself."
)
EVERYDAY_ADVICE: Final = (
    (
        "Standing",
        "Stand with your weight on both feet. Try not to lean on one hip or let it stick "
        "out to the side.",
    ),
    (
        "Sitting",
        "Do not cross your legs or knees. Avoid low or soft chairs and sofas. Choose a firm "
        "seat where your hips are a little higher than your knees.",
    ),
    (
        "Sleeping",
        "Try not to lie on the sore side. If you lie on your other side, put a pillow "
        "between your knees so your top leg does not drop across.",
    ),
    (
        "Being active",
        "Keep active, but build up walking, stairs and time on your feet a little at a "
        "time. Avoid sudden big jumps, like a long walk after a quiet week.",
    ),
    (
        "Stretches to leave out",
        "Stretches that pull your leg across your body, and the 'clam' exercise, can make "
        "this pain worse. Only do them if your physiotherapist has said so.",
    ),
)
EXERCISE_ADVICE: Final = (
    "Strong hip muscles take the strain off the sore tendons. That is why these exercises "
    "are a key part of getting better. Your muscles may feel tired, and that is normal. "
    "Stop an exercise and tell your physio if it makes your pain much worse, or if the "
    "pain is still worse the next morning."
)
NO_EXERCISES: Final = "Your physio will show you your exercises at your next visit."
PHYSIO_NOTES: Final = (
    "Your physio wrote these notes for you, in their own words. Ask them about any word "
    "that is not clear."
)
WHAT_TO_EXPECT: Final = (
    "Most people get better with advice and exercise. In a large study, about 3 in 4 "
    "people felt better after 8 weeks, and most still felt better a year later.",
    "The pain often eases slowly, over weeks to months. Keep going with your exercises "
    "even if progress seems slow at first.",
    "An injection can ease the pain for a while, but it is not a cure. Exercise gives "
    "better results in the long run.",
)
CALCIUM_FLARE: Final = (
    "The calcium can cause a sudden, very bad flare of pain. This usually settles in one or "
    "two weeks."
)
GET_HELP_TODAY: Final = (
    "you have a fever or shivers, or feel generally unwell, as well as the hip pain",
    "your hip becomes hot, red or swollen",
    "you cannot put weight on your leg, especially after a fall or an injury",
    "you have new numbness, tingling or weakness in your leg",
)
GET_HELP_SOON: Final = (
    "the pain is there all the time, day and night, and changing position does not ease "
    "it, especially if you have had cancer",
    "you are losing weight without trying",
)
CHART_CAPTION: Final = (
    "Each dot is the pain score you gave at a visit: 0 means no pain and 10 the worst "
    "pain you can imagine."
)


def write_handout(data: HandoutData, out: BinaryIO, *, invariant: bool = False) -> None:
    """Write the patient handout as a PDF to ``out``."""
    styles = HandoutStyles
    width = content_width(data.setup.paper)
    head = data.setup.letterhead
    clinician = data.setup.signatory.name
    prepared = f"For {data.patient_name} · {long_date(data.day)}"
    if clinician:
        prepared += f" · from {clinician}"
    story: list[Flowable] = [
        *letterhead(head, width, styles),
        Spacer(1, 5 * mm),
        para(f"Your {data.side} hip: what is going on and what helps", styles.title),
        Spacer(1, 1.5 * mm),
        para(prepared, styles.small),
        para("What is causing your pain?", styles.heading),
        *(para(text, styles.body) for text in WHAT_IT_IS),
    ]
    if data.calcific:
        story.append(para(CALCIUM, styles.body))
    story.append(para("Everyday things that help", styles.heading))
    story += [
        rich(f"<b>{topic}:</b> {advice}", styles.bullet, bullet="•")
        for topic, advice in EVERYDAY_ADVICE
    ]
    story += [para("Your exercise plan", styles.heading), para(EXERCISE_ADVICE, styles.body)]
    if data.exercises:
        # Shown as typed: the physio's short codes are theirs to explain, not ours to rename.
        story += [
            para("Your physio's notes", styles.subheading),
            para(PHYSIO_NOTES, styles.body),
            *bullets(data.exercises, styles.bullet),
            Spacer(1, 2 * mm),
        ]
    else:
        story.append(para(NO_EXERCISES, styles.body))
    story.append(para("What to expect", styles.heading))
    story += [para(text, styles.body) for text in WHAT_TO_EXPECT]
    if data.calcific:
        story.append(para(CALCIUM_FLARE, styles.body))
    if data.pain_chart.pain:
        story.append(
            KeepTogether(
                [
                    para("Your pain so far", styles.heading),
                    chart(symptom_chart(data.pain_chart, style=LARGE_PRINT_STYLE), width * 0.85),
                    para(CHART_CAPTION, styles.small),
                ]
            )
        )
    story += [_get_help_box(width), Spacer(1, 5 * mm), _appointment_box(data, width)]
    footer = " · ".join(
        part for part in (head.clinic_name, f"Tel. {head.phone}" if head.phone else None) if part
    )
    furniture = PageFurniture(footer, f"{data.patient_name} · your hip advice")
    build_pdf(out, data.setup, story, furniture, invariant=invariant)


def _get_help_box(width: float) -> Table:
    styles = HandoutStyles
    cell: list[Flowable] = [
        para("When to get help quickly", styles.box_heading),
        Spacer(1, 2 * mm),
        rich("<b>Contact a doctor the same day, or call emergency services, if:</b>", styles.body),
        *bullets(GET_HELP_TODAY, styles.bullet),
        Spacer(1, 1.5 * mm),
        rich("<b>See your doctor within a few days if:</b>", styles.body),
        *bullets(GET_HELP_SOON, styles.bullet),
    ]
    return _boxed(cell, width, border=CRITICAL)


def _appointment_box(data: HandoutData, width: float) -> Table:
    styles = HandoutStyles
    head = data.setup.letterhead
    lines: list[Flowable] = [para("Your next steps", styles.heading)]
    if data.next_appointment is not None:
        lines.append(
            rich(f"<b>Next appointment:</b> {long_date(data.next_appointment)}", styles.body)
        )
    else:
        lines.append(para("Please contact the clinic to book your next appointment.", styles.body))
    if data.review_date is not None:
        lines.append(
            rich(
                f"<b>We will check how you are getting on by:</b> {long_date(data.review_date)}",
                styles.body,
            )
        )
    if head.phone:
        lines.append(para(f"Questions? Call the clinic on {head.phone}.", styles.body))
    return _boxed(lines, width, background=SHADE)


def _boxed(
    content: list[Flowable], width: float, *, border: object = None, background: object = None
) -> Table:
    table = Table([[content]], colWidths=[width])
    commands: list[tuple[object, ...]] = [
        CELL_FONT,
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]
    if border is not None:
        commands.append(("BOX", (0, 0), (-1, -1), 1.6, border))
    if background is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), background))
    table.setStyle(TableStyle(commands))
    return table
