"""What the charts share: the date axis, the layout engine and the empty figure.

Dates are converted to matplotlib day numbers explicitly (rather than relying on the
unit converters), so bars, lines and limits all use the same numbers and tests can
compare them with :func:`day_number`.

matplotlib is imported inside the functions that draw, never at module level: the app
starts without it and loads it with the first chart (see tests of the start-up imports).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final, cast

from trochtrack.charts.style import ChartStyle
from trochtrack.wording.dates import day_month

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.dates import DateLocator
    from matplotlib.figure import Figure
    from PIL.Image import Image as PILImage

MIN_SPAN_DAYS: Final = 21
MARGIN_FRACTION: Final = 0.04
MINIMUM_DATE_TICKS: Final = 2
FEWEST_MOST_DATE_TICKS: Final = 4
"""With two to four ticks allowed (and the yearly step added below), matplotlib's locator
has an interval for every span; with at most three, 43 to 60 days had none."""
MAXIMUM_DATE_TICKS: Final = 8
DATE_TICK_ROOM_IN: Final = 0.8
"""The width a "20 Oct" tick label needs, with a gap, at the charts' small font."""


def day_number(day: date) -> float:
    """The x coordinate of ``day`` on every chart."""
    from matplotlib import dates

    # matplotlib.dates has no annotations; this is the signature it documents.
    return float(cast(Callable[[date], float], dates.date2num)(day))


def day_of(number: float) -> date:
    """The date at an x coordinate (the inverse of :func:`day_number`)."""
    from matplotlib import dates

    return cast(Callable[[float], datetime], dates.num2date)(number).date()


def date_limits(days: list[date]) -> tuple[float, float]:
    """X limits spanning ``days`` with a margin, never narrower than three weeks."""
    first, last = min(days), max(days)
    if (last - first).days < MIN_SPAN_DAYS:
        extra = timedelta(days=(MIN_SPAN_DAYS - (last - first).days) / 2)
        first, last = first - extra, last + extra
    margin = (last - first).days * MARGIN_FRACTION
    return day_number(first) - margin, day_number(last) + margin


def format_date_axis(
    axes: Axes, limits: tuple[float, float], style: ChartStyle, *, room_in: float
) -> None:
    """Put ``20 Oct`` ticks on ``axes`` within ``limits`` and name the year(s) below.

    ``room_in`` is the width the axes has (inches): a narrow panel gets fewer ticks, which
    would otherwise run into each other ("29 Aug1 Sep"). They are spaced evenly from the
    first day: aligned to the month's days, three weeks got a single tick.
    """
    from matplotlib import dates
    from matplotlib.ticker import FuncFormatter

    make_locator = cast(Callable[..., "DateLocator"], dates.AutoDateLocator)
    axes.set_xlim(*limits)
    most = max(FEWEST_MOST_DATE_TICKS, min(MAXIMUM_DATE_TICKS, int(room_in / DATE_TICK_ROOM_IN)))
    locator = make_locator(minticks=MINIMUM_DATE_TICKS, maxticks=most, interval_multiples=False)
    # With few ticks allowed, spans just short of the next coarser unit need longer steps
    # than matplotlib offers (19 months in four ticks: a year apart).
    intervals: dict[int, list[int]] = locator.intervald  # type: ignore[attr-defined]
    intervals[dates.MONTHLY] = [*intervals[dates.MONTHLY], 12]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: day_month(day_of(x))))
    first, last = day_of(limits[0]).year, day_of(limits[1]).year
    years = str(first) if first == last else f"{first}–{last}"
    axes.set_xlabel(years, fontsize=style.small_font_size)
    axes.tick_params(axis="x", labelsize=style.small_font_size)


def prepare_figure(fig: Figure) -> None:
    """Give ``fig`` constrained layout if it has none (a GUI canvas's own figure).

    The charts put their legends outside the axes, which only constrained layout
    makes room for.
    """
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")


def draw_message(fig: Figure, message: str, style: ChartStyle) -> None:
    """A figure that says, in words, why there is nothing to plot."""
    axes = fig.add_subplot()
    axes.set_gid("message")
    axes.set_axis_off()
    axes.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=style.font_size + 2,
        color="#555555",
        transform=axes.transAxes,
        wrap=True,
    )


def figure_image(fig: Figure, *, dpi: int) -> PILImage:
    """``fig`` drawn at ``dpi`` as an RGB image, the same pixels for the same figure.

    The pixels go to the PDF as they are, compressed once there: drawing to PNG first,
    as ``savefig`` does, meant an encode here and a decode in reportlab, and a second
    draw for the layout, about a third of a letter's time.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]  # matplotlib's backends are untyped
    width, height = canvas.get_width_height()
    rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    return Image.frombuffer("RGBA", (width, height), rgba).convert("RGB")
