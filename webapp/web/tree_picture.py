"""Where each box of the genealogy picture goes (presentation only: which
people are drawn, and what of them may be shown, is api.genealogy_picture's).

A tidy top-down layout: leaves side by side in order, each parent centred
over its recruits, one row per level, elbow lines from parent to recruit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

BOX_W, BOX_H = 168, 58      # one person's box
GAP_X, GAP_Y = 14, 46       # between boxes side by side / between levels
MARGIN = 12


@dataclass
class Box:
    row: dict
    x: float = 0.0
    y: float = 0.0
    kids: list[Box] = field(default_factory=list)


@dataclass
class Picture:
    boxes: list[Box]
    lines: list[tuple[float, float, float, float, float]]   # x1, y1, x2, y2, elbow y
    width: int
    height: int
    box_w: int = BOX_W
    box_h: int = BOX_H


def layout(rows: list[dict]) -> Picture | None:
    """Rows of api.genealogy_picture (the root first, parents before recruits)."""
    if not rows:
        return None
    boxes = {r["user_id"]: Box(r) for r in rows}
    root = boxes[rows[0]["user_id"]]
    for r in rows[1:]:
        parent = boxes.get(r["parent_id"])
        if parent is not None:
            parent.kids.append(boxes[r["user_id"]])

    next_x = [MARGIN]

    def place(box: Box, depth: int) -> None:
        box.y = MARGIN + depth * (BOX_H + GAP_Y)
        if not box.kids:
            box.x = next_x[0]
            next_x[0] += BOX_W + GAP_X
            return
        for kid in box.kids:
            place(kid, depth + 1)
        box.x = (box.kids[0].x + box.kids[-1].x) / 2

    place(root, 0)
    placed = list(boxes.values())
    lines = []
    for b in placed:
        for kid in b.kids:
            lines.append((b.x + BOX_W / 2, b.y + BOX_H, kid.x + BOX_W / 2, kid.y, b.y + BOX_H + GAP_Y / 2))
    width = int(max(b.x for b in placed) + BOX_W + MARGIN)
    height = int(max(b.y for b in placed) + BOX_H + MARGIN + 14)   # room for "+N more" under the last row
    return Picture(sorted(placed, key=lambda b: (b.y, b.x)), lines, width, height)
