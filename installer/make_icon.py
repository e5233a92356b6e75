"""Draw the app icon and write desktop/resources/icons/tonghop.ico (PNG images at 16..256 px).

Run once when the icon changes: python installer/make_icon.py
"""

import struct
import sys

from appinfo import ICON
from PySide6.QtCore import QBuffer, QByteArray, QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> bytes:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 16
    p.setBrush(QColor("#1e7145"))  # spreadsheet green
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(0.5 * s, 0.5 * s, 15 * s, 15 * s), 2.5 * s, 2.5 * s)
    p.setBrush(QColor("white"))
    p.drawRect(QRectF(3 * s, 3 * s, 10 * s, 10 * s))
    p.setPen(QPen(QColor("#1e7145"), max(1.0, 0.6 * s)))
    for k in (5.5, 8, 10.5):  # grid lines of a sheet
        p.drawLine(QLineF(3 * s, k * s, 13 * s, k * s))
    p.drawLine(QLineF(6 * s, 3 * s, 6 * s, 13 * s))
    if size >= 32:  # a sum sign on bigger sizes
        p.setPen(QColor("#c0392b"))
        font = QFont("DejaVu Sans", 1)
        font.setPixelSize(int(7 * s))
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(6 * s, 5.5 * s, 7 * s, 7.5 * s), Qt.AlignmentFlag.AlignCenter, "Σ")
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QBuffer.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data)


def main() -> None:
    QGuiApplication(sys.argv[:1] + ["-platform", "offscreen"])
    images = [draw(n) for n in SIZES]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for n, png in zip(SIZES, images, strict=True):
        out += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    ICON.parent.mkdir(parents=True, exist_ok=True)
    ICON.write_bytes(out + b"".join(images))
    print(ICON, len(out) + sum(map(len, images)), "bytes")


if __name__ == "__main__":
    main()
