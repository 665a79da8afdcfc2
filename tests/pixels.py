"""What the tests read from drawn pixels (charts, page images)."""

from PIL.Image import Image


def has_ink(image: Image) -> bool:
    """Whether anything darker than a light grey was drawn on the white background."""
    return image.convert("L").getextrema()[0] < 128
