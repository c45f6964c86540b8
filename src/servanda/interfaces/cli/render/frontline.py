"""Rendering of ``servanda frontline``: the area table, CSV, changed polygons, a static map, an offline HTML map, a plot.

The HTML map needs no network when viewed: the line, the changes and the outline are inlined as SVG paths
(an equirectangular view scaled by cos 48.5°), with a few lines of vanilla JavaScript for pan (drag), zoom
(wheel, buttons) and tooltips. matplotlib is imported only when a map or plot is written.

Example:
    >>> from servanda.services.frontline import frontline
    >>> out = frontline("examples/ukraine-2025/geometries/frontline")
    >>> "<svg" in html_map(out) and "http" not in html_map(out).split("<svg", 1)[1].replace("http://www.w3.org/2000/svg", "")
    True
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
from pathlib import Path
from typing import Any

from rich.table import Table
from shapely.geometry.base import BaseGeometry

from servanda.services.frontline import CSV_COLUMNS, REGION_CSV_COLUMNS, FrontlineResult

COLOURS = {
    "occupied": "#c0392b",
    "cadr_calr": "#8e2b20",
    "crimea": "#a93226",
    "unknown": "#9e9e9e",
    "liberated": "#2e86c1",
    "gained": "#6e0b0b",
    "lost": "#1abc9c",
    "outline": "#34495e",
}
_COS = math.cos(math.radians(48.5))


def _km2(value: float | str | None) -> str:
    return "" if value in (None, "") else f"{float(value):,.1f}"


def series_table(result: FrontlineResult) -> Table:
    """The area series: one row per snapshot; per category for raw snapshots."""
    categories = [
        c
        for c in ("occupied", "cadr_calr", "crimea", "unknown", "liberated")
        if any(c in r.areas for r in result.rows)
    ]
    raw = any(r.kind == "raw" for r in result.rows)
    table = Table(
        title="Occupied area by date (km², ellipsoidal)", caption=result.source, title_justify="left"
    )
    table.add_column("date")
    table.add_column("occupied km²", justify="right")
    table.add_column("Δ km²", justify="right")
    if raw:
        for c in categories:
            table.add_column(c, justify="right")
        table.add_column("era")
    previous: float | None = None
    for row in result.rows:
        total = row.occupied_km2
        delta = "" if previous is None else f"{total - previous:+,.1f}"
        cells = [row.date.isoformat(), _km2(total), delta]
        if raw:
            cells += [_km2(row.areas.get(c)) for c in categories] + [row.era]
        table.add_row(*cells)
        previous = total
    return table


def regions_table(result: FrontlineResult) -> Table:
    """Per region: its area, occupied km² on the first and last dates, the share, and the change.

    The change columns are the ``--changes`` gained/lost km² when asked, else the difference between the
    first and last dates of the range. A last row holds the occupied km² in no region, when there is any.
    """
    from servanda.analyses.frontline import OUTSIDE

    regions = result.regions
    assert regions is not None
    first, last = result.rows[0], result.rows[-1]
    table = Table(
        title=f"Occupied area by region (km², ellipsoidal), {first.date} → {last.date}",
        caption=f"{regions.file} (names: `{regions.field}`)",
        title_justify="left",
    )
    for name in ("region", "region km²", f"{first.date}", f"{last.date}", "share", f"Δ {first.date}→"):
        table.add_column(name, justify="left" if name == "region" else "right")
    by_name = {c.region: c for c in result.region_changes}
    if result.change is not None:
        c = result.change
        table.add_column(f"gained {c.before.date}→{c.after.date}", justify="right")
        table.add_column("lost", justify="right")
    for i, name in enumerate(regions.names):
        total = float(regions.km2[i])
        now = last.region_km2[i]
        cells = [
            name,
            _km2(total),
            _km2(first.region_km2[i]),
            _km2(now),
            f"{now / total:.1%}" if total > 0 else "",
            f"{now - first.region_km2[i]:+,.1f}",
        ]
        if result.change is not None:
            cells += [_km2(by_name[name].gained_km2), _km2(by_name[name].lost_km2)]
        table.add_row(*cells)
    rest = by_name.get(OUTSIDE)
    if first.outside_km2 > 0 or last.outside_km2 > 0 or rest is not None:
        cells = [OUTSIDE, "", _km2(first.outside_km2), _km2(last.outside_km2), "",
                 f"{last.outside_km2 - first.outside_km2:+,.1f}"]  # fmt: skip
        if result.change is not None:
            cells += [_km2(rest.gained_km2), _km2(rest.lost_km2)] if rest else ["0.0", "0.0"]
        table.add_row(*cells)
    return table


def change_lines(result: FrontlineResult) -> list[str]:
    """A few lines on the change between the two ``--changes`` dates."""
    c = result.change
    if c is None:
        return []
    parts = c.parts()
    lines = [
        f"changes {c.before.date} → {c.after.date}: gained {c.gained_km2:,.2f} km² "
        f"({sum(1 for p in parts if p[0] == 'gained')} polygons), lost {c.lost_km2:,.2f} km² "
        f"({sum(1 for p in parts if p[0] == 'lost')}), net {c.net_km2:+,.2f} km²",
    ]
    for side, part, km2 in parts[:5]:
        point = part.representative_point()
        lines.append(f"  {side:6} {km2:10,.2f} km² near {point.x:.3f} E {point.y:.3f} N")
    lines.append(f"  from {c.before.file}")
    lines.append(f"  to   {c.after.file}")
    return lines


def csv_text(result: FrontlineResult) -> str:
    """The area series as CSV (:data:`~servanda.services.frontline.CSV_COLUMNS`; with regions,
    :data:`~servanda.services.frontline.REGION_CSV_COLUMNS`)."""
    buffer = io.StringIO()
    columns = REGION_CSV_COLUMNS if result.regions is not None else CSV_COLUMNS
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(result.csv_rows())
    return buffer.getvalue()


def changes_geojson(result: FrontlineResult) -> dict[str, Any]:
    """The changed polygons (FeatureCollection), or the line's occupied area when no ``--changes`` was asked."""
    if result.change is not None:
        return result.change.to_geojson()
    from shapely.geometry import mapping

    line = result.line
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "category": category,
                    "date": line.date.isoformat(),
                    "area_km2": line.areas_km2()[category],
                },
                "geometry": mapping(geometry),
            }
            for category, geometry in line.categories.items()
            if category != "other"
        ],
    }


