"""A server-side SVG line chart of one instrument's scores over time: no JavaScript, a
<title> and <desc> for screen readers (role="img"), and the same figures as a table on
the page beside it."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from reintegra.core.dates import show_date

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 480, 220, 48, 16, 16, 40


def score_chart(*, title: str, points, low: float, high: float, chart_id: str) -> str:
    """``points``: [(date, score or None)] in date order; None (not valid) leaves a gap
    marker on the axis instead of a number."""
    span = (high - low) or 1.0
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    n = len(points)

    def x(i):
        return PAD_LEFT + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(value):
        return PAD_TOP + plot_h * (1 - (value - low) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="outcome-chart">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_describe(points))}</desc>',
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP}" x2="{PAD_LEFT}" y2="{PAD_TOP + plot_h}" '
        'stroke="#505a5f"/>',
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - PAD_RIGHT}" '
        f'y2="{PAD_TOP + plot_h}" stroke="#505a5f"/>',
    ]
    for value in (low, (low + high) / 2, high):
        parts.append(f'<text x="{PAD_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                     f'font-size="12" fill="#0b0c0c">{value:g}</text>')
    valid = [(i, v) for i, (_d, v) in enumerate(points) if v is not None]
    if len(valid) > 1:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in valid)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1d70b8" '
                     'stroke-width="3"/>')
    for i, (day, value) in enumerate(points):
        label = show_date(day)
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" text-anchor="middle" '
                     f'font-size="12" fill="#0b0c0c">{label}</text>')
        if value is None:
            parts.append(f'<text x="{x(i):.1f}" y="{PAD_TOP + plot_h - 6}" '
                         'text-anchor="middle" font-size="14" fill="#d4351c">×</text>')
        else:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="5" fill="#1d70b8"/>')
    parts.append("</svg>")
    return "".join(parts)


def _describe(points) -> str:
    words = []
    for day, value in points:
        shown = f"{value:g}" if value is not None else _("not valid")
        words.append(f"{show_date(day)}: {shown}")
    return "; ".join(words)
