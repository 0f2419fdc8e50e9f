"""A small writer of valid, text-extractable PDF files for the demo whitepapers."""

import textwrap


def _pdf_string(text):
    data = text.encode("cp1252", errors="replace")
    data = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + data + b")"


def _info_string(text):
    """A text string for the document information dictionary (UTF-16 with a BOM)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def build_pdf(title, paragraphs, author="AndOr"):
    """Return the bytes of a one-page A4 PDF with a title and wrapped paragraphs."""
    lines = [(18, title), (11, "")]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, width=88) or [""]:
            lines.append((11, line))
        lines.append((11, ""))

    content = [b"BT", b"/F1 18 Tf", b"56 780 Td"]
    previous_size = 18
    for index, (size, line) in enumerate(lines):
        if index:
            content.append(f"0 -{int(previous_size * 1.5)} Td".encode())
        if size != previous_size or index == 0:
            content.append(f"/F1 {size} Tf".encode())
        content.append(_pdf_string(line) + b" Tj")
        previous_size = size
    content.append(b"ET")
    stream = b"\n".join(content)

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title " + _info_string(title) + b" /Author " + _info_string(author) + b" >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
