"""The vocabulary's own facts: which alert codes are red flags."""

from trochtrack.domain.vocabulary import AlertCode


def test_the_red_flag_alerts_are_the_four_visit_red_flags():
    red_flags = {code for code in AlertCode if code.is_red_flag}
    assert red_flags == {
        AlertCode.RED_FLAG_INFECTION,
        AlertCode.RED_FLAG_FRACTURE,
        AlertCode.RED_FLAG_MALIGNANCY,
        AlertCode.RED_FLAG_NEUROLOGICAL,
    }
    assert not AlertCode.SYMPTOMS_WORSENING.is_red_flag  # urgent, but not a red flag
