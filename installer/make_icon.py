"""Write desktop/resources/icons/tonghop.ico (PNG images, 16 to 256 px) from the app's icon app.svg.

Run when app.svg changes: python installer/make_icon.py
"""

import struct
import sys

from appinfo import ICON
from PySide6.QtCore import QBuffer, QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = ICON.with_name("app.svg")
SIZES = (16, 24, 32, 48, 64, 128, 256)


def png(renderer: QSvgRenderer, size: int) -> bytes:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QBuffer.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data)


def main() -> None:
    QGuiApplication(sys.argv[:1] + ["-platform", "offscreen"])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        sys.exit(f"cannot read {SVG}")
    images = [png(renderer, n) for n in SIZES]
    out = struct.pack("<HHH", 0, 1, len(images))  # ICONDIR: reserved, type 1 = icon, count
    offset = 6 + 16 * len(images)
    for n, image in zip(SIZES, images, strict=True):  # ICONDIRENTRY: 256 is written as 0
        out += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    ICON.write_bytes(out + b"".join(images))
    print(ICON, len(out) + sum(map(len, images)), "bytes")


if __name__ == "__main__":
    main()
