"""Reading an uploaded PDF in a separate process, bounded in time and memory.

A small PDF can hold a content stream that takes minutes of CPU to turn into text, or
decompresses to gigabytes. The web process never reads one itself: it runs this module as a
child process (``read_pdf``) with a CPU limit, an address-space limit and a wall-clock timeout,
passing the bytes on standard input and reading JSON back. What does not finish in time is
reported as not read; the web process goes on.

The child also looks for what a document served from the site's own origin must not carry:
JavaScript, automatic or launch actions, embedded files, and HTML or script markup where a
PDF/HTML polyglot would put it.
"""

import io
import json
import re
import subprocess
import sys

# Names that make a PDF act rather than show: JavaScript, actions run on an event, launching
# programs, attached files, rich media and XFA forms (which carry scripts).
ACTIVE_NAMES = {
    b"JS": "JavaScript",
    b"JavaScript": "JavaScript",
    b"AA": "actions that run by themselves",
    b"Launch": "an action that launches a program",
    b"EmbeddedFile": "embedded files",
    b"EmbeddedFiles": "embedded files",
    b"RichMedia": "embedded media with scripts",
    b"XFA": "an XFA form (which carries scripts)",
}
# Actions an /OpenAction may not be (a destination, "open at page 1", is fine).
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/RichMediaExecute",
}
NAME = re.compile(rb"/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+)")
STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|img\s|meta\s)"
    rb"|javascript\s*:",
    re.IGNORECASE,
)
MAX_TEXT_CHARS = 300_000


def _decoded_name(raw):
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def active_content(data):
    """What in the PDF's dictionaries would make it act: a sorted list of descriptions."""
    found = set()
    outside_streams = STREAM_BODY.sub(b"stream endstream", data)
    for match in NAME.finditer(outside_streams):
        name = _decoded_name(match.group(1))
        if name in ACTIVE_NAMES:
            found.add(ACTIVE_NAMES[name])
    return found, outside_streams


def markup(data, outside_streams):
    """HTML or script markup where a browser sniffing the file would find it: the first
    kilobyte, anywhere outside the PDF's streams, or after its end."""
    return bool(MARKUP.search(data[:1024]) or MARKUP.search(outside_streams))


def _structure(reader, found):
    """Active content that object streams hide from a byte scan: the catalogue and pages."""
    from pypdf.generic import DictionaryObject

    for stream_number in set(number for number, _ in reader.xref_objStm.values()):
        stream = reader.get_object(stream_number)
        for match in NAME.finditer(stream.get_data()):
            name = _decoded_name(match.group(1))
            if name in ACTIVE_NAMES:
                found.add(ACTIVE_NAMES[name])
    root = reader.trailer["/Root"].get_object()
    action = root.get("/OpenAction")
    action = action.get_object() if action is not None else None
    if isinstance(action, DictionaryObject) and action.get("/S") in ACTIVE_ACTIONS:
        found.add("an action that runs when it opens")


def inspect(data, with_text):
    from pypdf import PdfReader

    result = {"problems": [], "markup": False, "encrypted": False}
    found, outside = active_content(data)
    result["markup"] = markup(data, outside)
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        result["encrypted"] = True
        return result
    _structure(reader, found)
    result["problems"] = sorted(found)
    result["page_count"] = len(reader.pages)
    try:
        metadata = reader.metadata
        title = str((metadata.title if metadata else "") or "")
    except Exception:  # noqa: BLE001  A damaged information dictionary: no title.
        title = ""
    result["title"] = " ".join(title.replace("\x00", "").split())[:500]
    if with_text:
        result["text"] = _text(reader)
    return result


def _text(reader):
    parts, length = [], 0
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001, S112  One unreadable page keeps the others' text.
            continue
        text = text.replace("\x00", "").strip()
        if text:
            parts.append(text)
            length += len(text) + 2
        if length >= MAX_TEXT_CHARS:
            break
    return "\n\n".join(parts)[:MAX_TEXT_CHARS]


class PdfReadTimeout(Exception):
    """The PDF could not be read within the time allowed."""


class PdfReadFailed(Exception):
    """The PDF could not be read: damaged, or over the memory allowed."""


def read_pdf(data, with_text=True, seconds=15, memory_mb=768):
    """Reads PDF bytes in a child process; returns its findings as a dict.

    Raises ``PdfReadTimeout`` past ``seconds`` (wall clock, and as much CPU), ``PdfReadFailed``
    if the child fails (a broken file, or more memory than ``memory_mb``).
    """
    limits = f"{int(seconds) + 1}:{int(memory_mb)}"
    try:
        completed = subprocess.run(  # noqa: S603  Our own module, our own interpreter.
            [
                sys.executable,
                "-m",
                "resources.pdf_reader",
                "text" if with_text else "check",
                limits,
            ],
            input=data,
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfReadTimeout from None
    if completed.returncode != 0:
        if completed.returncode in (-9, -24, 152):  # SIGKILL/SIGXCPU: out of CPU time.
            raise PdfReadTimeout
        raise PdfReadFailed(completed.stderr.decode("utf-8", "replace")[-2000:])
    return json.loads(completed.stdout)


def _child(mode, limits):
    import resource

    cpu, memory_mb = (int(part) for part in limits.split(":"))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read()
    result = inspect(data, with_text=mode == "text")
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
