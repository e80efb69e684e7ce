"""Reading an uploaded spreadsheet: CSV (UTF-8 with or without BOM, or Windows-1252; comma or semicolon) or XLSX.

The file is checked before anything is read: extension, content matching the
extension, size. :class:`Table` gives its rows as ``(line, {column: cell
text})`` where ``line`` is the spreadsheet's row number, so that a report
points at the cell the user sees. The file is a binary stream (the storage's
open file) or bytes, and is never held whole in memory: CSV is checked, then
decoded, a chunk at a time as it is read; XLSX is read in streaming mode.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile

from django.utils.translation import gettext as _

from logis.exports import FORMULA_STARTS

EXTENSIONS = (".csv", ".xlsx")
#: A header starting so is the "problème" column an error file adds: ignored when the file comes back.
PROBLEM_PREFIX = "probleme"
#: A column mapping's value for a header to leave out.
IGNORED = "-"
ZIP_MAGIC = b"PK\x03\x04"
DECODE_CHUNK = 1 << 20
#: A workbook of text expands about ten times once unzipped; far beyond that it is a zip bomb, refused unread.
XLSX_MAX_RATIO = 100
XLSX_EXPANSION_FLOOR = 10 * 1024 * 1024


class FileRejected(ValueError):
    """The file cannot be read at all; the message says why, in French."""


def normalise_label(text):
    """Lower case, no accents, words joined by ``_``: how headers, labels and synonyms are compared."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def check_file(name, data, max_bytes, size=None):
    """Return ``"csv"`` or ``"xlsx"`` once extension, content and size agree; else :class:`FileRejected`.

    ``data`` may be the file's first kilobytes only (an upload screen checks
    before storing the file; a stream is checked so), ``size`` then the whole file's.
    """
    lower = (name or "").lower()
    extension = next((ext for ext in EXTENSIONS if lower.endswith(ext)), None)
    if extension is None:
        raise FileRejected(_("Seuls les fichiers .csv et .xlsx sont acceptés."))
    if not data:
        raise FileRejected(_("Le fichier est vide."))
    if (len(data) if size is None else size) > max_bytes:
        raise FileRejected(_("Le fichier dépasse la taille maximale de %(size)d Mo.") % {"size": max_bytes // (1024 * 1024)})
    is_zip = data.startswith(ZIP_MAGIC)
    if extension == ".xlsx" and not is_zip:
        raise FileRejected(_("Le fichier porte l'extension .xlsx mais n'est pas un classeur Excel."))
    if extension == ".csv" and (is_zip or b"\x00" in data[:4096]):
        raise FileRejected(_(
            "Le fichier porte l'extension .csv mais n'est pas un texte CSV lisible "
            "(classeur Excel renommé, ou encodage UTF-16 : enregistrez-le en « CSV UTF-8 »)."
        ))
    return extension[1:]


def binary_stream(data):
    """``data`` (bytes, or a binary file such as the storage's open file) as a stream read from its start."""
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    stream.seek(0)
    return stream


def _encoding(stream):
    """``(encoding, lines)``: UTF-8 (BOM or not), else Windows-1252, the two encodings spreadsheets write.

    Checked a chunk at a time, the file read once per encoding tried; the
    number of lines is counted on the way, for the progress bar.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        decoder, lines = codecs.getincrementaldecoder(encoding)(), 0
        stream.seek(0)
        try:
            while chunk := stream.read(DECODE_CHUNK):
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, lines
    raise FileRejected(_("Encodage du fichier non reconnu : enregistrez-le en « CSV UTF-8 » ou en « CSV (Windows) »."))


def _csv_rows(stream):
    """``(rows, lines)``: a reader decoding the file as it goes, comma or semicolon sniffed, and its number of lines."""
    encoding, lines = _encoding(stream)
    stream.seek(0)
    sample = stream.read(65536).decode(encoding, errors="ignore")[:16384]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,")
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        dialect = csv.excel
        if first_line.count(";") > first_line.count(","):
            dialect = type("semicolon", (csv.excel,), {"delimiter": ";"})
    stream.seek(0)
    return csv.reader(io.TextIOWrapper(stream, encoding=encoding, newline=""), dialect), lines


def _xlsx_rows(stream):
    """``(rows, lines)`` of the first sheet, read in streaming mode; formulas come as their text."""
    from openpyxl import load_workbook  # heavy, and only an XLSX file needs it

    _check_expansion(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except Exception:
        raise FileRejected(_("Le classeur Excel est illisible ou endommagé.")) from None
    sheet = workbook.worksheets[0]

    def rows():
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
        workbook.close()

    return rows(), sheet.max_row or 0


def _check_expansion(stream):
    """Refuse a workbook whose parts, as its zip directory declares them, unzip far beyond its size.

    Reading a part never yields more than its declared size (``zipfile``
    stops there), so the directory is enough to bound what openpyxl reads.
    Only the directory is read; the stream is put back at its start.
    """
    weight = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise FileRejected(_("Le classeur Excel est illisible ou endommagé.")) from None
    finally:
        stream.seek(0)
    if expanded > max(XLSX_EXPANSION_FLOOR, XLSX_MAX_RATIO * weight):
        raise FileRejected(_("Le classeur se décompresse en %(size)d Mo pour un fichier de %(weight)d ko : "
                             "refusé sans être lu (fichier piégé ou endommagé).") % {
            "size": expanded // (1024 * 1024), "weight": max(weight // 1024, 1)})


def _cell_text(value):
    """An XLSX cell as the text a CSV would hold: ISO dates (the date parser reads them), whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return str(value)


def raw_rows(name, data):
    """Every row of the file (bytes or binary stream) as the user wrote it, header first (for the error file)."""
    stream = binary_stream(data)
    rows, _lines = _csv_rows(stream) if name.lower().endswith(".csv") else _xlsx_rows(stream)
    return iter(rows)


def as_typed(text):
    """The formula guard read backwards: a cell the formula-safe writer prefixed with ``'`` reads as the user typed it."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


class Table:
    """A readable file: its header problems, and its rows keyed by canonical column.

    ``columns`` are the import's canonical column names, ``required`` those
    that must be present. ``mapping`` (``{normalised header: column}``) reads
    an organisation's own headers as canonical columns (:data:`IGNORED` leaves
    one out). ``labels`` gives back each column's header as the user wrote it,
    for the report; ``unknown`` lists the headers not understood. The
    "problème" column of an error file sent again is ignored.
    """

    def __init__(self, name, data, max_bytes, columns, required=(), mapping=None):
        stream = binary_stream(data)
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        kind = check_file(name, stream.read(4096), max_bytes, size)
        rows, lines = _csv_rows(stream) if kind == "csv" else _xlsx_rows(stream)
        mapping = mapping or {}
        self.known = tuple(columns)
        self.labels, self.unknown, self.columns, self.problems = {}, [], [], []
        self._rows = iter(rows)
        self.estimated_rows = max(lines - 1, 1)
        header = next(self._rows, None)
        if not header or not any(cell.strip() for cell in header):
            raise FileRejected(_("La première ligne du fichier doit contenir les en-têtes de colonnes."))
        seen = set()
        for raw in header:
            column = normalise_label(raw)
            column = mapping.get(column, column)
            if not column or column.startswith(PROBLEM_PREFIX) or column == IGNORED:
                self.columns.append(None)
                continue
            if column not in self.known:
                self.unknown.append(str(raw).strip())
                self.problems.append((1, str(raw).strip(), _("Colonne inconnue. Colonnes attendues : %(columns)s.") % {
                    "columns": ", ".join(self.known)}))
            elif column in seen:
                self.problems.append((1, column, _("Colonne présente deux fois.")))
            else:
                self.labels[column] = str(raw).strip()
            seen.add(column)
            self.columns.append(column)
        for column in required:
            if column not in seen:
                self.problems.append((1, column, _("Colonne obligatoire absente.")))

    def rows(self):
        """``(line, {column: text})`` for each non-empty row, cells stripped and read back through :func:`as_typed`.

        A line the CSV reader cannot read (a cell beyond its field limit, i.e.
        a runaway quote) refuses the file with its line number: what follows
        it cannot be trusted.
        """
        index, known = 1, frozenset(self.known)
        while True:
            index += 1
            try:
                cells = next(self._rows)
            except StopIteration:
                return
            except csv.Error as error:
                raise FileRejected(_(
                    "Ligne %(line)d illisible : une cellule dépasse %(size)d caractères ou un guillemet n'est pas fermé."
                ) % {"line": index, "size": csv.field_size_limit()}) from error
            cells = [cell.strip() for cell in cells]  # text already: the CSV reader's, or the workbook's through _cell_text
            if any(cells):
                # as_typed only for a cell starting with its quote: a call per cell is a tenth of reading a row
                yield index, {column: as_typed(cell) if cell[:1] == "'" else cell
                              for column, cell in zip(self.columns, cells) if column in known}
