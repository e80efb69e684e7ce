"""Crafted files for the upload fuzzing: a zip bomb and XML billion laughs inside an XLSX workbook."""

import io
import zipfile


def billion_laughs_xml(root):
    """An XML document whose entities expand to about 3 GB once resolved, as ``root``."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]><{root}>&a9;</{root}>'.encode()


def with_member(xlsx, name, content):
    """The workbook ``xlsx`` with its member ``name`` replaced by ``content``."""
    source, target = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return target.getvalue()


def billion_laughs_workbooks(xlsx):
    """``xlsx`` with a billion laughs in its sheet, in its workbook part and in its shared strings (when it has them), one file each."""
    parts = {"xl/worksheets/sheet1.xml": "worksheet", "xl/workbook.xml": "workbook", "xl/sharedStrings.xml": "sst"}
    present = zipfile.ZipFile(io.BytesIO(xlsx)).namelist()
    return [with_member(xlsx, name, billion_laughs_xml(root)) for name, root in parts.items() if name in present]


def zip_bomb():
    """A 50 MB sheet deflated to about 50 kB, under a workbook's name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 50_000_000 + b">")
    return buffer.getvalue()