# -- static map and plot ---------------------------------------------------------------------------


def _polygons(geometry: BaseGeometry) -> list[Any]:
    return [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon" and not g.is_empty]


def write_map(path: Path, result: FrontlineResult) -> None:
    """A static map (PNG or SVG) of the line as of ``--to``, by category, with the changes if asked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, PathPatch
    from matplotlib.path import Path as MplPath

    from servanda.frontline import ukraine_outline

    def patch(polygon: Any, **style: Any) -> PathPatch:
        rings = [polygon.exterior, *polygon.interiors]
        vertices = [xy for ring in rings for xy in ring.coords]
        codes = [
            c
            for ring in rings
            for c in [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring.coords) - 2) + [MplPath.CLOSEPOLY]
        ]
        return PathPatch(MplPath(vertices, codes), **style)

    fig, ax = plt.subplots(figsize=(10, 7))
    for polygon in _polygons(ukraine_outline()):
        ax.add_patch(patch(polygon, facecolor="#f4f6f7", edgecolor=COLOURS["outline"], linewidth=0.6))
    handles = []
    for category, geometry in result.line.categories.items():
        if category == "other":
            continue
        colour = COLOURS.get(category, "#7f8c8d")
        for polygon in _polygons(geometry):
            ax.add_patch(patch(polygon, facecolor=colour, alpha=0.55, edgecolor=colour, linewidth=0.3))
        handles.append(
            Patch(color=colour, alpha=0.55, label=f"{category} {result.line.areas_km2()[category]:,.0f} km²")
        )
    if result.change is not None:
        for side, geometry in (("gained", result.change.gained), ("lost", result.change.lost)):
            for polygon in _polygons(geometry):
                ax.add_patch(patch(polygon, facecolor=COLOURS[side], edgecolor=COLOURS[side], linewidth=0.8))
        c = result.change
        handles.append(
            Patch(
                color=COLOURS["gained"],
                label=f"gained {c.before.date}→{c.after.date}: {c.gained_km2:,.1f} km²",
            )
        )
        handles.append(Patch(color=COLOURS["lost"], label=f"lost: {c.lost_km2:,.1f} km²"))
    ax.set_xlim(22, 41)
    ax.set_ylim(44, 53)
    ax.set_aspect(1 / _COS)
    ax.set_title(f"Front line on {result.line.date} ({Path(result.line.file).name})")
    ax.legend(handles=handles, loc="lower left", fontsize=8)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    fig.text(0.01, 0.01, "Data: DeepStateMap (via the series' source); outline: Natural Earth", fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_plot(path: Path, result: FrontlineResult) -> None:
    """A plot (PNG or SVG) of the occupied area by date; per category for raw snapshots."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5))
    dates: list[Any] = [r.date for r in result.rows]
    ax.plot(
        dates,
        [r.occupied_km2 for r in result.rows],
        marker="o",
        color=COLOURS["occupied"],
        label="occupied (total)",
    )
    if any(r.kind == "raw" for r in result.rows):
        for category in ("unknown", "liberated"):
            values = [r.areas.get(category, float("nan")) for r in result.rows]
            ax2 = ax.twinx() if category == "unknown" else None
            target = ax2 or ax
            target.plot(dates, values, marker=".", color=COLOURS[category], label=category)
            if ax2 is not None:
                ax2.set_ylabel("grey zone km²")
    ax.set_ylabel("km² (ellipsoidal)")
    ax.set_title(f"Occupied area, {dates[0]} to {dates[-1]}")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# -- offline HTML ----------------------------------------------------------------------------------


def _svg_path(geometry: BaseGeometry) -> str:
    """SVG path data in the view's coordinates (x = lon·cos 48.5°, y = −lat), 4 decimals."""
    out = []
    for polygon in _polygons(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            points = " L".join(f"{x * _COS:.4f},{-y:.4f}" for x, y in ring.coords)
            out.append(f"M{points}Z")
    return " ".join(out)


_SCRIPT = """
(function(){
 var svg=document.getElementById('map'),tip=document.getElementById('tip');
 var vb=svg.viewBox.baseVal,drag=null;
 function zoom(f,cx,cy){vb.x=cx-(cx-vb.x)*f;vb.y=cy-(cy-vb.y)*f;vb.width*=f;vb.height*=f;}
 function pt(e){var r=svg.getBoundingClientRect();return [vb.x+(e.clientX-r.left)/r.width*vb.width,vb.y+(e.clientY-r.top)/r.height*vb.height];}
 svg.addEventListener('wheel',function(e){e.preventDefault();var p=pt(e);zoom(e.deltaY<0?0.8:1.25,p[0],p[1]);});
 svg.addEventListener('mousedown',function(e){drag=[e.clientX,e.clientY];});
 window.addEventListener('mouseup',function(){drag=null;});
 svg.addEventListener('mousemove',function(e){
  if(drag){var r=svg.getBoundingClientRect();vb.x-=(e.clientX-drag[0])/r.width*vb.width;vb.y-=(e.clientY-drag[1])/r.height*vb.height;drag=[e.clientX,e.clientY];}
  var t=e.target.getAttribute('data-tip');
  if(t){tip.textContent=t;tip.style.display='block';tip.style.left=(e.pageX+12)+'px';tip.style.top=(e.pageY+12)+'px';}else{tip.style.display='none';}
 });
 document.getElementById('zin').onclick=function(){zoom(0.8,vb.x+vb.width/2,vb.y+vb.height/2);};
 document.getElementById('zout').onclick=function(){zoom(1.25,vb.x+vb.width/2,vb.y+vb.height/2);};
 var home=[vb.x,vb.y,vb.width,vb.height];
 document.getElementById('zhome').onclick=function(){vb.x=home[0];vb.y=home[1];vb.width=home[2];vb.height=home[3];};
})();
"""


def html_map(result: FrontlineResult) -> str:
    """A self-contained HTML page: the line as an inline SVG with pan, zoom and tooltips, and the area table."""
    from servanda.frontline import ukraine_outline

    layers = [
        f'<path d="{_svg_path(ukraine_outline())}" fill="#f4f6f7" stroke="{COLOURS["outline"]}" '
        'stroke-width="0.02" data-tip="Ukraine (Natural Earth 1:10m)"/>'
    ]
    areas = result.line.areas_km2()
    for category, geometry in result.line.categories.items():
        if category == "other":
            continue
        colour = COLOURS.get(category, "#7f8c8d")
        tip = f"{category} on {result.line.date}: {areas[category]:,.1f} km²"
        layers.append(
            f'<path d="{_svg_path(geometry)}" fill="{colour}" fill-opacity="0.55" stroke="{colour}" '
            f'stroke-width="0.01" data-tip="{html.escape(tip)}"/>'
        )
    if result.change is not None:
        c = result.change
        for side, part, km2 in c.parts():
            tip = f"{side} {c.before.date} → {c.after.date}: {km2:,.2f} km²"
            layers.append(
                f'<path d="{_svg_path(part)}" fill="{COLOURS[side]}" stroke="{COLOURS[side]}" '
                f'stroke-width="0.01" data-tip="{html.escape(tip)}"/>'
            )
    rows = "".join(
        f"<tr><td>{r.date}</td><td>{r.occupied_km2:,.1f}</td><td>{html.escape(Path(r.file).name)}</td></tr>"
        for r in result.rows
    )
    x0, x1, y0, y1 = 22 * _COS, 41 * _COS, -53.0, -44.0
    summary = json.dumps(result.to_json()["changes"]) if result.change else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Front line {result.line.date}</title>
<style>body{{font-family:sans-serif;margin:1em}}#map{{width:100%;height:70vh;border:1px solid #ccc;cursor:grab}}
#tip{{position:absolute;display:none;background:#fff;border:1px solid #888;padding:2px 6px;font-size:12px;pointer-events:none}}
table{{border-collapse:collapse;font-size:13px}}td,th{{border:1px solid #ddd;padding:2px 8px;text-align:right}}</style></head>
<body><h1>Front line on {result.line.date}</h1>
<p>Source: {html.escape(result.source)}. Areas: ellipsoidal km² (WGS84). Drag to pan, wheel to zoom.
<button id="zin">+</button> <button id="zout">−</button> <button id="zhome">reset</button></p>
<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f}" preserveAspectRatio="xMidYMid meet">
{chr(10).join(layers)}
</svg><div id="tip"></div>
<p>{html.escape(summary)}</p>
<table><tr><th>date</th><th>occupied km²</th><th>file</th></tr>{rows}</table>
<p><small>Data: DeepStateMap via the series' source (see its licence); outline: Natural Earth (public domain).
Not an authoritative boundary.</small></p>
<script>{_SCRIPT}</script></body></html>
"""
